using AngleSharp.Dom;

namespace AlkNavigator.Tests.Record;

/// <summary>
/// The record's navigation in five sections (issue 14): the sections, then the current section's pages, each current one
/// marked with aria-current; and one disclosure menu for phones with every page, grouped, that works without script.
/// </summary>
[DatabaseTests]
public class RecordNavigationTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private static readonly string[] Sections = ["Overview", "My cancer", "Treatment & symptoms", "Schedule", "People & sharing"];

    private static string Text(IElement a) => a.ChildNodes.Where(n => n.NodeType == NodeType.Text).Aggregate("", (s, n) => s + n.TextContent).Trim();

    [Theory]
    [InlineData("", "Overview", "Overview")]
    [InlineData("/diagnosis", "My cancer", "Diagnosis")]
    [InlineData("/biomarkers", "My cancer", "Biomarkers")]
    [InlineData("/treatments", "Treatment & symptoms", "Treatments")]
    [InlineData("/symptoms", "Treatment & symptoms", "Symptoms and medication")]
    [InlineData("/schedule", "Schedule", "Monitoring schedule")]
    [InlineData("/questions", "Schedule", "Questions for my visit")]
    [InlineData("/careteam", "People & sharing", "Care team")]
    [InlineData("/sharing", "People & sharing", "Sharing")]
    public async Task Each_page_marks_its_section_and_itself(string path, string section, string page)
    {
        var doc = await w.Clients["owner"].GetDocumentAsync($"/record/{w.RecordId}{path}");
        var nav = doc.QuerySelector("nav.record-nav")!;
        var sections = nav.QuerySelectorAll(".record-sections > li > a").ToList();
        Assert.Equal(Sections, sections.Select(Text));
        var marked = Assert.Single(sections, a => a.GetAttribute("aria-current") != "false");
        Assert.Equal(section, Text(marked));
        // The section link (to the section's first page) is "page" on that page, "true" on the section's other pages.
        var first = new Dictionary<string, string> { ["Overview"] = "Overview", ["My cancer"] = "Diagnosis", ["Treatment & symptoms"] = "Treatments", ["Schedule"] = "Monitoring schedule", ["People & sharing"] = "Care team" };
        Assert.Equal(first[section] == page ? "page" : "true", marked.GetAttribute("aria-current"));

        var current = Assert.Single(nav.QuerySelectorAll(".record-pages a[aria-current=page]"));
        Assert.Equal(page, Text(current));
        Assert.Equal(section, nav.QuerySelector(".record-pages")!.GetAttribute("aria-label"));

        // Phones: one <details> menu naming where you are, with every section's pages and the current page marked.
        var menu = nav.QuerySelector("details.record-menu")!;
        Assert.Contains(section, menu.QuerySelector("summary")!.TextContent);
        Assert.Equal(Sections, menu.QuerySelectorAll(".record-menu-group").Select(p => p.TextContent.Trim()));
        Assert.Equal(page, Text(Assert.Single(menu.QuerySelectorAll("a[aria-current=page]"))));
        Assert.Null(doc.QuerySelector("script:not([src])"));
    }

    [Fact]
    public async Task The_phone_menu_groups_every_record_page_with_a_place_for_the_visit_and_the_second_opinion()
    {
        var rid = w.RecordId;
        var doc = await w.Clients["owner"].GetDocumentAsync($"/record/{rid}");
        var groups = doc.QuerySelectorAll("details.record-menu ul").ToDictionary(
            ul => doc.GetElementById(ul.GetAttribute("aria-labelledby")!)!.TextContent.Trim(),
            ul => ul.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!.Replace($"/record/{rid}", "")).ToList());
        Assert.Equal(["", "/card", "/transfer"], groups["Overview"]);
        Assert.Equal(["/diagnosis", "/sites", "/biomarkers", "/progressions", "/ecog", "/procedures"], groups["My cancer"]);
        Assert.Equal(["/treatments", "/symptoms", "/medicines", "/trials"], groups["Treatment & symptoms"]);
        Assert.Equal(["/schedule", "/questions", "/visit", "/plan"], groups["Schedule"]);
        Assert.Equal(["/careteam", "/sharing", "/second-opinion", "/activity"], groups["People & sharing"]);
        Assert.Equal(21, groups.Values.Sum(g => g.Count));

        // The activity log is the patient's own: a caregiver's menu leaves it out.
        var carer = await w.Clients["caregiver-manage"].GetDocumentAsync($"/record/{rid}");
        Assert.Null(carer.QuerySelector($"nav.record-nav a[href='/record/{rid}/activity']"));
    }

    [Theory]
    [InlineData("/learn")]
    [InlineData("/record/{rid}")]
    public async Task The_site_header_has_a_compact_menu_for_narrow_screens(string path)
    {
        var doc = await w.Clients["owner"].GetDocumentAsync(w.Url(path));
        var compact = doc.QuerySelector("header .site-compact")!;
        Assert.Equal("My record", compact.QuerySelector("a.compact-link")!.TextContent.Trim());
        var menu = compact.QuerySelector("details.site-menu")!;
        Assert.Equal("Menu", menu.QuerySelector("summary")!.TextContent.Trim());
        var links = menu.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Learn", "Search", "Trials", "My account"], links);
        Assert.NotNull(menu.QuerySelector("form[action='/account/logout'] button"));
        // Wide screens keep the full list, "My record" included.
        Assert.Contains("My record", doc.QuerySelectorAll("header nav.site-nav a").Select(a => a.TextContent.Trim()));

        var anonymous = await w.Clients["anonymous"].GetDocumentAsync("/learn");
        Assert.Equal("Log in", anonymous.QuerySelector("header .site-compact a.compact-link")!.TextContent.Trim());
        Assert.Equal(["Learn", "Search", "Trials", "Create account"], anonymous.QuerySelectorAll("header details.site-menu a").Select(a => a.TextContent.Trim()));

        var navigator = await w.Clients["navigator"].GetDocumentAsync("/learn");
        Assert.Contains("/navigator", navigator.QuerySelectorAll("header details.site-menu a").Select(a => a.GetAttribute("href")));
    }
}
