namespace AlkNavigator.BrowserTests;

/// <summary>
/// Issue 11 in a browser on a phone: the Import and export page with an earlier version to restore (and a too large file),
/// and the schedule settings' choice of what the calendar link shows; axe clean, no horizontal scrolling at 360 px.
/// </summary>
[DatabaseTests]
public class DataSafetyBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a data safety browser passphrase";

    private async Task<string> RegisterAndOpenRecordAsync(IPage page)
    {
        var email = $"ds{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        return new Uri(page.Url).AbsolutePath;
    }

    /// <summary>Clicks a submit button and waits for the page its POST answers with (or redirects to) to load.</summary>
    private static async Task ClickAndLoadAsync(IPage page, ILocator button)
    {
        var before = await page.EvaluateAsync<double>("performance.timeOrigin");
        await button.ClickAsync();
        await page.WaitForFunctionAsync($"performance.timeOrigin !== {before.ToString(System.Globalization.CultureInfo.InvariantCulture)} && document.readyState === 'complete'");
    }

    private static async Task CheckAsync(IPage page)
    {
        foreach (var width in new[] { 360, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.AssertNoSeriousAxeViolationsAsync();
            await page.AssertNoHorizontalOverflowAsync();
        }
        await page.SetViewportSizeAsync(360, 900);
    }

    [Fact]
    public async Task Import_lists_an_earlier_version_that_restores_and_a_too_large_file_is_explained_on_the_page()
    {
        var page = await f.NewPageAsync(360, 900);
        var recordUrl = await RegisterAndOpenRecordAsync(page);
        var profile = System.Text.Encoding.UTF8.GetBytes("""
            {"sex": "female", "diagnosis": {"date": "2024-01-10", "stage": "IVB", "alk": {"status": "positive"}},
             "therapies": [{"line": 1, "agent": "alectinib", "start": "2024-02-01"}]}
            """);

        await page.GotoAsync($"{recordUrl}/transfer");
        await page.Locator("input[type=file][name=Upload]").SetInputFilesAsync(new FilePayload { Name = "profile.json", MimeType = "application/json", Buffer = profile });
        await page.Locator("input[type=checkbox][name=Confirm]").CheckAsync();
        await ClickAndLoadAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Check and import" }));
        Assert.Contains("Imported profile.json", await page.InnerTextAsync("main"));
        Assert.Equal(1, await page.Locator(".snapshot-list li").CountAsync());
        await CheckAsync(page);

        await ClickAndLoadAsync(page, page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Restore this version") }).First);
        Assert.Contains("Restored the version saved", await page.InnerTextAsync("main"));
        Assert.Equal(2, await page.Locator(".snapshot-list li").CountAsync());
        await CheckAsync(page);

        // A 5 MB file: the page says the limit next to the field and keeps the form.
        var big = new byte[5 * 1024 * 1024];
        Array.Fill(big, (byte)' ');
        await page.Locator("input[type=file][name=Upload]").SetInputFilesAsync(new FilePayload { Name = "scan.json", MimeType = "application/json", Buffer = big });
        await page.Locator("input[type=checkbox][name=Confirm]").CheckAsync();
        await ClickAndLoadAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Check and import" }));
        Assert.Contains("can be at most 1 MB", await page.InnerTextAsync("#upload-error"));
        Assert.True(await page.Locator("input[type=checkbox][name=Confirm]").IsCheckedAsync());
        await CheckAsync(page);
    }

    [Fact]
    public async Task The_schedule_settings_say_what_the_calendar_link_shows_and_let_the_patient_choose()
    {
        var page = await f.NewPageAsync(360, 900);
        var recordUrl = await RegisterAndOpenRecordAsync(page);
        await page.GotoAsync($"{recordUrl}/schedule/settings");
        Assert.Contains("Private", await page.InnerTextAsync("#feed-content-now"));
        await CheckAsync(page);

        await page.GetByLabel("Detailed: full titles and reasons", new() { Exact = false }).CheckAsync();
        await ClickAndLoadAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save what the link shows" }));
        Assert.Contains("Detailed", await page.InnerTextAsync("#feed-content-now"));
        await CheckAsync(page);
    }
}
