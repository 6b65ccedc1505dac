namespace AlkNavigator.BrowserTests;

[DatabaseTests]
public class RecordBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a record browser passphrase";

    private async Task<string> RegisterAsync(IPage page, string prefix)
    {
        var email = $"{prefix}{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        return email;
    }

    private static async Task SubmitAsync(IPage page, string buttonText)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = buttonText, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal(0, await page.Locator(".field-validation-error").CountAsync());
    }

    private static string Ago(int months) => DateTime.UtcNow.AddMonths(-months).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_patient_records_diagnosis_two_lines_and_a_progression_then_a_view_only_caregiver_sees_it()
    {
        var page = await f.NewPageAsync(360, 900);
        await RegisterAsync(page, "pat");
        await page.GetByRole(AriaRole.Link, new() { Name = "My record" }).ClickAsync();
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;
        await page.AssertNoSeriousAxeViolationsAsync();

        // Diagnosis
        await page.GotoAsync($"{recordUrl}/diagnosis");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.Locator("[name='Input.DisplayName']").FillAsync("Sam Patient");
        await page.Locator("[name='Input.DiagnosisDate']").FillAsync(Ago(40));
        await page.Locator("[name='Input.Histology']").SelectOptionAsync("adenocarcinoma");
        await page.Locator("[name='Input.Stage']").SelectOptionAsync("IVB");
        await page.Locator("[name='Input.AlkStatus']").SelectOptionAsync("positive");
        await page.Locator("[name='Input.AlkMethod']").SelectOptionAsync("NGS");
        await SubmitAsync(page, "Save");

        // Two treatment lines: alectinib ended by progression, lorlatinib since.
        await page.GotoAsync($"{recordUrl}/treatments");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.Locator("[name='Input.Agent']").SelectOptionAsync("alectinib");
        await page.Locator("[name='Input.Dose']").FillAsync("600 mg");
        await page.Locator("[name='Input.Start']").FillAsync(Ago(39));
        await page.Locator("[name='Input.End']").FillAsync(Ago(3));
        await page.Locator("[name='Input.StopReason']").SelectOptionAsync("progression");
        await SubmitAsync(page, "Add treatment");
        await page.Locator("[name='Input.Agent']").SelectOptionAsync("lorlatinib");
        await page.Locator("[name='Input.Dose']").FillAsync("100 mg");
        await page.Locator("[name='Input.Start']").FillAsync(Ago(2));
        await SubmitAsync(page, "Add treatment");
        Assert.Equal(2, await page.Locator("main table tbody tr").CountAsync());

        // Progression with a resistance mutation.
        await page.GotoAsync($"{recordUrl}/progressions");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.Locator("[name='Input.Date']").FillAsync(Ago(3));
        await page.Locator("[name='Input.Where']").FillAsync("liver");
        await page.Locator("[name='Input.FoundBy']").SelectOptionAsync("scan");
        await SubmitAsync(page, "Add progression");
        await page.GotoAsync($"{recordUrl}/biomarkers");
        await page.Locator("[name='Input.Gene']").SelectOptionAsync("ALK");
        await page.Locator("[name='Input.Alteration']").FillAsync("G1202R");
        await page.Locator("[name='Input.Source']").SelectOptionAsync("liquid-biopsy");
        await page.Locator("[name='Input.Date']").FillAsync(Ago(3));
        await SubmitAsync(page, "Add result");

        await page.GotoAsync(recordUrl);
        var overview = await page.InnerTextAsync("main");
        Assert.Contains("lorlatinib", overview, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("G1202R", overview);
        Assert.Contains("liver", overview);
        await page.AssertNoSeriousAxeViolationsAsync();

        // Invite a view-only caregiver; the page shows the link too.
        await page.GotoAsync($"{recordUrl}/sharing");
        var caregiverPage = await f.NewPageAsync(360, 900);
        var caregiverEmail = await RegisterAsync(caregiverPage, "cg");
        await page.Locator("[name='Input.Email']").FillAsync(caregiverEmail);
        await page.Locator("[name='Input.Level']").SelectOptionAsync("view");
        await SubmitAsync(page, "Send invitation");
        var link = (await page.Locator("main code").First.InnerTextAsync()).Trim();
        Assert.Contains("/invitations/accept?token=", link);
        await page.AssertNoSeriousAxeViolationsAsync();

        await caregiverPage.GotoAsync(new Uri(link).PathAndQuery);
        await caregiverPage.AssertNoSeriousAxeViolationsAsync();
        await caregiverPage.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await caregiverPage.WaitForURLAsync($"**{recordUrl}");
        Assert.Contains("G1202R", await caregiverPage.InnerTextAsync("main"));

        // View only: the treatments are there, the forms are not.
        await caregiverPage.GotoAsync($"{recordUrl}/treatments");
        Assert.Contains("alectinib", await caregiverPage.InnerTextAsync("main"));
        Assert.Equal(0, await caregiverPage.Locator("main form[method=post] [name='Input.Agent']").CountAsync());
        await caregiverPage.AssertNoSeriousAxeViolationsAsync();

        // The patient sees the caregiver's reads in the activity log.
        await page.GotoAsync($"{recordUrl}/activity");
        Assert.Contains(caregiverEmail, await page.InnerTextAsync("main"));
    }

    [Fact]
    public async Task Every_record_page_is_axe_clean_and_fits_360_px()
    {
        var page = await f.NewPageAsync(360, 900);
        await RegisterAsync(page, "ax");
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;
        foreach (var section in new[] { "", "/diagnosis", "/treatments", "/sites", "/ecog", "/procedures", "/progressions", "/biomarkers", "/medicines", "/careteam", "/plan", "/card", "/sharing", "/activity", "/transfer" })
        {
            foreach (var width in new[] { 360, 1280 })
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.GotoAsync(recordUrl + section);
                Assert.Equal(1, await page.Locator("h1").CountAsync());
                await page.AssertNoSeriousAxeViolationsAsync();
                await page.AssertNoHorizontalOverflowAsync();
            }
        }
        await page.GotoAsync("/record/choose");
        await page.AssertNoSeriousAxeViolationsAsync();
    }
}
