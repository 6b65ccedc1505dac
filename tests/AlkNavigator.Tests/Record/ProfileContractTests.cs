using System.Text;
using System.Text.Json;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Tests.Record;

/// <summary>
/// Issue 12, one patient-profile contract: every command that takes a profile reads it with the one reader (ProfileJson.Parse),
/// which checks the JSON Schema plus the cross-field rules, refuses what is not a profile ({}, a FHIR Bundle, an array) with the
/// same message everywhere, and gives every problem as FILE:LINE. Every profile the repository ships passes the schema.
/// </summary>
[DatabaseTests]
public class ProfileContractTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static string FixturesDir => Path.Combine(Repo.Root, "tests", "AlkNavigator.Tests", "Fixtures");

    /// <summary>Every profile fixture (profiles/, schedule/, symptoms/ less the check-in answers files, which are arrays).</summary>
    public static TheoryData<string> ProfileFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { "profiles", "schedule", "symptoms" })
            foreach (var file in Directory.GetFiles(Path.Combine(FixturesDir, dir), "*.json").Order(StringComparer.Ordinal))
                if (!Path.GetFileName(file).StartsWith("answers", StringComparison.Ordinal))
                    data.Add(Path.GetRelativePath(FixturesDir, file));
        return data;
    }

    private static void AssertSchemaValid(byte[] bytes, string what)
    {
        using var doc = JsonDocument.Parse(bytes);
        var results = ProfileJson.Schema.Evaluate(doc.RootElement, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        Assert.True(results.IsValid, $"{what}: " + string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))));
    }

    [Theory]
    [MemberData(nameof(ProfileFixtures))]
    public void Every_profile_fixture_passes_the_schema_and_the_reader(string fixture)
    {
        var bytes = File.ReadAllBytes(Path.Combine(FixturesDir, fixture));
        AssertSchemaValid(bytes, fixture);
        var import = ProfileJson.Parse(bytes, Today);
        Assert.True(import.IsValid, string.Join("; ", import.Problems));
    }

    [Fact]
    public void There_are_profile_fixtures_in_each_folder() =>
        Assert.True(ProfileFixtures().Count >= 9, "the fixture list is too short: " + ProfileFixtures().Count);

    [Fact]
    public void The_demo_patients_export_passes_the_schema_and_reads_back()
    {
        var record = DemoData.Build("demo-owner", Today);
        var bytes = ProfileJson.ExportBytes(record, Today);
        AssertSchemaValid(bytes, "demo export");
        var import = ProfileJson.Parse(bytes, Today);
        Assert.True(import.IsValid, string.Join("; ", import.Problems));
        Assert.Equal(record.Treatments.Count, import.Content.Treatments.Count);
    }

    [Fact]
    public void The_schema_is_draft_2020_12_and_refuses_a_FHIR_resource_and_wrong_types()
    {
        using var schema = JsonDocument.Parse(ProfileJson.SchemaText);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        foreach (var bad in new[] { """{ "resourceType": "Bundle" }""", """{ "ecog": "1" }""", """{ "therapies": [ { "agent": "x" } ] }""", "[]" })
        {
            using var doc = JsonDocument.Parse(bad);
            Assert.False(ProfileJson.Schema.Evaluate(doc.RootElement).IsValid, bad);
        }
    }

    [Theory]
    [InlineData("""{ "resourceType": "Bundle", "type": "collection", "entry": [] }""", ProfileInputKind.FhirBundle)]
    [InlineData("""{ "resourceType": "Patient", "id": "p1" }""", ProfileInputKind.FhirResource)]
    [InlineData("""[ { "age": 50 } ]""", ProfileInputKind.NotAnObject)]
    [InlineData("{}", ProfileInputKind.Profile)]
    [InlineData("""{ "age": 50 }""", ProfileInputKind.Profile)]
    public void Recognise_is_the_one_place_that_tells_a_profile_from_other_json(string json, ProfileInputKind kind)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(kind, ProfileJson.Recognise(doc.RootElement));
    }

    [Fact]
    public void A_schema_error_the_code_does_not_check_has_its_line_and_path()
    {
        // The extension's therapy details are left out (with a warning) when their count does not match; the schema still
        // checks their types, and the problem points at the line.
        var json = "{\n \"age\": 50,\n \"therapies\": [],\n \"alknav\": {\n  \"therapies\": [\n   { \"dose\": 5 }\n  ]\n }\n}\n";
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes(json), Today);
        var problem = Assert.Single(import.Problems);
        Assert.Equal(6, problem.Line);
        Assert.Equal("$.alknav.therapies[0].dose", problem.Path);
        Assert.EndsWith("(profile schema: type)", problem.Message);
    }

    [Fact]
    public void A_mistake_the_code_explains_is_reported_once_in_its_words()
    {
        var import = ProfileJson.Parse(Encoding.UTF8.GetBytes("{\n \"age\": \"50\",\n \"therapies\": [ { \"agent\": \"x\" } ]\n}\n"), Today);
        Assert.Equal(["$.age", "$.therapies[0].start"], import.Problems.Select(p => p.Path));
        Assert.Equal([2, 3], import.Problems.Select(p => p.Line));
        Assert.DoesNotContain(import.Problems, p => p.Message.Contains("profile schema", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- every CLI command that takes a profile

    private const string Bundle = """
        {
          "resourceType": "Bundle",
          "type": "collection",
          "entry": [ { "resource": { "resourceType": "Patient", "id": "p1", "gender": "female" } } ]
        }
        """;

    public static TheoryData<string, string> CommandsAndInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in new[] { "record import", "trials match", "schedule plan", "symptoms questionnaire", "symptoms triage", "interactions check" })
            foreach (var input in new[] { "empty", "bundle", "array" })
                data.Add(command, input);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandsAndInputs))]
    public async Task Each_profile_command_refuses_what_is_not_a_profile_with_the_message_and_exit_1(string command, string input)
    {
        var dir = Directory.CreateTempSubdirectory("alknav-contract-").FullName;
        var file = Path.Combine(dir, "patient.json");
        await File.WriteAllTextAsync(file, input switch { "empty" => "{}\n", "bundle" => Bundle, _ => """[ { "age": 50 } ]""" });
        var answers = Path.Combine(dir, "answers.json");
        await File.WriteAllTextAsync(answers, "[]");
        string[] args = command switch
        {
            "record import" => ["record", "import", "--user", "nobody@example.org", file, "--data", dir],
            "trials match" => ["trials", "match", "--patient", file, "--data", dir],
            "symptoms triage" => ["symptoms", "triage", "--patient", file, "--answers", answers],
            _ => [.. command.Split(' '), "--patient", file],
        };

        var r = await Repo.RunCliAsync(args);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var expected = input switch
        {
            "empty" => "The file has no patient profile content",
            "bundle" => "This FHIR Bundle has nothing that maps into the record",
            _ => "must be a JSON object ({ ... }), not an array: this is not a patient profile",
        };
        Assert.Contains($"{file}:1: $: {expected}", r.Stderr);
        Assert.Contains(command == "record import" ? "1 problem(s) found; nothing was imported." : $"{file}: not a valid patient profile (1 problem(s)).", r.Stderr);
        if (command == "record import") Assert.False(File.Exists(Path.Combine(dir, "alknav.db")), "a refused file must not touch the database");
    }

    [Theory]
    [InlineData("record import")]
    [InlineData("trials match")]
    [InlineData("schedule plan")]
    [InlineData("symptoms questionnaire")]
    [InlineData("interactions check")]
    public async Task Each_profile_command_gives_schema_and_rule_problems_as_FILE_LINE(string command)
    {
        var dir = Directory.CreateTempSubdirectory("alknav-contract-").FullName;
        var file = Path.Combine(dir, "patient.json");
        await File.WriteAllTextAsync(file, "{\n \"age\": 50,\n \"therapies\": [],\n \"alknav\": {\n  \"therapies\": [\n   { \"dose\": 5 }\n  ]\n },\n \"ecog\": 7\n}\n");
        string[] args = command switch
        {
            "record import" => ["record", "import", "--user", "nobody@example.org", file, "--data", dir],
            "trials match" => ["trials", "match", "--patient", file, "--data", dir],
            _ => [.. command.Split(' '), "--patient", file],
        };

        var r = await Repo.RunCliAsync(args);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{file}:6: $.alknav.therapies[0].dose: ", r.Stderr);
        Assert.Contains("(profile schema: type)", r.Stderr);
        Assert.Contains($"{file}:9: $.ecog: 7 is out of range (0 to 4)", r.Stderr);
        Assert.Contains($"{file}:5: $.alknav.therapies: warning: ", r.Stderr);
    }
}
