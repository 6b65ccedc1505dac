using System.Globalization;
using System.Text.Json;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Visit;

namespace AlkNavigator.Tests.Visit;

/// <summary>
/// Profiles written the way other people write them (Fixtures/visit-scenarios: brands and doses in the agent, case, combination
/// strings, mutation notations, site and stage spellings, missing ends), each read by the one profile reader and run through the
/// rules; expectations.json lists, per scenario, the question themes that must and must not appear. Themes are checked by the
/// questions' stable keys, never by wording. The day is fixed in the expectations file (no wall clock).
/// </summary>
public class VisitScenarioTests
{
    private static readonly string Dir = Path.Combine(Repo.Root, "tests", "AlkNavigator.Tests", "Fixtures", "visit-scenarios");
    private static readonly ResistanceTable Table = ResistanceTable.Load(Repo.ContentDir);
    private static readonly ContentStore Content = ContentStore.Load(Repo.ContentDir);
    private static readonly JsonElement Expectations = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "expectations.json"))).RootElement;
    private static readonly DateOnly Today = DateOnly.ParseExact(Expectations.GetProperty("today").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Keys of questions that are not about ALK (safety for any drug, due checks, alerts).</summary>
    private static bool NotAlkSpecific(string key) => key.StartsWith("alert:", StringComparison.Ordinal) || key.StartsWith("due:", StringComparison.Ordinal);

    /// <summary>A theme of the expectations file → does this key belong to it.</summary>
    private static Func<string, bool> Theme(string theme) => theme switch
    {
        "lorlatinib" => k => k == "next:lorlatinib",
        "second-generation" => k => k == "next:second-generation",
        "biopsy" => k => k == "resistance-test",
        "trials" => k => k == "trials",
        "resistance" => k => k.StartsWith("mutation:", StringComparison.Ordinal),
        "compound" => k => k == "mutation:compound",
        "off-target" => k => k.StartsWith("off-target:", StringComparison.Ordinal),
        "brain-drugs" => k => k == "brain-drugs",
        "brain-mri" => k => k == "brain-mri",
        "brain-local" => k => k == "brain-local",
        "immunotherapy-caution" => k => k == "immunotherapy",
        "second-opinion" => k => k == "second-opinion",
        "label-monitoring" => k => k.StartsWith("due:", StringComparison.Ordinal),
        "first-alk-drug" => k => k == "first-alk-drug",
        "adjuvant" => k => k == "adjuvant-alectinib",
        "alk-test" => k => k.StartsWith("alk-test", StringComparison.Ordinal),
        "side-effects-switch" => k => k == "next:after-side-effects",
        "next-after-stop" => k => k == "next:after-stop",
        "progression-plan" => k => k == "plan-ahead",
        "interaction" => k => k.StartsWith("interaction:", StringComparison.Ordinal),
        "alk-specific" => k => !NotAlkSpecific(k) && !k.StartsWith("interaction:", StringComparison.Ordinal),
        _ when theme.StartsWith("resistance:", StringComparison.Ordinal) => k => k == "mutation:" + theme["resistance:".Length..],
        _ when theme.StartsWith("off-target:", StringComparison.Ordinal) => k => k == theme,
        _ => throw new ArgumentException($"unknown theme \"{theme}\" in expectations.json"),
    };

    public static TheoryData<string> Scenarios => new(Expectations.GetProperty("scenarios").EnumerateObject().Select(p => p.Name));

    [Fact]
    public void Every_scenario_file_has_expectations_and_there_are_at_least_25()
    {
        var files = Directory.GetFiles(Dir, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Where(n => n != "expectations").Order().ToList();
        var listed = Expectations.GetProperty("scenarios").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(files, listed);
        Assert.True(files.Count >= 25, $"{files.Count} scenarios");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_gets_the_themes_it_must_and_none_it_must_not_each_a_sourced_question(string name)
    {
        var import = ProfileJson.Parse(File.ReadAllBytes(Path.Combine(Dir, name + ".json")), Today, requireContent: false);
        Assert.True(import.IsValid, $"{name}: the reader refused it: {string.Join("; ", import.Problems.Select(p => $"{p.Line}: {p.Path}: {p.Message}"))}");
        var questions = VisitQuestions.For(import.Content, Today, Table);
        var keys = questions.Select(q => q.Key).ToList();
        foreach (var q in questions)
        {
            Assert.Contains('?', q.Question);
            Assert.True(Content.Bibliography.ContainsKey(q.Source), $"{name}: {q.Key}: source {q.Source} is not in content/sources.yaml");
            // Inform, never instruct.
            Assert.DoesNotMatch(@"(?i)^(start|stop|switch|take|change|ask)\b", q.Question);
            Assert.DoesNotMatch(@"(?i)\byou should (start|stop|switch|take|change)\b", q.Why);
        }
        var e = Expectations.GetProperty("scenarios").GetProperty(name);
        var got = string.Join(", ", keys);
        foreach (var theme in e.GetProperty("present").EnumerateArray().Select(x => x.GetString()!))
            Assert.True(keys.Any(Theme(theme)), $"{name}: theme \"{theme}\" missing; got [{got}] ({e.GetProperty("note").GetString()})");
        foreach (var theme in e.GetProperty("absent").EnumerateArray().Select(x => x.GetString()!))
            Assert.False(keys.Any(Theme(theme)), $"{name}: theme \"{theme}\" must not appear; got [{got}] ({e.GetProperty("note").GetString()})");
    }
}
