namespace AlkNavigator.BrowserTests;

[DatabaseTests]
public class LearnBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string> LearnUrls()
    {
        var store = AlkNavigator.Features.Learn.ContentStore.Load(Path.Combine(AppContext.BaseDirectory, "content"));
        var data = new TheoryData<string> { "/", "/learn", "/learn/compare", "/learn/search?q=G1202R" };
        foreach (var p in store.Pages) data.Add(p.Url);
        foreach (var d in store.Drugs) data.Add(d.Url);
        return data;
    }

    [Theory]
    [MemberData(nameof(LearnUrls))]
    public async Task Learn_page_renders_at_360_and_1280_px_with_no_serious_axe_violations(string url)
    {
        foreach (var width in new[] { 360, 1280 })
        {
            var page = await f.NewPageAsync(width);
            var response = await page.GotoAsync(url);
            Assert.Equal(200, response!.Status);
            Assert.True(await page.Locator("h1").IsVisibleAsync(), $"{url} at {width}px shows its heading");
            await page.AssertNoHorizontalOverflowAsync();
            await page.AssertNoSeriousAxeViolationsAsync();
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_compare_page_fits_a_360_px_phone_as_cards_without_sideways_scrolling()
    {
        var page = await f.NewPageAsync(360);
        await page.GotoAsync("/learn/compare");
        await page.AssertNoHorizontalOverflowAsync();
        // The table's own box does not scroll sideways either (issue 14): rows are cards, one line per drug.
        var (scroll, client) = (await page.Locator(".compare-wrap").EvaluateAsync<int>("e => e.scrollWidth"),
            await page.Locator(".compare-wrap").EvaluateAsync<int>("e => e.clientWidth"));
        Assert.True(scroll <= client, $"the comparison is {scroll}px wide in its {client}px box");
        Assert.True(await page.Locator("table.compare thead").IsHiddenAsync());
        var firstRow = page.Locator("table.compare tbody tr").First;
        Assert.Equal("Generation", (await firstRow.Locator("th").InnerTextAsync()).Trim());
        var labels = await firstRow.Locator("td").EvaluateAllAsync<string[]>("cells => cells.map(c => getComputedStyle(c, '::before').content)");
        var names = await page.Locator("table.compare thead th a").EvaluateAllAsync<string[]>("links => links.map(a => a.textContent.trim())");
        Assert.Equal(6, names.Length);
        Assert.Equal(names.Select(n => $"\"{n}: \""), labels);
        // Every drug's own page is still one tap away.
        Assert.Equal(6, await page.Locator(".compare-drugs a[href^='/learn/drugs/']").CountAsync());
        await page.AssertNoSeriousAxeViolationsAsync();

        // On a wide screen it stays a table with the drugs as columns.
        var wide = await f.NewPageAsync(1280);
        await wide.GotoAsync("/learn/compare");
        Assert.True(await wide.Locator("table.compare thead").IsVisibleAsync());
    }

    [Fact]
    public async Task Search_finds_G1202R_on_the_resistance_page()
    {
        var page = await f.NewPageAsync(360);
        await page.GotoAsync("/learn");
        await page.GetByLabel("Search the knowledge base").FillAsync("G1202R");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync("**/learn/search?q=G1202R");
        var first = page.Locator("ol.results li a").First;
        Assert.StartsWith("/learn/resistance", await first.GetAttributeAsync("href"));
        await first.ClickAsync();
        await page.WaitForURLAsync("**/learn/resistance**");
        Assert.True(await page.Locator("table", new() { HasTextString = "G1202R" }).First.IsVisibleAsync());
    }

    [Fact]
    public async Task Keyboard_users_can_skip_to_the_content_and_reach_every_drug()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync("/learn");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        // Following the skip link changes the URL after the key press returns: wait for it rather than read it at once (a busy machine lost that race).
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#main$"));
        Assert.EndsWith("#main", page.Url);
        var reached = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var href = await page.EvaluateAsync<string?>("document.activeElement.getAttribute('href')");
            if (href?.StartsWith("/learn/drugs/") == true) reached.Add(href);
        }
        Assert.Equal(6, reached.Count);
    }

    [Fact]
    public async Task Lorlatinib_page_shows_dose_and_the_crown_figure_with_its_source()
    {
        var page = await f.NewPageAsync(360);
        await page.GotoAsync("/learn/drugs/lorlatinib");
        Assert.Contains("100 mg once daily", await page.InnerTextAsync("main"));
        var row = page.Locator("tr", new() { HasTextString = "60% vs 8%" });
        await row.Locator("a[href^='#src-']").First.ClickAsync();
        var target = page.Locator(":target");
        Assert.Contains("CROWN", await target.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
