using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.Extensions.DependencyInjection;

namespace AlkNavigator.BrowserTests;

[DatabaseTests]
public class AlertBoxBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "an alert box browser passphrase";

    [Fact]
    public async Task The_open_alert_box_is_a_labelled_region_that_fits_a_phone_passes_axe_and_goes_when_the_care_team_knows()
    {
        var page = await f.NewPageAsync(360, 740);
        var email = $"ab{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;
        var rid = Guid.Parse(recordUrl.Split('/').Last());
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.CareTeam.Add(new CareTeamMember { RecordId = rid, Role = "nurse", Name = "Oncology nurse line with a rather long name", Phone = "+44 20 7946 0000" });
            var c = new CheckIn { RecordId = rid, Status = CheckInStatus.Submitted, SubmittedUtc = DateTime.UtcNow.AddHours(-1), EnteredByEmail = email };
            db.CheckIns.Add(c);
            db.SymptomAlerts.Add(new SymptomAlert
            {
                RecordId = rid, CheckInId = c.Id, RuleId = "breathless-severe", Level = AlertLevels.Urgent, Term = "Shortness of breath", Score = 3,
                Heading = "Shortness of breath: severe", Change = "new", Message = "m", Basis = "b", CreatedUtc = DateTime.UtcNow.AddHours(-1),
                Action = "Call your care team now. If you cannot reach them, or you have trouble breathing or chest pain, call emergency services (911 in the US, 999 in the UK, 112 in the EU).",
            });
            await db.SaveChangesAsync();
        }

        foreach (var url in new[] { recordUrl, "/" })
        {
            await page.GotoAsync(url);
            var box = page.GetByRole(AriaRole.Region, new() { Name = "Urgent: symptoms that need your care team now" });
            Assert.Equal(1, await box.CountAsync());
            Assert.Contains("Shortness of breath: severe", await box.InnerTextAsync());
            Assert.Equal(1, await box.Locator("a[href='tel:+442079460000']").CountAsync());
            await page.AssertNoSeriousAxeViolationsAsync();
            await page.AssertNoHorizontalOverflowAsync();
        }

        await page.GotoAsync(recordUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "My care team knows" }).ClickAsync();
        await page.WaitForSelectorAsync(".alert-success");
        Assert.Equal(0, await page.Locator(".open-alert-box").CountAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
    }
}
