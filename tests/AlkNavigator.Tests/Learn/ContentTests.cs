using AlkNavigator.Features.Learn;

namespace AlkNavigator.Tests.Learn;

public class ContentTests
{
    private static readonly ContentStore Store = ContentStore.Load(Repo.ContentDir);

    [Fact]
    public void The_repository_content_passes_the_check()
    {
        var (_, problems) = ContentStore.Check(Repo.ContentDir);
        Assert.Empty(problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Content_check_command_exits_zero_on_the_shipped_content()
    {
        var r = await Repo.RunCliAsync("content", "check", Repo.ContentDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Content OK: 6 drugs", r.Stdout);
    }

    [Fact]
    public async Task Content_check_fails_naming_the_file_and_line_when_a_figure_cites_a_missing_source()
    {
        var dir = Repo.CopyTree(Repo.ContentDir);
        var file = Path.Combine(dir, "drugs", "lorlatinib.yaml");
        var lines = File.ReadAllLines(file);
        var figure = Array.FindIndex(lines, l => l.Contains("60% vs 8%"));
        Assert.True(figure >= 0, "the lorlatinib file has the CROWN 5-year figure");
        var index = Array.FindIndex(lines, figure, l => l.Contains("source:"));
        lines[index] = System.Text.RegularExpressions.Regex.Replace(lines[index], @"source:\s*[a-z0-9-]+", "source: no-such-source");
        File.WriteAllLines(file, lines);

        var r = await Repo.RunCliAsync("content", "check", dir);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"lorlatinib.yaml:{index + 1}: source 'no-such-source' is not in sources.yaml", r.Stderr);
    }

    [Fact]
    public void Check_reports_broken_internal_links_unknown_citations_and_bad_schema_with_lines()
    {
        var dir = Repo.CopyTree(Repo.ContentDir);
        var page = Path.Combine(dir, "pages", "monitoring.md");
        File.AppendAllText(page, "\nSee [nowhere](/learn/no-such-page) and this.[src:not-a-source]\n");
        var lineCount = File.ReadAllLines(page).Length;
        var drug = Path.Combine(dir, "drugs", "crizotinib.yaml");
        File.AppendAllText(drug, "\nfavouriteColour: blue\n");

        var (_, problems) = ContentStore.Check(dir);
        var text = problems.Select(p => p.ToString()).ToList();

        Assert.Contains(text, t => t.EndsWith($"monitoring.md:{lineCount}: link to '/learn/no-such-page' does not resolve to a Learn page, drug, /learn/compare or /learn/search"));
        Assert.Contains(text, t => t.EndsWith($"monitoring.md:{lineCount}: citation [src:not-a-source] names a source that is not in sources.yaml"));
        Assert.Contains(problems, p => p.File.EndsWith("crizotinib.yaml") && p.Message.Contains("favouriteColour"));
    }

    [Fact]
    public void A_missing_drug_and_a_fact_without_source_are_reported()
    {
        var dir = Repo.CopyTree(Repo.ContentDir);
        File.Delete(Path.Combine(dir, "drugs", "ensartinib.yaml"));
        var (_, problems) = ContentStore.Check(dir);
        Assert.Contains(problems, p => p.Message == "drug 'ensartinib' is missing (all six ALK TKIs are required)");

        var dir2 = Repo.CopyTree(Repo.ContentDir);
        var file = Path.Combine(dir2, "drugs", "alectinib.yaml");
        var lines = File.ReadAllLines(file).ToList();
        var i = lines.FindIndex(l => l.StartsWith("dose:"));
        lines[i] = "dose: { text: \"600 mg twice daily\", timesPerDay: 2 }";
        while (lines[i + 1].StartsWith(' ')) lines.RemoveAt(i + 1); // drop the block form's own lines
        File.WriteAllLines(file, lines);
        var (_, problems2) = ContentStore.Check(dir2);
        Assert.Contains(problems2, p => p.File.EndsWith("alectinib.yaml") && p.Line == i + 1 && p.Message.Contains("has no source"));
    }

    [Fact]
    public void All_six_tkis_are_present_with_their_generation()
    {
        var expected = new Dictionary<string, int> { ["crizotinib"] = 1, ["ceritinib"] = 2, ["alectinib"] = 2, ["brigatinib"] = 2, ["lorlatinib"] = 3, ["ensartinib"] = 2 };
        Assert.Equal(expected.Keys.Order(), Store.Drugs.Select(d => d.Id).Order());
        foreach (var d in Store.Drugs) Assert.Equal(expected[d.Id], d.Generation);
    }

    [Fact]
    public void Lorlatinib_states_100_mg_once_daily_and_crown_five_year_pfs_with_its_source()
    {
        var lor = Store.FindDrug("lorlatinib")!;
        Assert.Contains("100 mg once daily", lor.Dose.Text);
        var fig = Assert.Single(lor.Trial.Figures, f => f.Value.Contains("60% vs 8%"));
        Assert.Contains("5-year", fig.Label);
        var source = Store.Bibliography[Assert.Single(fig.SourceKeys)];
        Assert.Contains("PMC11458101", source.Url ?? source.Title);
    }

    [Fact]
    public void Every_fact_on_every_drug_has_a_source_in_the_bibliography()
    {
        foreach (var d in Store.Drugs)
            foreach (var item in d.AllSourced())
            {
                Assert.NotEmpty(item.SourceKeys);
                Assert.All(item.SourceKeys, k => Assert.True(Store.Bibliography.ContainsKey(k), $"{d.Id}: {k}"));
            }
    }

    [Fact]
    public void The_guide_topics_are_all_covered()
    {
        var text = string.Join(' ', Store.Pages.Select(p => p.Meta.Title + " " + string.Join(' ', p.Sections.Select(s => s.Title + " " + s.Text)))).ToLowerInvariant();
        foreach (var topic in new[] { "immunotherapy", "second opinion", "surgery", "radiation", "chemotherapy", "liquid biopsy", "g1202r", "progression-free survival", "clinical trial", "care team", "palliative", "checklist", "mri" })
            Assert.Contains(topic, text);
        Assert.All(Store.Pages, p => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", p.Meta.Reviewed));
    }

    [Fact]
    public void Search_finds_G1202R_on_the_resistance_page_first()
    {
        var hits = Store.Search.Query("G1202R");
        Assert.NotEmpty(hits);
        Assert.StartsWith("/learn/resistance", hits[0].Url);
        Assert.Contains("G1202R", hits[0].Snippet, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("grapefruit", "/learn/drugs/")]
    [InlineData("immunotherapy", "/learn/treatment-options")]
    [InlineData("pneumonitis", null)]
    public void Search_ranks_relevant_content(string query, string? expectedPrefix)
    {
        var hits = Store.Search.Query(query);
        Assert.NotEmpty(hits);
        if (expectedPrefix is not null) Assert.Contains(hits.Take(5), h => h.Url.StartsWith(expectedPrefix));
    }

    [Fact]
    public void Search_with_no_words_returns_nothing_rather_than_everything()
    {
        Assert.Empty(Store.Search.Query("  ?! "));
        Assert.Empty(Store.Search.Query("zzzzqqqq"));
    }
}
