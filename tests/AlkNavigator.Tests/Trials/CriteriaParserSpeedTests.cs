using System.Text.RegularExpressions;
using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// The criteria parser's speed-ups must not change what it reads: the bracket stripper (now a generated regex) gives exactly what the
/// uncached regex it replaced gave, on every eligibility item of the shipped studies and of the benchmark's long-text studies, and on edge cases.
/// (The per-item answers cached on CriteriaParser.Item are the same regexes on the same text, asked once.)
/// </summary>
public class CriteriaParserSpeedTests
{
    private static string Reference(string t) => Regex.Replace(t, @"\([^)]*\)", " ");

    public static TheoryData<string> EdgeCases() =>
    [
        "", "no brackets", "(", ")", "()", ")(", "a (b) c", "a (b c", "a b) c", "(a)(b)", "((a) b) c", "a (b (c) d) e", "x (y\nz) w",
        "open ( then (inner) and ) close", "(unclosed (closed)", "trailing (", "(1) (2) (3", "ALK (anaplastic lymphoma kinase)-positive",
    ];

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Strip_gives_what_the_regex_gave_on_edge_cases(string text) => Assert.Equal(Reference(text), CriteriaParser.Strip(text));

    [Fact]
    public void Strip_gives_what_the_regex_gave_on_every_item_of_the_shipped_and_the_benchmark_studies()
    {
        var rich = CtGovParser.ParseFile(Path.Combine(Repo.Root, "bench", "data", "rich-studies.json")).Trials;
        var texts = MatchingFixtures.Trials.Concat(rich)
            .SelectMany(t => CriteriaParser.Items(t).Select(i => i.Text).Append(t.Title ?? "").Append(t.EligibilityText ?? ""))
            .ToList();
        Assert.True(texts.Count > 2000, $"only {texts.Count} texts");
        Assert.Contains(texts, t => t.Contains('(', StringComparison.Ordinal));
        foreach (var t in texts) Assert.Equal(Reference(t), CriteriaParser.Strip(t));
    }
}
