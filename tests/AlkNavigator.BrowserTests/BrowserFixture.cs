using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace AlkNavigator.BrowserTests;

/// <summary>The real app plus Debian's Chromium driven by Playwright (no browser download).</summary>
public class BrowserFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.StartAsync(clock: Clock);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("ALKNAV_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>The app's clock; null for the real one. A fixture whose pages depend on the date fixes it.</summary>
    protected virtual TimeProvider? Clock => null;

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // Twice Playwright's own 30 s: on a machine with a load average above 10 (two test runs and a build at once) a
        // redirect after a POST took more than 30 s, and a timeout here only costs time when a test is failing anyway.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// After the registration form was sent: waits for the "check your email" page, opens the link in the emailed
    /// confirmation like the person would, chooses the password there, checks that page with axe, and presses "Create my account".
    /// </summary>
    public async Task ConfirmRegistrationAsync(IPage page, string email, string password)
    {
        await page.WaitForURLAsync(u => u.Contains("/account/registerconfirmation", StringComparison.OrdinalIgnoreCase));
        await page.AssertNoSeriousAxeViolationsAsync();
        var link = await App.Smtp.ConfirmationLinkAsync(email);
        await page.GotoAsync(link);
        await page.Locator("[name='Input.Password']").FillAsync(password);
        await page.Locator("[name='Input.ConfirmPassword']").FillAsync(password);
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        // Creating the account hashes the password and signs in, and the page it goes to may be a record's first
        // visit: on a busy machine that took more than the default timeout. Poll the page's address (a polling
        // assertion cannot miss a navigation that committed between the click and the start of the wait, as an
        // event-based wait can) and, when it never changes, say what the page shows instead.
        try
        {
            await Assertions.Expect(page).Not.ToHaveURLAsync(
                new System.Text.RegularExpressions.Regex("/account/confirmregistration", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
                new() { Timeout = 90_000 });
        }
        catch (PlaywrightException)
        {
            Assert.Fail($"registration of {email} was not confirmed; the page at {page.Url} shows: {await page.Locator("main").InnerTextAsync()}");
        }
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}

public static class PageChecks
{
    /// <summary>Runs axe and fails listing every serious or critical violation.</summary>
    public static async Task AssertNoSeriousAxeViolationsAsync(this IPage page)
    {
        AxeResult result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe on {page.Url}:\n" + string.Join('\n', bad.Select(v =>
            $"- {v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(' ', n.Target)))})")));
    }

    /// <summary>Nothing sticks out sideways: the page itself never scrolls horizontally (wide tables scroll in their own box).</summary>
    public static async Task AssertNoHorizontalOverflowAsync(this IPage page)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= inner, $"{page.Url} is {scroll}px wide in a {inner}px viewport");
    }
}
