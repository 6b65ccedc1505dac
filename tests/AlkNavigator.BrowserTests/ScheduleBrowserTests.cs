using Microsoft.Extensions.Time.Testing;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AlkNavigator.BrowserTests;

/// <summary>The monitoring schedule on a phone-sized screen: list, calendar, an item with a lab result typed by keyboard, results.</summary>
[DatabaseTests]
public class ScheduleBrowserTests(ScheduleBrowserTests.Fixture f) : IClassFixture<ScheduleBrowserTests.Fixture>
{
    /// <summary>Sunday 29 November 2026, noon UTC (in the past, so no "not in the future" check trips): "today" falls in the calendar's last column, the widest case at 360 px.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public sealed class Fixture : BrowserFixture
    {
        protected override TimeProvider? Clock { get; } = new FakeTimeProvider(Now);
    }

    private const string Password = "a schedule browser passphrase";

    [Fact]
    public async Task Schedule_list_calendar_item_and_results_are_accessible_on_a_phone()
    {
        var page = await f.NewPageAsync(360, 740);
        var email = $"sc{Guid.NewGuid():N}"[..14] + "@example.org";
        await page.GotoAsync("/account/register");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await f.ConfirmRegistrationAsync(page, email, Password);
        await page.GotoAsync("/record");
        await page.WaitForURLAsync("**/record/*");
        var recordUrl = new Uri(page.Url).AbsolutePath;
        var rid = Guid.Parse(recordUrl.Split('/').Last());

        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "alectinib", Dose = "600 mg", Start = today.AddDays(-40) });
            db.Sites.Add(new SiteObservation { RecordId = rid, Date = today.AddDays(-60), Site = "brain", Status = "active" });
            await db.SaveChangesAsync();
        }

        await page.GotoAsync($"{recordUrl}/schedule");
        Assert.True(await page.Locator("ul.sched-list li.sched-item").CountAsync() > 5);
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        await page.GotoAsync($"{recordUrl}/schedule?view=calendar");
        await page.Locator("table.sched-calendar caption").WaitForAsync();
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        await page.Locator("nav.sched-month-nav a").Last.ClickAsync();
        await page.WaitForURLAsync("**month=*");
        await page.Locator("table.sched-calendar caption").WaitForAsync();
        await page.AssertNoHorizontalOverflowAsync();

        // The next liver test: type a result with the keyboard only.
        Guid itemId;
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            itemId = (await db.MonitoringItems.Where(i => i.RecordId == rid && i.Kind == "lab:liver" && i.Status == ItemStatus.Planned).OrderBy(i => i.Due).FirstAsync()).Id;
        }
        await page.GotoAsync($"{recordUrl}/schedule/{itemId}");
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
        await page.Locator("#Result_Analyte").FocusAsync();
        await page.Locator("#Result_Analyte").SelectOptionAsync("ALT");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("160");
        await page.Locator("#Result_RefHigh").FocusAsync();
        await page.Keyboard.TypeAsync("40");
        await page.Locator("#result-form button[type=submit]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("main .alert[role=status]").WaitForAsync(); // the saved page's status message
        Assert.Contains("CTCAE grade 2", await page.InnerTextAsync(".sched-result-list"));
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        // An error keeps what was typed and is announced.
        await page.Locator("#Result_Value").FillAsync("lots");
        await page.Locator("#result-form button[type=submit]").ClickAsync();
        await page.Locator("main .alert-danger").WaitForAsync();
        Assert.Equal("lots", await page.Locator("#Result_Value").InputValueAsync());
        await page.AssertNoSeriousAxeViolationsAsync();

        await page.GotoAsync($"{recordUrl}/schedule/results");
        Assert.Equal(1, await page.Locator("svg.trend-chart[role=img]").CountAsync());
        await page.Locator("details.trend-data summary").First.ClickAsync();
        Assert.True(await page.Locator("details.trend-data table").First.IsVisibleAsync());
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();

        await page.GotoAsync("/");
        await page.Locator(".sched-due-box").WaitForAsync();
        await page.AssertNoSeriousAxeViolationsAsync();
        await page.AssertNoHorizontalOverflowAsync();
    }
}
