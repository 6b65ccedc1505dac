namespace AlkNavigator.BrowserTests;

/// <summary>
/// Issue 14, "start well, find your way", in Chromium at a phone's and a laptop's width, axe-clean on every page:
/// registering, the first-use set-up (the browser's time zone offered, never UTC), the record, the first weekly check-in;
/// and on the phone the site menu and the record menu operated with the keyboard only.
/// </summary>
[DatabaseTests]
public class OnboardingBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "an onboarding browser passphrase";

    private static async Task CheckAsync(IPage page)
    {
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
    }

    private static async Task SaveAsync(IPage page, string nextStep)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await page.WaitForURLAsync($"**/welcome/{nextStep}");
        Assert.Equal(0, await page.Locator(".field-validation-error").CountAsync());
        await CheckAsync(page);
    }

    /// <summary>Tabs until the focused element matches <paramref name="selector"/>.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"document.activeElement && document.activeElement.matches({System.Text.Json.JsonSerializer.Serialize(selector)})")) return;
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }

    [Theory]
    [InlineData(360, 740)]
    [InlineData(1280, 900)]
    public async Task A_new_patient_registers_sets_up_and_sends_the_first_check_in(int width, int height)
    {
        // The browser says it is in Tokyo: the set-up offers that zone (the server runs on UTC).
        var context = await f.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = f.App.BaseUrl.ToString().TrimEnd('/'), ViewportSize = new ViewportSize { Width = width, Height = height }, TimezoneId = "Asia/Tokyo",
        });
        context.SetDefaultTimeout(60_000); // as BrowserFixture.NewPageAsync: busy machines
        var page = await context.NewPageAsync();
        var email = $"ob{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.WaitForURLAsync("**/welcome/who");
        await CheckAsync(page);

        await page.GetByLabel("I have ALK-positive lung cancer").CheckAsync();
        await SaveAsync(page, "diagnosis");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Robin");
        await page.GetByLabel("Stage").SelectOptionAsync("IVB");
        await page.GetByLabel("ALK result").SelectOptionAsync("positive");
        await SaveAsync(page, "treatment");
        await page.GetByLabel("Medicine").SelectOptionAsync("lorlatinib");
        await page.GetByLabel("Start date").FillAsync(DateTime.UtcNow.AddMonths(-2).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Dose").FillAsync("100 mg");
        await SaveAsync(page, "time");

        Assert.Equal("Asia/Tokyo", await page.GetByLabel("Time zone").InputValueAsync());
        Assert.Contains("Asia/Tokyo", await page.InnerTextAsync("#zone-detected"));
        Assert.Equal(1, await page.Locator("input[type=time]").CountAsync()); // lorlatinib: once a day
        await page.GetByLabel("Time of the daily dose").FillAsync("09:00");
        await SaveAsync(page, "people");
        await page.Locator("#Team_Name").FillAsync("Dr Onc");
        await page.Locator("#Team_Phone").FillAsync("+1 555 0100");
        await SaveAsync(page, "invite");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync("**/welcome/done");
        await CheckAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Go to my record" }).ClickAsync();
        // Poll the address and the text (a fresh-clone run once timed out waiting for this page's load event after its address
        // had already changed); the assertions retry until the record's overview shows.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/record/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        var recordUrl = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("You are set up", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("lorlatinib");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await CheckAsync(page);

        // The first weekly check-in, from the reminder on the overview: "None" everywhere, then send.
        await page.GetByRole(AriaRole.Link, new() { Name = "Start the check-in" }).ClickAsync();
        await page.WaitForURLAsync("**/symptoms/checkin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start check-in" }).ClickAsync();
        for (var steps = 1; ; steps++)
        {
            Assert.True(steps < 12, "too many steps");
            await page.Locator(".checkin-progress").WaitForAsync();
            if (steps == 1) await CheckAsync(page);
            if (await page.Locator("button[value=submit]").CountAsync() > 0)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
                await page.WaitForURLAsync("**/symptoms/checkins/*");
                break;
            }
            if (await page.Locator("input[name=Temperature]").CountAsync() > 0)
                await page.Locator("input[name=Temperature]").FillAsync("37.0");
            foreach (var gate in await page.Locator("fieldset[data-gate]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.gate)"))
                await page.Locator($"input[name='{gate}'][value='0']").CheckAsync();
            var url = page.Url;
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
            await page.WaitForURLAsync(u => u != url);
        }
        await CheckAsync(page);
        await context.CloseAsync();
        _ = recordUrl;
    }

    [Fact]
    public async Task On_a_phone_the_site_menu_and_the_record_menu_work_with_the_keyboard_alone()
    {
        var page = await f.NewPageAsync(360, 740);
        var email = $"kb{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.WaitForURLAsync("**/welcome/who");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop the set-up here" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/"); // no answer yet, so no record: home
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;

        // The header: "My record" in view, the rest behind "Menu"; the wide list is not displayed.
        Assert.False(await page.Locator("header nav.site-nav").IsVisibleAsync());
        Assert.True(await page.Locator("header .compact-link").IsVisibleAsync());
        Assert.False(await page.Locator("header details.site-menu a[href='/learn']").IsVisibleAsync());
        await page.Locator("body").FocusAsync();
        await TabToAsync(page, "header details.site-menu > summary");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.Locator("header details.site-menu a[href='/learn']").IsVisibleAsync());
        await CheckAsync(page);
        await page.Keyboard.PressAsync("Enter"); // closes it again
        Assert.False(await page.Locator("header details.site-menu a[href='/learn']").IsVisibleAsync());

        // The record: sections as one disclosure menu; open it, Tab to "Diagnosis", Enter.
        Assert.False(await page.Locator(".record-nav-wide").IsVisibleAsync());
        var summary = page.Locator("details.record-menu > summary");
        Assert.Contains("Overview", await summary.InnerTextAsync());
        await TabToAsync(page, "details.record-menu > summary");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.Locator("details.record-menu").GetAttributeAsync("open") is not null);
        await CheckAsync(page);
        await TabToAsync(page, $"details.record-menu a[href='{recordUrl}/diagnosis']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**{recordUrl}/diagnosis");
        Assert.Contains("My cancer", await page.Locator("details.record-menu > summary").InnerTextAsync());
        Assert.Equal("page", await page.Locator($"details.record-menu a[href='{recordUrl}/diagnosis']").GetAttributeAsync("aria-current"));
        await CheckAsync(page);

        // At a laptop's width the same page shows the five sections and the section's pages instead.
        await page.SetViewportSizeAsync(1280, 900);
        Assert.False(await page.Locator("details.record-menu").IsVisibleAsync());
        Assert.Equal(5, await page.Locator(".record-sections a:visible").CountAsync());
        Assert.Equal("page", await page.Locator(".record-sections a", new() { HasText = "My cancer" }).GetAttributeAsync("aria-current"));
        Assert.Equal("page", await page.Locator(".record-pages a", new() { HasText = "Diagnosis" }).GetAttributeAsync("aria-current"));
        await CheckAsync(page);
    }
}
