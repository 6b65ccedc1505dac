using AlkNavigator.Data;
using AlkNavigator.Features.Schedule;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace AlkNavigator.Tests.Schedule;

/// <summary>One app whose background loop is off, so each test drives the schedule reminder job itself at chosen instants.</summary>
public sealed class ScheduleReminderApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync(s =>
    {
        s["Schedule:Reminders:Enabled"] = "false";
        s["Symptoms:Reminders:Enabled"] = "false";
    });

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Email reminders before planned items, through a real SMTP server on loopback: sent once, from 09:00 in the patient's
/// zone on the day the lead time says (also across daylight-saving changes), never after the item's date, not for
/// done or skipped items, not without consent or SMTP, again when an item moves, and once across two instances.
/// </summary>
[DatabaseTests]
public class ScheduleRemindersTests(ScheduleReminderApp fixture) : IClassFixture<ScheduleReminderApp>
{
    private TestApp App => fixture.App;
    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    private List<MimeMessage> To(string email, SmtpSink? sink = null) =>
        (sink ?? App.Smtp).Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == email)).ToList();

    /// <summary>"Reminder: TITLE on DATE", read from the body (the subject is fixed and names neither).</summary>
    internal static string Summary(MimeMessage m)
    {
        Assert.Equal(ScheduleReminders.Subject, m.Subject);
        var match = System.Text.RegularExpressions.Regex.Match(m.TextBody ?? "", @"^(.*) is planned .*\((.*)\)\.");
        Assert.True(match.Success, m.TextBody);
        return $"Reminder: {match.Groups[1].Value} on {match.Groups[2].Value}";
    }

    private Task<int> Run(DateTime nowUtc) => ScheduleReminders.RunOnceAsync(App.Services, nowUtc, CancellationToken.None);

    private async Task<List<string>> KeysAsync(Guid rid)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.RemindersSent.Where(r => r.RecordId == rid && r.Kind == "schedule" && r.Channel == "email").Select(r => r.Key).ToListAsync()).Order().ToList();
    }

    [Fact]
    public async Task Reminder_is_sent_once_from_9am_local_lead_days_before_with_title_date_reason_and_link()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, leadDays: 2);
        var item = await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 12, 10), title: "Liver tests", reason: "Liver tests every 2 weeks at first (label).");

        await Run(Utc(2026, 12, 7, 10, 0));  // three days before: too early
        await Run(Utc(2026, 12, 8, 8, 59));  // the day, but before 09:00
        Assert.Empty(To(email));

        await Run(Utc(2026, 12, 8, 9, 0));
        await Run(Utc(2026, 12, 8, 9, 0));
        await Run(Utc(2026, 12, 8, 15, 0));
        await Run(Utc(2026, 12, 9, 10, 0));
        await Run(Utc(2026, 12, 10, 10, 0));
        var m = Assert.Single(To(email));
        Assert.Equal("Reminder: Liver tests on Thursday 10 December 2026", Summary(m));
        Assert.Contains("Liver tests every 2 weeks at first (label).", m.TextBody);
        Assert.Contains($"{App.BaseUrl.GetLeftPart(UriPartial.Authority)}/record/{rid}/schedule/{item.Id}", m.TextBody);
        Assert.Contains($"/record/{rid}/schedule/settings", m.TextBody);
        Assert.DoesNotContain(FeedsTestData.DisplayName, m.TextBody);
        Assert.DoesNotContain("IVB", m.TextBody);
        Assert.DoesNotContain("ALK", m.TextBody);

        Assert.Equal([$"{item.Id}/2026-12-10"], await KeysAsync(rid));
    }

    [Fact]
    public async Task A_patient_in_New_York_is_reminded_at_9am_local_in_the_weeks_either_side_of_the_autumn_clock_change()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, zone: "America/New_York", leadDays: 2);
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 10, 28), title: "CT scan");   // reminder Monday 26 Oct (EDT, UTC-4)
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 11, 4), title: "Brain MRI"); // reminder Monday 2 Nov (EST, UTC-5)

        await Run(Utc(2026, 10, 26, 2, 0));   // Sunday 22:00 in New York, already Monday in UTC
        await Run(Utc(2026, 10, 26, 12, 59)); // 08:59 EDT
        Assert.Empty(To(email));
        await Run(Utc(2026, 10, 26, 13, 0));  // 09:00 EDT
        Assert.Equal(["Reminder: CT scan on Wednesday 28 October 2026"], To(email).Select(Summary));

        await Run(Utc(2026, 11, 2, 3, 0));    // Sunday evening local
        await Run(Utc(2026, 11, 2, 13, 0));   // 08:00 EST (it would be 09:00 under daylight time)
        Assert.Single(To(email));
        await Run(Utc(2026, 11, 2, 14, 0));   // 09:00 EST
        Assert.Equal(["Reminder: CT scan on Wednesday 28 October 2026", "Reminder: Brain MRI on Wednesday 4 November 2026"], To(email).Select(Summary));
    }

    [Fact]
    public async Task A_patient_in_London_is_reminded_at_9am_local_on_the_day_the_clocks_go_forward_and_the_day_before()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, zone: "Europe/London", leadDays: 2);
        var (other, otherEmail) = await FeedsTestData.PatientAsync(App.Services, zone: "Europe/London", emailReminders: false);
        await FeedsTestData.ItemAsync(App.Services, other, new DateOnly(2026, 3, 30), title: "Someone else's");
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 3, 30), title: "Visit");     // reminder Saturday 28 Mar (GMT, UTC+0)
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 3, 31), title: "Lipids");    // reminder Sunday 29 Mar (BST from 01:00 UTC)

        await Run(Utc(2026, 3, 28, 8, 59));
        Assert.Empty(To(email));
        await Run(Utc(2026, 3, 28, 9, 0));    // 09:00 GMT
        Assert.Equal(["Reminder: Visit on Monday 30 March 2026"], To(email).Select(Summary));

        await Run(Utc(2026, 3, 29, 7, 59));   // 08:59 BST
        Assert.Single(To(email));
        await Run(Utc(2026, 3, 29, 8, 0));    // 09:00 BST
        Assert.Equal(["Reminder: Visit on Monday 30 March 2026", "Reminder: Lipids on Tuesday 31 March 2026"], To(email).Select(Summary));
        Assert.Empty(To(otherEmail));
    }

    [Fact]
    public async Task A_job_that_was_down_catches_up_on_the_due_day_but_never_reminds_after_it()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, leadDays: 3);
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 12, 9), title: "Yesterday's ECG");
        var today = await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 12, 10), title: "Today's blood pressure");

        await Run(Utc(2026, 12, 10, 8, 30)); // before 09:00: nothing, not even a catch-up at night
        Assert.Empty(To(email));
        await Run(Utc(2026, 12, 10, 11, 0));
        Assert.Equal(["Reminder: Today's blood pressure on Thursday 10 December 2026"], To(email).Select(Summary));
        Assert.Contains("planned today", To(email)[0].TextBody);
        await Run(Utc(2026, 12, 11, 10, 0));
        Assert.Single(To(email));
        Assert.Equal([$"{today.Id}/2026-12-10"], await KeysAsync(rid));
    }

    [Fact]
    public async Task Lead_time_zero_reminds_on_the_day_itself()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, leadDays: 0, zone: "Europe/London");
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 12, 10), title: "Visit");
        await Run(Utc(2026, 12, 9, 12, 0));
        Assert.Empty(To(email));
        await Run(Utc(2026, 12, 10, 9, 0));
        Assert.Single(To(email));
    }

    [Fact]
    public async Task No_reminder_for_done_or_skipped_items()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, leadDays: 2);
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 12, 10), ItemStatus.Done, title: "Done already");
        await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 12, 10), ItemStatus.Skipped, title: "Skipped");
        await Run(Utc(2026, 12, 8, 10, 0));
        await Run(Utc(2026, 12, 10, 10, 0));
        Assert.Empty(To(email));
        Assert.Empty(await KeysAsync(rid));
    }

    [Fact]
    public async Task No_reminder_when_email_reminders_are_off_or_there_are_no_schedule_settings()
    {
        var (off, offEmail) = await FeedsTestData.PatientAsync(App.Services, emailReminders: false);
        var (none, noneEmail) = await FeedsTestData.PatientAsync(App.Services, withSettings: false);
        await FeedsTestData.ItemAsync(App.Services, off, new DateOnly(2026, 12, 10));
        await FeedsTestData.ItemAsync(App.Services, none, new DateOnly(2026, 12, 10));
        await Run(Utc(2026, 12, 8, 10, 0));
        await Run(Utc(2026, 12, 10, 10, 0));
        Assert.Empty(To(offEmail));
        Assert.Empty(To(noneEmail));
    }

    [Fact]
    public async Task An_item_moved_to_a_later_date_is_reminded_again_for_its_new_date()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, leadDays: 2);
        var item = await FeedsTestData.ItemAsync(App.Services, rid, new DateOnly(2026, 12, 10), kind: "ct", title: "CT scan");
        await Run(Utc(2026, 12, 8, 9, 30));
        Assert.Single(To(email));

        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.MonitoringItems.SingleAsync(i => i.Id == item.Id);
            row.Due = new DateOnly(2026, 12, 24);
            row.Edited = true;
            await db.SaveChangesAsync();
        }
        await Run(Utc(2026, 12, 9, 10, 0));  // the old date's window: nothing more
        await Run(Utc(2026, 12, 21, 10, 0)); // three days before the new date: too early
        Assert.Single(To(email));
        await Run(Utc(2026, 12, 22, 9, 0));
        Assert.Equal(["Reminder: CT scan on Thursday 10 December 2026", "Reminder: CT scan on Thursday 24 December 2026"], To(email).Select(Summary));
        Assert.Equal([$"{item.Id}/2026-12-10", $"{item.Id}/2026-12-24"], await KeysAsync(rid));
    }

    [Fact]
    public async Task Nothing_is_sent_or_claimed_without_SMTP()
    {
        await using var app = await TestApp.StartAsync(s => s["Schedule:Reminders:Enabled"] = "false", smtp: false);
        var (rid, _) = await FeedsTestData.PatientAsync(app.Services);
        await FeedsTestData.ItemAsync(app.Services, rid, new DateOnly(2026, 12, 10));
        Assert.Equal(0, await ScheduleReminders.RunOnceAsync(app.Services, Utc(2026, 12, 8, 10, 0), CancellationToken.None));
        using var scope = app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().RemindersSent.CountAsync());
    }

    [Fact]
    public async Task A_failed_send_releases_the_claim_so_a_later_run_retries()
    {
        using var refusing = new RefusingPort(); // nothing listens here, and nothing else can take the port
        var port = refusing.Port;
        await using var app = await TestApp.StartAsync(s =>
        {
            s["Schedule:Reminders:Enabled"] = "false";
            s["Smtp:Port"] = port.ToString();
        });
        var (rid, _) = await FeedsTestData.PatientAsync(app.Services);
        await FeedsTestData.ItemAsync(app.Services, rid, new DateOnly(2026, 12, 10));
        Assert.Equal(0, await ScheduleReminders.RunOnceAsync(app.Services, Utc(2026, 12, 8, 10, 0), CancellationToken.None));
        using var scope = app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().RemindersSent.CountAsync(r => r.RecordId == rid));
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_send_exactly_one_email_per_reminder()
    {
        await using var first = await TestApp.StartAsync(s => s["Schedule:Reminders:Enabled"] = "false");
        await using var second = await TestApp.StartAsync(s =>
        {
            s["Schedule:Reminders:Enabled"] = "false";
            // The same database as the first instance, and the same mailbox.
            if (TestApp.IsPostgres) s["Database:ConnectionString"] = first.ConnectionString;
            else s["Database:ConnectionString"] = $"Data Source={Path.Combine(first.DataDirectory, "alknav.db")}";
            s["Smtp:Port"] = first.Smtp.Port.ToString();
        });

        var patients = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var (rid, email) = await FeedsTestData.PatientAsync(first.Services, zone: i % 2 == 0 ? "Europe/London" : "UTC", leadDays: 2);
            await FeedsTestData.ItemAsync(first.Services, rid, new DateOnly(2026, 12, 10), title: "Liver tests");
            await FeedsTestData.ItemAsync(first.Services, rid, new DateOnly(2026, 12, 9), kind: "visit", title: "Clinic visit");
            patients.Add(email);
        }
        // The second instance sees the first's data.
        using (var scope = second.Services.CreateScope())
            Assert.Equal(6, await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduleSettings.CountAsync(s => s.EmailReminders));

        var at = Utc(2026, 12, 8, 10, 0);
        var runs = Enumerable.Range(0, 3).SelectMany(_ => new[]
        {
            Task.Run(() => ScheduleReminders.RunOnceAsync(first.Services, at, CancellationToken.None)),
            Task.Run(() => ScheduleReminders.RunOnceAsync(second.Services, at, CancellationToken.None)),
        }).ToList();
        var sent = await Task.WhenAll(runs);

        Assert.Equal(12, sent.Sum());
        Assert.Empty(second.Smtp.Messages);
        foreach (var email in patients)
        {
            var got = To(email, first.Smtp).Select(Summary).Order().ToList();
            Assert.Equal(["Reminder: Clinic visit on Wednesday 9 December 2026", "Reminder: Liver tests on Thursday 10 December 2026"], got);
        }
    }

    [Fact]
    public async Task The_background_job_sends_on_its_own_at_the_configured_interval()
    {
        await using var app = await TestApp.StartAsync(s =>
        {
            s["Schedule:Reminders:IntervalSeconds"] = "1";
            s["Symptoms:Reminders:Enabled"] = "false";
        });
        // A zone where it is now between 10:00 and 22:00, with an item due today there.
        var now = DateTime.UtcNow;
        var offset = Enumerable.Range(-12, 27).First(h => now.AddHours(h).Hour is >= 10 and < 22);
        var zone = offset == 0 ? "Etc/UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}"; // Etc/GMT-5 is UTC+5
        var (rid, email) = await FeedsTestData.PatientAsync(app.Services, zone: zone, leadDays: 0);
        await FeedsTestData.ItemAsync(app.Services, rid, DateOnly.FromDateTime(now.AddHours(offset)), title: "Visit");
        var m = await app.Smtp.WaitForAsync(email, TimeSpan.FromSeconds(20));
        Assert.StartsWith("Reminder: Visit on ", ScheduleRemindersTests.Summary(m));
    }
}
