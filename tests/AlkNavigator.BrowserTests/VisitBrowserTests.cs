using Microsoft.Extensions.DependencyInjection;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace AlkNavigator.BrowserTests;

/// <summary>"Questions for my visit" at 360 px: the record's questions, then the patient's own list, axe clean throughout.</summary>
[DatabaseTests]
public class VisitBrowserTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "a visit browser passphrase";

    [Fact]
    public async Task A_patient_reads_the_questions_from_the_record_and_keeps_their_own_list_at_360_px()
    {
        var page = await f.NewPageAsync(360, 900);
        var email = $"vq{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;

        // Progression on alectinib with a resistance mutation.
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var record = await db.Records.SingleAsync(r => r.Owner!.Email == email);
            record.AlkStatus = "positive";
            record.Stage = "IVA";
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            db.AddRange(
                new TreatmentLine { RecordId = record.Id, Agent = "alectinib", Start = today.AddYears(-3), End = today.AddMonths(-1), StopReason = "progression" },
                new BiomarkerResult { RecordId = record.Id, Gene = "ALK", Alteration = "I1171N", Source = "liquid-biopsy", Date = today.AddDays(-20) });
            await db.SaveChangesAsync();
        }

        await page.GotoAsync(recordUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Questions for my visit", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync("**/questions");
        await Expect(page.Locator("ol.visit-questions")).ToContainTextAsync("Is lorlatinib an option for me next");
        await Expect(page.Locator("ol.visit-questions")).ToContainTextAsync("I1171T/N/S");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        foreach (var q in new[] { "Can I keep working?", "What about my holiday in May?" })
        {
            await page.GetByLabel("Your question").FillAsync(q);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add question", Exact = true }).ClickAsync();
            await page.WaitForLoadStateAsync();
        }
        await Expect(page.Locator("ol.own-questions > li")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Move up question 2" }).ClickAsync();
        await Expect(page.Locator("ol.own-questions > li").First).ToContainTextAsync("holiday in May");

        await page.Locator("ol.own-questions > li").First.GetByLabel("Answer from the visit").FillAsync("Fine, take the medicine with you.");
        await page.Locator("ol.own-questions > li").First.GetByLabel("Asked at the visit").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save question 1" }).ClickAsync();
        await Expect(page.Locator("ol.own-questions > li").First).ToContainTextAsync("Asked");
        await Expect(page.Locator("ol.own-questions > li").First.GetByLabel("Answer from the visit")).ToHaveValueAsync("Fine, take the medicine with you.");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
    }
}
