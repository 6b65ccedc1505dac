using System.Text.Json;
using AlkNavigator.Features.Learn;

namespace AlkNavigator.Tests.Visit;

/// <summary>`alknav visit questions` as a user runs it: the CLI in process, no database.</summary>
public class VisitCliTests
{
    private static string Write(string json)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("alknav-visit-cli-").FullName, "profile.json");
        File.WriteAllText(file, json);
        return file;
    }

    private const string ProgressionOnAlectinib = """
        { "age": 58, "diagnosis": { "stage": "IVA", "alk": { "status": "positive", "method": "NGS" } },
          "metastases": [ { "site": "liver" } ],
          "therapies": [ { "line": 1, "agent": "alectinib", "start": "2022-03-01", "end": "2026-11-01", "stopReason": "progression" } ],
          "biomarkers": [ { "gene": "ALK", "alteration": "I1171N", "source": "liquid-biopsy", "date": "2026-11-10" } ] }
        """;

    [Fact]
    public async Task Json_has_exactly_question_why_source_and_every_source_exists()
    {
        var r = await Repo.RunCliWithEnvAsync(new Dictionary<string, string> { ["ALKNAV_Content__Directory"] = Repo.ContentDir },
            "visit", "questions", "--patient", Write(ProgressionOnAlectinib), "--today", "2026-12-07");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
        var items = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(items);
        var bibliography = ContentStore.Load(Repo.ContentDir).Bibliography;
        foreach (var i in items)
        {
            Assert.Equal(["question", "why", "source"], i.EnumerateObject().Select(p => p.Name));
            Assert.True(bibliography.ContainsKey(i.GetProperty("source").GetString()!), i.GetProperty("source").GetString());
        }
        var questions = items.Select(i => i.GetProperty("question").GetString()!).ToList();
        Assert.Contains(questions, q => q.Contains("lorlatinib"));
        Assert.Contains(items, i => i.GetProperty("source").GetString() == "lin-2017-table2" && i.GetProperty("why").GetString()!.Contains("I1171T/N/S"));
    }

    [Fact]
    public async Task The_program_finds_the_resistance_table_beside_itself()
    {
        var r = await Repo.RunCliAsync("visit", "questions", "--patient", Write(ProgressionOnAlectinib), "--today", "2026-12-07");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("I1171T/N/S", r.Stdout);
    }

    [Fact]
    public async Task Table_format_numbers_the_questions()
    {
        var r = await Repo.RunCliAsync("visit", "questions", "--patient", Write(ProgressionOnAlectinib), "--format", "table", "--today", "2026-12-07");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith(" 1. ", r.Stdout);
        Assert.Contains("    source: ", r.Stdout);
        Assert.Contains("question(s).", r.Stdout);
    }

    [Fact]
    public async Task An_ALK_negative_profile_gives_an_empty_list()
    {
        var r = await Repo.RunCliAsync("visit", "questions", "--patient", Write("""{ "age": 60, "diagnosis": { "stage": "IV", "alk": { "status": "negative" } } }"""));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("[]", r.Stdout.Trim());
    }

    [Theory]
    [InlineData("""{ "age": "sixty" }""", "not a valid patient profile")]
    [InlineData("""{ "age": 60,, }""", "not valid JSON")]
    public async Task A_bad_profile_is_explained_and_exits_non_zero(string json, string message)
    {
        var file = Write(json);
        var r = await Repo.RunCliAsync("visit", "questions", "--patient", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task A_missing_file_and_a_bad_date_are_explained()
    {
        var missing = await Repo.RunCliAsync("visit", "questions", "--patient", "/nonexistent/profile.json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);
        var date = await Repo.RunCliAsync("visit", "questions", "--patient", Write(ProgressionOnAlectinib), "--today", "07/12/2026");
        Assert.Equal(1, date.ExitCode);
        Assert.Contains("--today", date.Stderr);
        var format = await Repo.RunCliAsync("visit", "questions", "--patient", Write(ProgressionOnAlectinib), "--format", "xml");
        Assert.NotEqual(0, format.ExitCode);
    }
}
