using Microsoft.Extensions.DependencyInjection;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace AlkNavigator.BrowserTests;

/// <summary>
/// Issue 14 in the browser, at 360 px and 1280 px, axe clean: recording a visit, preparing and printing the visit pack
/// (print media: no navigation, no buttons; and Chromium's own PDF), the second-opinion pack with the patient's summary, and
/// a read-only share link that opens only the pack and fails once turned off or expired.
/// </summary>
[DatabaseTests]
public class VisitPackBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a visit pack browser passphrase";

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task A_patient_records_a_visit_prints_the_pack_and_shares_a_read_only_link_that_stops_working(int width)
    {
        var page = await f.NewPageAsync(width, 900);
        var email = $"vp{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var record = await db.Records.SingleAsync(r => r.Owner!.Email == email);
            (record.DisplayName, record.BirthYear, record.AlkStatus, record.AlkMethod, record.Stage) = ("Robin Example", 1970, "positive", "FISH", "IVA");
            db.AddRange(
                new TreatmentLine { RecordId = record.Id, Agent = "alectinib", Dose = "600 mg", Start = today.AddYears(-3), End = today.AddMonths(-2), StopReason = "progression" },
                new TreatmentLine { RecordId = record.Id, Agent = "lorlatinib", Dose = "100 mg", Schedule = "once daily", Start = today.AddMonths(-2).AddDays(1) },
                new BiomarkerResult { RecordId = record.Id, Gene = "ALK", Alteration = "G1202R", Source = "liquid-biopsy", Date = today.AddMonths(-2) },
                new CareTeamMember { RecordId = record.Id, Role = "oncologist", Name = "Dr Rivera" });
            await db.SaveChangesAsync();
        }

        // Record a visit, with whom from the care team.
        await page.GotoAsync(recordUrl + "/questions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Visits and answers" }).ClickAsync();
        await page.WaitForURLAsync("**/visits");
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync(RecordSummary.IsoDate(today.AddDays(-14)));
        await page.GetByLabel("With someone on your care team").SelectOptionAsync(new SelectOptionValue { Label = "Dr Rivera (Oncologist)" });
        await page.GetByLabel("Notes", new() { Exact = true }).FillAsync("Scan stable; next scan in 3 months.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add visit", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/visits/*");
        await Expect(page.Locator("h1")).ToContainTextAsync("Visit of");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        await page.GotoAsync(recordUrl + "/visits");
        await Expect(page.Locator("table")).ToContainTextAsync("Dr Rivera");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        // Prepare the next visit: the pack, then printing it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Prepare the next visit: the visit pack to print" }).ClickAsync();
        await page.WaitForURLAsync("**/visit");
        var pack = page.Locator("article.pack");
        await Expect(pack).ToContainTextAsync("Robin Example, born 1970");
        await Expect(pack).ToContainTextAsync("Positive by FISH");
        await Expect(pack).ToContainTextAsync("lorlatinib 100 mg once daily");
        await Expect(pack).ToContainTextAsync("ALK G1202R");
        await Expect(pack).ToContainTextAsync($"Since the last visit on {RecordSummary.FormatDate(today.AddDays(-14))}");
        await Expect(page.Locator(".pack-questions li").First).ToContainTextAsync("Source");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".record-nav")).ToBeHiddenAsync();
        await Expect(page.Locator(".site-header")).ToBeHiddenAsync();
        await Expect(page.Locator(".pack-tools")).ToBeHiddenAsync();
        await Expect(pack).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("button:visible, .btn:visible, nav:visible").CountAsync());
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The second-opinion pack: the patient's own summary, then a read-only link.
        await page.GetByRole(AriaRole.Link, new() { Name = "Second-opinion pack" }).First.ClickAsync();
        await page.WaitForURLAsync("**/visit/second-opinion");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "My summary" }).FillAsync("Progressed on alectinib; I want to know about trials after lorlatinib.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save summary" }).ClickAsync();
        await Expect(page.Locator(".pack-own-summary")).ToContainTextAsync("trials after lorlatinib");
        await page.GetByLabel("The link works for").SelectOptionAsync("7");
        await page.GetByLabel("Who it is for (only you see this)").FillAsync("Dr Chen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a link" }).ClickAsync();
        var link = (await page.Locator("#new-share-url").TextContentAsync())!.Trim();
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        var reader = await f.NewPageAsync(width, 900); // another browser, signed out
        var opened = await reader.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        await Expect(reader.Locator("article.pack")).ToContainTextAsync("trials after lorlatinib");
        await Expect(reader.Locator("#pack-history")).ToBeVisibleAsync();
        Assert.Equal(0, await reader.Locator("nav, form").CountAsync());
        Assert.Equal(0, await reader.Locator("a[href^='/']").CountAsync());
        await reader.AssertNoSeriousAxeViolationsAsync();
        await reader.AssertNoHorizontalOverflowAsync();

        // Turned off: the same address now says so.
        await page.GotoAsync(recordUrl + "/visit/second-opinion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off the link Dr Chen" }).ClickAsync();
        await Expect(page.Locator(".share-item").First).ToContainTextAsync("Turned off");
        var gone = await reader.GotoAsync(link);
        Assert.Equal(410, gone!.Status);
        await Expect(reader.Locator("h1")).ToHaveTextAsync("This link has been turned off");
        Assert.Equal(0, await reader.Locator("article.pack").CountAsync());
        await reader.AssertNoSeriousAxeViolationsAsync();

        // Expired: a second link whose time is over.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a link" }).ClickAsync();
        var link2 = (await page.Locator("#new-share-url").TextContentAsync())!.Trim();
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var hash = AlkNavigator.Hosting.SecretTokens.Hash(new Uri(link2).Segments.Last());
            var share = await db.PackShares.SingleAsync(s => s.TokenHash == hash);
            share.ExpiresUtc = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }
        var expired = await reader.GotoAsync(link2);
        Assert.Equal(410, expired!.Status);
        await Expect(reader.Locator("h1")).ToHaveTextAsync("This link has expired");
        await reader.AssertNoSeriousAxeViolationsAsync();
        await reader.AssertNoHorizontalOverflowAsync();
    }
}
