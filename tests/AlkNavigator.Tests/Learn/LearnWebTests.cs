using System.Net;
using System.Text.Json;

namespace AlkNavigator.Tests.Learn;

/// <summary>The Learn pages and JSON API served by the real host, on the database under test.</summary>
[DatabaseTests]
public class LearnWebTests : IClassFixture<AppFixture>
{
    private readonly AppFixture _f;
    public LearnWebTests(AppFixture f) => _f = f;

    [Fact]
    public async Task Home_links_to_learn_and_learn_lists_all_six_tkis()
    {
        using var client = _f.App.CreateClient();
        var home = await client.GetDocumentAsync("/");
        Assert.NotNull(home.QuerySelector("a[href='/learn']"));
        var learn = await client.GetDocumentAsync("/learn");
        foreach (var id in new[] { "crizotinib", "ceritinib", "alectinib", "brigatinib", "lorlatinib", "ensartinib" })
            Assert.NotNull(learn.QuerySelector($"a[href='/learn/drugs/{id}']"));
    }

    [Fact]
    public async Task Lorlatinib_page_states_the_dose_and_crown_5_year_pfs_with_its_source()
    {
        using var client = _f.App.CreateClient();
        var doc = await client.GetDocumentAsync("/learn/drugs/lorlatinib");
        Assert.Contains("100 mg once daily", doc.Body!.TextContent);
        var row = doc.QuerySelectorAll("#trial ~ div table tbody tr").Single(r => r.TextContent.Contains("60% vs 8%"));
        var sourceLink = row.QuerySelector("td a[href^='#src-']")!;
        var sourceItem = doc.GetElementById(sourceLink.GetAttribute("href")![1..])!;
        Assert.Contains("PMC11458101", sourceItem.InnerHtml);
        Assert.Contains("Last reviewed 2026-", doc.QuerySelector(".disclaimer")!.TextContent);
        Assert.Contains("not medical advice", doc.QuerySelector(".disclaimer")!.TextContent);
    }

    [Fact]
    public async Task Every_learn_page_renders_with_sources_a_reviewed_date_and_the_notice()
    {
        using var client = _f.App.CreateClient();
        var store = _f.App.Services.GetRequiredService<AlkNavigator.Features.Learn.ContentStore>();
        var urls = store.Pages.Select(p => p.Url).Concat(store.Drugs.Select(d => d.Url)).Append("/learn/compare").ToList();
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, url);
            var doc = Forms.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(doc.QuerySelectorAll("h1").Length == 1, $"{url} has one h1");
            Assert.True(doc.QuerySelectorAll("#sources ~ ol li").Length > 0, $"{url} lists its sources");
            Assert.Matches(@"Last reviewed \d{4}-\d{2}-\d{2}", doc.QuerySelector(".disclaimer")?.TextContent ?? "");
            foreach (var cite in doc.QuerySelectorAll("sup.cite a"))
                Assert.True(doc.GetElementById(cite.GetAttribute("href")![1..]) is not null, $"{url}: citation {cite.GetAttribute("href")} points at a listed source");
        }
    }

    [Fact]
    public async Task Compare_table_has_a_column_per_drug()
    {
        using var client = _f.App.CreateClient();
        var doc = await client.GetDocumentAsync("/learn/compare");
        var headers = doc.QuerySelectorAll("table.compare thead th").Skip(1).Select(th => th.QuerySelector("a")!.TextContent).ToList();
        Assert.Equal(6, headers.Count);
        Assert.Contains("Lorlatinib", headers);
        Assert.Contains(doc.QuerySelectorAll("table.compare tbody th"), th => th.TextContent == "Median PFS");
    }

    [Fact]
    public async Task Unknown_pages_and_drugs_are_404()
    {
        using var client = _f.App.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/learn/drugs/aspirin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/learn/no-such-topic")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/drugs/aspirin")).StatusCode);
    }

    [Fact]
    public async Task Search_page_finds_G1202R_on_the_resistance_page()
    {
        using var client = _f.App.CreateClient();
        var doc = await client.GetDocumentAsync("/learn/search?q=G1202R");
        var first = doc.QuerySelector("ol.results li a")!;
        Assert.StartsWith("/learn/resistance", first.GetAttribute("href"));
        Assert.Contains("G1202R", doc.QuerySelector("ol.results li mark")!.TextContent);
    }

    [Fact]
    public async Task Search_input_is_encoded_not_executed()
    {
        using var client = _f.App.CreateClient();
        var html = await client.GetStringAsync("/learn/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        Assert.DoesNotContain("<script>alert(1)</script>", html);
    }

    [Fact]
    public async Task Search_highlighting_keeps_the_markup_intact_for_any_words()
    {
        using var client = _f.App.CreateClient();
        var html = await client.GetStringAsync("/learn/search?q=G1202R+mark+quot+amp+lt");
        Assert.DoesNotContain("<<mark>", html);
        Assert.DoesNotContain("&<mark>", html);
        var doc = Forms.Parse(html);
        Assert.All(doc.QuerySelectorAll("ol.results mark"), m => Assert.Empty(m.Children));
        Assert.Contains(doc.QuerySelectorAll("ol.results mark"), m => m.TextContent == "G1202R");
    }

    [Fact]
    public async Task Api_drugs_returns_the_six_and_one_by_generic_name()
    {
        using var client = _f.App.CreateClient();
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/drugs"));
        Assert.Equal(6, list.RootElement.GetArrayLength());
        Assert.Contains(list.RootElement.EnumerateArray(), d => d.GetProperty("id").GetString() == "lorlatinib" && d.GetProperty("generation").GetInt32() == 3);

        using var lor = JsonDocument.Parse(await client.GetStringAsync("/api/drugs/lorlatinib"));
        var root = lor.RootElement;
        Assert.Equal("Lorbrena", root.GetProperty("brand").GetString());
        Assert.Contains("100 mg once daily", root.GetProperty("dose").GetProperty("text").GetString());
        var figure = root.GetProperty("trial").GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("value").GetString()!.Contains("60% vs 8%"));
        var key = figure.GetProperty("sources")[0].GetString();
        Assert.Contains(root.GetProperty("sources").EnumerateArray(), s => s.GetProperty("key").GetString() == key);
    }

    [Fact]
    public async Task Api_search_finds_G1202R_and_rejects_an_empty_query()
    {
        using var client = _f.App.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/search?q=G1202R"));
        Assert.StartsWith("/learn/resistance", doc.RootElement.GetProperty("results")[0].GetProperty("url").GetString());
        var empty = await client.GetAsync("/api/search?q=");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("q", await empty.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_learn_api()
    {
        using var client = _f.App.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/drugs", out _));
        Assert.True(paths.TryGetProperty("/api/drugs/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/search", out _));
    }
}

/// <summary>One app per test class, on the database under test.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public async Task InitializeAsync() => App = await TestApp.StartAsync();
    public async Task DisposeAsync() => await App.DisposeAsync();
}
