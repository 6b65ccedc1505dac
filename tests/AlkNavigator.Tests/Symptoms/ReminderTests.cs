using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>One app whose background loop is off, so each test drives the reminder job itself at chosen instants.</summary>
public sealed class ReminderApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync(s => s["Symptoms:Reminders:Enabled"] = "false");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Check-in and dose reminders by email, through a real SMTP server on loopback: each sent once, at the right
/// local time, never for marked doses or hours late, not without SMTP or consent, and once across two instances.
/// </summary>
[DatabaseTests]
public class ReminderTests(ReminderApp fixture) : IClassFixture<ReminderApp>
{
    private TestApp App => fixture.App;
    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    /// <summary>A patient with a record and symptom settings; optionally on a TKI since <paramref name="drugStart"/>.</summary>
    internal static async Task<(Guid RecordId, string Email)> PatientAsync(IServiceProvider services, string zone = "UTC", int checkInDay = 1,
        bool emailReminders = true, string? drug = null, DateOnly? drugStart = null, string? doseTimes = null)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        var email = $"patient-{Guid.NewGuid():N}@example.org";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, "a reminder test passphrase")).Succeeded);
        await users.AddToRoleAsync(user, Roles.Patient);
        var record = await access.GetOrCreateOwnAsync(user);
        record.DiagnosisDate = new DateOnly(2024, 5, 1);
        record.Stage = "IVB";
        record.AlkStatus = "positive";
        db.SymptomSettings.Add(new SymptomSettings { RecordId = record.Id, TimeZone = zone, CheckInDay = checkInDay, EmailReminders = emailReminders, DoseTimes = doseTimes });
        if (drug is not null) db.Treatments.Add(new TreatmentLine { RecordId = record.Id, Agent = drug, Start = drugStart ?? new DateOnly(2026, 1, 1) });
        await db.SaveChangesAsync();
        return (record.Id, email);
    }

    private static async Task SubmitCheckInAsync(IServiceProvider services, Guid recordId, DateTime submittedUtc)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.CheckIns.Add(new CheckIn { RecordId = recordId, Status = CheckInStatus.Submitted, StartedUtc = submittedUtc.AddMinutes(-3), SubmittedUtc = submittedUtc, EnteredByEmail = "x@example.org" });
        await db.SaveChangesAsync();
    }

    private static async Task MarkAsync(IServiceProvider services, Guid recordId, string drug, DateOnly date, int slot, string status = DoseStatus.Taken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DoseEntries.Add(new DoseEntry { RecordId = recordId, Drug = drug, LocalDate = date, Slot = slot, Status = status, MarkedByEmail = "x@example.org" });
        await db.SaveChangesAsync();
    }

    private List<MimeMessage> To(string email, string? subjectStart = null, SmtpSink? sink = null) =>
        (sink ?? App.Smtp).Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == email) && (subjectStart is null || (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal))).ToList();

    private Task<int> Run(DateTime nowUtc) => SymptomReminders.RunOnceAsync(App.Services, nowUtc, CancellationToken.None);

    [Fact]
    public async Task Checkin_due_email_is_sent_from_9am_on_the_due_day_once_even_when_the_job_runs_twice()
    {
        var (rid, email) = await PatientAsync(App.Services, checkInDay: 1); // Monday
        await Run(Utc(2026, 11, 30, 8, 59));
        Assert.Empty(To(email));

        await Run(Utc(2026, 11, 30, 9, 0));
        await Run(Utc(2026, 11, 30, 9, 0));
        await Run(Utc(2026, 11, 30, 15, 0));
        await Run(Utc(2026, 12, 1, 0, 30)); // after midnight: still only the one
        await Run(Utc(2026, 12, 2, 10, 0)); // later that week: not the due day, nothing new
        var m = Assert.Single(To(email));
        Assert.Equal("Your weekly symptom check-in is due", m.Subject);
        Assert.Contains($"{App.BaseUrl.GetLeftPart(UriPartial.Authority)}/record/{rid}/symptoms/checkin", m.TextBody);
        Assert.DoesNotContain("IVB", m.TextBody);
        Assert.DoesNotContain("ALK", m.TextBody);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.RemindersSent.SingleAsync(r => r.RecordId == rid);
        Assert.Equal(("checkin", "2026-11-30", "email"), (row.Kind, row.Key, row.Channel));
    }

    [Fact]
    public async Task No_checkin_email_when_a_checkin_was_submitted_in_the_last_7_days_and_one_when_it_is_older()
    {
        var (rid, email) = await PatientAsync(App.Services, checkInDay: 1);
        await SubmitCheckInAsync(App.Services, rid, Utc(2026, 11, 25, 18, 0)); // Wednesday before
        await Run(Utc(2026, 11, 30, 10, 0));
        Assert.Empty(To(email));
        await Run(Utc(2026, 12, 7, 10, 0)); // a week later, the Wednesday check-in is 12 days old
        Assert.Single(To(email));
    }

    [Fact]
    public async Task No_email_when_email_reminders_are_off()
    {
        var (_, email) = await PatientAsync(App.Services, emailReminders: false, drug: "alectinib", doseTimes: "08:00,20:00");
        await Run(Utc(2026, 11, 30, 8, 0));
        await Run(Utc(2026, 11, 30, 10, 0));
        Assert.Empty(To(email));
    }

    [Fact]
    public async Task Dose_reminder_is_sent_once_when_the_dose_falls_due_not_before_not_for_marked_doses_and_not_hours_later()
    {
        var (rid, email) = await PatientAsync(App.Services, drug: "alectinib", drugStart: new DateOnly(2026, 11, 1), doseTimes: "08:00,20:00", zone: "Europe/London");
        var today = new DateOnly(2026, 11, 30);

        await Run(Utc(2026, 11, 30, 7, 59));
        Assert.Empty(To(email, "Dose reminder"));

        await Run(Utc(2026, 11, 30, 8, 0));
        await Run(Utc(2026, 11, 30, 8, 30));
        var m = Assert.Single(To(email, "Dose reminder"));
        Assert.Equal("Dose reminder: 08:00", m.Subject);
        Assert.Contains($"/record/{rid}/symptoms/medication", m.TextBody);
        Assert.DoesNotContain("alectinib", m.TextBody);

        // The evening dose was marked before it fell due: no reminder.
        await MarkAsync(App.Services, rid, "alectinib", today, 1);
        await Run(Utc(2026, 11, 30, 20, 0));
        await Run(Utc(2026, 11, 30, 21, 0));
        Assert.Single(To(email, "Dose reminder"));

        // The job was not running at 08:00 the next day: 3.5 hours later it is too late to remind.
        await Run(Utc(2026, 12, 1, 11, 30));
        Assert.Single(To(email, "Dose reminder"));

        // Within 3 hours it still goes out (the job was down at the exact minute).
        await Run(Utc(2026, 12, 1, 22, 30));
        Assert.Equal(["Dose reminder: 08:00", "Dose reminder: 20:00"], To(email, "Dose reminder").Select(x => x.Subject));

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keys = await db.RemindersSent.Where(r => r.RecordId == rid && r.Kind == "dose").Select(r => r.Key).ToListAsync();
        Assert.Equal(["2026-11-30#0", "2026-12-01#1"], keys.Order());
    }

    [Fact]
    public async Task Dose_times_are_the_patients_local_times()
    {
        // 08:00 in New York in winter is 13:00 UTC.
        var (_, email) = await PatientAsync(App.Services, zone: "America/New_York", drug: "lorlatinib", drugStart: new DateOnly(2026, 11, 1), doseTimes: "08:00", checkInDay: 3);
        await Run(Utc(2026, 12, 1, 12, 59));
        Assert.Empty(To(email, "Dose reminder"));
        await Run(Utc(2026, 12, 1, 13, 0));
        Assert.Equal("Dose reminder: 08:00", Assert.Single(To(email, "Dose reminder")).Subject);
    }

    [Fact]
    public async Task A_patient_in_New_York_gets_the_checkin_reminder_at_9am_local_on_their_due_day_across_the_DST_change()
    {
        var (rid, email) = await PatientAsync(App.Services, zone: "America/New_York", checkInDay: 1); // Monday
        // Sunday 25 Oct 22:00 in New York is already Monday in UTC: not due yet.
        await Run(Utc(2026, 10, 26, 2, 0));
        Assert.Empty(To(email));
        // Monday 26 Oct, daylight time (UTC-4): 09:00 local = 13:00 UTC.
        await Run(Utc(2026, 10, 26, 12, 59));
        Assert.Empty(To(email));
        await Run(Utc(2026, 10, 26, 13, 0));
        Assert.Single(To(email));
        // Clocks go back on Sunday 1 Nov. Monday 2 Nov, standard time (UTC-5): 09:00 local = 14:00 UTC.
        await Run(Utc(2026, 11, 2, 3, 0));   // Sunday evening local
        await Run(Utc(2026, 11, 2, 13, 0));  // 08:00 local
        Assert.Single(To(email));
        await Run(Utc(2026, 11, 2, 14, 0));  // 09:00 local
        Assert.Equal(2, To(email).Count);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keys = await db.RemindersSent.Where(r => r.RecordId == rid).Select(r => r.Key).ToListAsync();
        Assert.Equal(["2026-10-26", "2026-11-02"], keys.Order());
    }

    [Fact]
    public async Task What_is_due_now_for_the_in_app_reminders()
    {
        var (rid, _) = await PatientAsync(App.Services, emailReminders: false, drug: "crizotinib", drugStart: new DateOnly(2026, 11, 1), doseTimes: "08:00,20:00", checkInDay: 1);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Sunday 29 Nov 07:00: the check-in of Monday 23 Nov is still due (nothing for a week); no dose due yet today;
        // yesterday's 20:00 dose is more than 3 hours ago and no longer listed.
        var due = await DueNow.ForAsync(db, rid, Utc(2026, 11, 29, 7, 0), CancellationToken.None);
        Assert.True(due.CheckInDue);
        Assert.Equal(new DateOnly(2026, 11, 23), due.CheckInDueDate);
        Assert.Empty(due.Doses);
        Assert.Null(due.Draft);

        // 08:30: the 08:00 dose is due; 09:30: it is late.
        due = await DueNow.ForAsync(db, rid, Utc(2026, 11, 29, 8, 30), CancellationToken.None);
        var dose = Assert.Single(due.Doses);
        Assert.Equal((new DateOnly(2026, 11, 29), 0, false), (dose.Slot.LocalDate, dose.Slot.Slot, dose.Late));
        Assert.True(Assert.Single((await DueNow.ForAsync(db, rid, Utc(2026, 11, 29, 9, 30), CancellationToken.None)).Doses).Late);

        // Marked missed: no longer due. A draft and a fresh check-in change the check-in reminder.
        await MarkAsync(App.Services, rid, "crizotinib", new DateOnly(2026, 11, 29), 0, DoseStatus.Missed);
        db.CheckIns.Add(new CheckIn { RecordId = rid, Status = CheckInStatus.Draft, StartedUtc = Utc(2026, 11, 29, 9, 0) });
        await db.SaveChangesAsync();
        await SubmitCheckInAsync(App.Services, rid, Utc(2026, 11, 28, 9, 0));
        due = await DueNow.ForAsync(db, rid, Utc(2026, 11, 29, 9, 30), CancellationToken.None);
        Assert.Empty(due.Doses);
        Assert.NotNull(due.Draft);
        Assert.False(due.CheckInDue);
    }

    [Fact]
    public async Task The_due_day_is_the_latest_check_in_weekday_on_or_before_today()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), DueNow.CheckInDueDate(new DateOnly(2026, 11, 30), 1)); // Monday itself
        Assert.Equal(new DateOnly(2026, 11, 30), DueNow.CheckInDueDate(new DateOnly(2026, 12, 5), 1));  // Saturday after
        Assert.Equal(new DateOnly(2026, 11, 29), DueNow.CheckInDueDate(new DateOnly(2026, 12, 5), 0));  // Sunday
        Assert.Equal(new DateOnly(2026, 12, 5), DueNow.CheckInDueDate(new DateOnly(2026, 12, 5), 6));   // Saturday itself
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_send_exactly_one_email_per_reminder()
    {
        await using var first = await TestApp.StartAsync(s => s["Symptoms:Reminders:Enabled"] = "false");
        await using var second = await TestApp.StartAsync(s =>
        {
            s["Symptoms:Reminders:Enabled"] = "false";
            // The same database as the first instance, and the same mailbox.
            if (TestApp.IsPostgres) s["Database:ConnectionString"] = first.ConnectionString;
            else s["Database:ConnectionString"] = $"Data Source={Path.Combine(first.DataDirectory, "alknav.db")}";
            s["Smtp:Port"] = first.Smtp.Port.ToString();
        });

        var patients = new List<(Guid, string)>();
        for (var i = 0; i < 6; i++)
            patients.Add(await PatientAsync(first.Services, drug: "alectinib", drugStart: new DateOnly(2026, 11, 1), doseTimes: "08:00,20:00"));
        // The second instance sees the first's data.
        using (var scope = second.Services.CreateScope())
            Assert.Equal(6, await scope.ServiceProvider.GetRequiredService<AppDbContext>().SymptomSettings.CountAsync(s => s.EmailReminders));

        var at = Utc(2026, 11, 30, 9, 0); // Monday: check-in due, and the 08:00 dose
        var runs = Enumerable.Range(0, 3).SelectMany(_ => new[]
        {
            Task.Run(() => SymptomReminders.RunOnceAsync(first.Services, at, CancellationToken.None)),
            Task.Run(() => SymptomReminders.RunOnceAsync(second.Services, at, CancellationToken.None)),
        }).ToList();
        var sent = await Task.WhenAll(runs);

        Assert.Equal(12, sent.Sum());
        Assert.Empty(second.Smtp.Messages);
        foreach (var (_, email) in patients)
        {
            var got = To(email, sink: first.Smtp).Select(m => m.Subject).Order().ToList();
            Assert.Equal(["Dose reminder: 08:00", "Your weekly symptom check-in is due"], got);
        }
    }

    [Fact]
    public async Task The_background_job_sends_on_its_own_at_the_configured_interval()
    {
        await using var app = await TestApp.StartAsync(s => s["Symptoms:Reminders:IntervalSeconds"] = "1");
        // A zone where it is now between 10:00 and 22:00, with the check-in due today.
        var now = DateTime.UtcNow;
        var offset = Enumerable.Range(-12, 27).First(h => now.AddHours(h).Hour is >= 10 and < 22);
        var zone = offset == 0 ? "Etc/UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}"; // Etc/GMT-5 is UTC+5
        var (_, email) = await PatientAsync(app.Services, zone: zone, checkInDay: (int)now.AddHours(offset).DayOfWeek);
        var m = await app.Smtp.WaitForAsync(email, TimeSpan.FromSeconds(20));
        Assert.Equal("Your weekly symptom check-in is due", m.Subject);
    }

    [Fact]
    public async Task Nothing_is_sent_or_claimed_without_SMTP()
    {
        await using var app = await TestApp.StartAsync(s => s["Symptoms:Reminders:Enabled"] = "false", smtp: false);
        await PatientAsync(app.Services, drug: "alectinib", doseTimes: "08:00,20:00");
        Assert.Equal(0, await SymptomReminders.RunOnceAsync(app.Services, Utc(2026, 11, 30, 9, 0), CancellationToken.None));
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
            s["Symptoms:Reminders:Enabled"] = "false";
            s["Smtp:Port"] = port.ToString();
        });
        var (rid, _) = await PatientAsync(app.Services);
        Assert.Equal(0, await SymptomReminders.RunOnceAsync(app.Services, Utc(2026, 11, 30, 9, 0), CancellationToken.None));
        using var scope = app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().RemindersSent.CountAsync(r => r.RecordId == rid));
    }
}
