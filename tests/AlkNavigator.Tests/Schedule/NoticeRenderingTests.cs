using AlkNavigator.Data;
using AlkNavigator.Features.Schedule;

namespace AlkNavigator.Tests.Schedule;

/// <summary>Issue 14: one notice is a block of its own (a list of one reads "list, 1 item"); several are a list.</summary>
[DatabaseTests]
public class NoticeRenderingTests(FeedsApp fixture) : IClassFixture<FeedsApp>
{
    private TestApp App => fixture.App;

    private async Task GradeAsync(Guid rid, string analyte, decimal value, string unit, decimal? uln, int grade)
    {
        var item = await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 3, 2), ItemStatus.Done);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.MonitoringResults.Add(new MonitoringResult
        {
            RecordId = rid, ItemId = item.Id, Date = new DateOnly(2026, 3, 2), Analyte = analyte, Value = value, Unit = unit, RefHigh = uln, Grade = grade,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task One_lab_notice_is_not_a_list_and_two_are()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var url = $"/record/{rid}/schedule/results";

        await GradeAsync(rid, "ALT", 201, "U/L", 40, 3);
        var box = (await owner.GetDocumentAsync(url)).QuerySelector(".lab-notices")!;
        Assert.Null(box.QuerySelector("ul"));
        Assert.Null(box.QuerySelector("li"));
        Assert.Equal("ALT", Assert.Single(box.QuerySelectorAll(".lab-notice")).GetAttribute("data-analyte"));
        Assert.Contains("Contact your care team today", box.TextContent);

        await GradeAsync(rid, "platelets", 20, "10^9/L", null, 4);
        box = (await owner.GetDocumentAsync(url)).QuerySelector(".lab-notices")!;
        Assert.Equal(2, box.QuerySelectorAll("ul > li.lab-notice").Length);
    }

    [Fact]
    public async Task A_single_reminder_is_a_paragraph()
    {
        // A new record with no check-in: the weekly check-in is due, and that is the only reminder.
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var aside = (await owner.GetDocumentAsync($"/record/{rid}")).QuerySelector("aside.due-reminders")!;
        Assert.Null(aside.QuerySelector("ul"));
        Assert.Contains("weekly symptom check-in is due", Assert.Single(aside.QuerySelectorAll("p")).TextContent);
    }
}
