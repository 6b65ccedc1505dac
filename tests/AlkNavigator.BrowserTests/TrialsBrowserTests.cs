using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AlkNavigator.BrowserTests;

/// <summary>The trials pages in a real browser on the shipped catalogue: search, filters, a trial, matches, saving, annotating.</summary>
[DatabaseTests]
public class TrialsBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a trials browser passphrase";
    private const string Alk = "NCT05384626"; // NVL-655 phase 1/2, ALK-positive solid tumours (real study of the seed)

    private async Task<string> RegisterAsync(IPage page, string prefix)
    {
        var email = $"{prefix}{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        return email;
    }

    /// <summary>A navigator account made on the server (roles are staff-assigned), then signed in through the login page.</summary>
    private async Task<IPage> NavigatorAsync(int width)
    {
        var email = $"nav{Guid.NewGuid():N}"[..14] + "@example.org";
        using (var scope = f.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.Navigator);
        }
        var page = await f.NewPageAsync(width, 900);
        // Straight to the trials: a navigator's home ("/") is the /navigator workspace (issue 14), not what this test is about.
        await page.GotoAsync("/account/login?returnUrl=%2Ftrials");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        return page;
    }

    private static async Task CheckAsync(IPage page)
    {
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
    }

    private static async Task TabToAsync(IPage page, string selector, int max = 60)
    {
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"document.activeElement && document.activeElement.matches({System.Text.Json.JsonSerializer.Serialize(selector)})")) return;
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }

    [Fact]
    public async Task A_visitor_searches_filters_and_opens_a_trial_to_read_who_can_join_by_keyboard_only_at_360_px()
    {
        var page = await f.NewPageAsync(360, 800);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Trials", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync("**/trials");
        await CheckAsync(page);

        // Keyboard only: skip link, the words field, Enter submits the GET form.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "#q");
        await page.Keyboard.TypeAsync("ALK");
        await TabToAsync(page, "#status");
        await page.Locator("#status").SelectOptionAsync("RECRUITING"); // selects open with the keyboard natively; Playwright sets it
        await TabToAsync(page, "button[type=submit].btn");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("q=ALK") && u.Contains("status=RECRUITING"));
        await CheckAsync(page);
        Assert.Contains("match", await page.Locator("h2.trial-count").InnerTextAsync());

        // A filter narrows further; the URL carries it (shareable).
        await page.Locator("#country").SelectOptionAsync("Singapore");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search trials" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("country=Singapore"));
        await CheckAsync(page);

        await TabToAsync(page, $"a[href='/trials/{Alk}']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/trials/{Alk}");
        await CheckAsync(page);
        Assert.True(await page.Locator(".criteria-inclusion ol > li").CountAsync() > 0);
        Assert.True(await page.Locator(".criteria-exclusion ol > li").CountAsync() > 0);
        Assert.Equal(1, await page.Locator($"a[href='https://clinicaltrials.gov/study/{Alk}']").CountAsync());

        // An empty search says so.
        await page.GotoAsync("/trials?q=zzqqxxnothing");
        await CheckAsync(page);
        Assert.Contains("No trial matches", await page.InnerTextAsync("main"));

        // The default view says what the catalogue holds; "Show all studies" adds the off-topic ones, ALK studies still first.
        await page.GotoAsync("/trials");
        Assert.Contains("alknav trials sync", await page.InnerTextAsync(".trial-catalogue-note"));
        Assert.Contains("for ALK-positive lung cancer", await page.InnerTextAsync("h2.trial-count"));
        await page.GetByLabel("Show all studies").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search trials" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("all=true"));
        await CheckAsync(page);
    }

    [Fact]
    public async Task A_patient_sees_matches_saves_a_trial_and_finds_it_among_saved_trials()
    {
        var page = await f.NewPageAsync(360, 900);
        await RegisterAsync(page, "tp");
        await page.GetByRole(AriaRole.Link, new() { Name = "My record" }).ClickAsync();
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;

        await page.GotoAsync($"{recordUrl}/diagnosis");
        await page.Locator("[name='Input.DisplayName']").FillAsync("Sam Patient");
        await page.Locator("[name='Input.Stage']").SelectOptionAsync("IVB");
        await page.Locator("[name='Input.AlkStatus']").SelectOptionAsync("positive");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();

        // At 360 px the record's pages are in the phone menu (issue 14): open it, then follow "Trials".
        await page.Locator(".record-nav details.record-menu > summary").ClickAsync();
        await page.Locator(".record-nav").GetByRole(AriaRole.Link, new() { Name = "Trials" }).ClickAsync();
        await page.WaitForURLAsync($"**{recordUrl}/trials");
        await CheckAsync(page);
        await page.SetViewportSizeAsync(1280, 900);
        await CheckAsync(page);
        var counts = await page.Locator(".verdict-counts").InnerTextAsync();
        Assert.Contains("likely eligible", counts);
        Assert.Contains("possibly eligible", counts);

        // Open the best-placed ALK trial from the list (likely or possibly eligible), or the ALK trial if neither lists one.
        var first = page.Locator("section#likely li a, section#possibly li a").First;
        string title;
        if (await first.CountAsync() > 0)
        {
            title = (await first.InnerTextAsync()).Trim();
            await first.ClickAsync();
        }
        else
        {
            await page.GotoAsync($"/trials/{Alk}");
            title = (await page.Locator("h1").InnerTextAsync()).Trim();
        }
        await page.WaitForURLAsync("**/trials/NCT*");
        await CheckAsync(page);
        Assert.True(await page.Locator("#fit .verdict-label").CountAsync() == 1);
        Assert.True(await page.Locator("#fit .reason").CountAsync() > 0);

        // Keyboard only: Tab to the note, type it, Tab to the button, Enter.
        await TabToAsync(page, "textarea[name='Input.Note']", 200);
        await page.Keyboard.TypeAsync("Ask at the next visit");
        await TabToAsync(page, "#fit button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[role=status]").WaitForAsync();
        Assert.Contains("Saved", await page.Locator("[role=status]").InnerTextAsync());

        await page.GotoAsync($"{recordUrl}/trials");
        var saved = await page.Locator("#saved").InnerTextAsync();
        Assert.Contains(title, saved);
        Assert.Contains("Ask at the next visit", saved);
        await CheckAsync(page);

        // Not relevant trials are one link away.
        if (await page.GetByRole(AriaRole.Link, new() { Name = "Show the not relevant trials too" }).CountAsync() > 0)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Show the not relevant trials too" }).ClickAsync();
            await page.WaitForURLAsync("**all=true*");
            await CheckAsync(page);
        }
    }

    [Fact]
    public async Task A_navigator_annotates_a_trial_and_patients_see_the_summary()
    {
        var page = await NavigatorAsync(360);
        await page.GotoAsync($"/trials/{Alk}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Annotate this trial" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Edit the annotation" })).ClickAsync();
        await page.WaitForURLAsync($"**/trials/{Alk}/annotate");
        await CheckAsync(page);
        await page.Locator("[name='Input.PlainSummary']").FillAsync("A new ALK drug for people whose cancer grew on earlier ALK drugs.");
        await page.GetByLabel("Brain metastases").CheckAsync();
        await page.GetByLabel("Feature this trial", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save annotation" }).ClickAsync();
        await page.WaitForURLAsync($"**/trials/{Alk}");
        await CheckAsync(page);
        Assert.Contains("A new ALK drug for people whose cancer grew on earlier ALK drugs.", await page.Locator(".trial-plain").InnerTextAsync());

        var visitor = await f.NewPageAsync(1280, 900);
        await visitor.GotoAsync("/trials?category=brain-mets&sort=featured");
        Assert.Contains($"/trials/{Alk}", await visitor.Locator("ol.trial-results h3 a").First.GetAttributeAsync("href"));
        Assert.Equal(1, await visitor.Locator("ol.trial-results li").First.Locator(".badge-featured").CountAsync());
        await CheckAsync(visitor);
    }
}
