using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Features.Schedule;

/// <summary>
/// Background job: emails a reminder before each planned item, each exactly once (ReminderSent, Kind "schedule",
/// Key "{item id}/{due date}", so an item moved to another date is reminded again).
/// Settings: Schedule:Reminders:Enabled (default true), Schedule:Reminders:IntervalSeconds (default 60).
/// Only when SMTP is configured (Smtp:Host) and only for records whose schedule settings ask for email reminders.
/// A reminder goes out from 09:00 in the patient's zone on the day ReminderLeadDays before the item is due (or, when
/// the job was down then, the first run after 09:00 on a later day), and never after the item's due date.
/// </summary>
public sealed class ScheduleReminders(IServiceProvider services, IConfiguration config, TimeProvider time, ILogger<ScheduleReminders> log) : BackgroundService
{
    public const string Kind = "schedule";
    /// <summary>Fixed: an item's title can be typed by the patient, and user text never goes in a subject (only in the body).</summary>
    public const string Subject = "AlkNavigator: reminder of a planned check-up";
    public const string Channel = ReminderOutbox.Channel;

    /// <summary>Reminders go out from this local time (never at night).</summary>
    public static readonly TimeOnly SendFrom = new(9, 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Schedule:Reminders:Enabled", true)) return;
        var seconds = Math.Max(1, config.GetValue("Schedule:Reminders:IntervalSeconds", 60));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(services, time.GetUtcNow().UtcDateTime, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Schedule reminders: a run failed; trying again at the next tick.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The reminder key of an item at its current due date.</summary>
    public static string KeyOf(MonitoringItem item) => $"{item.Id}/{item.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>"Tuesday 15 December 2026".</summary>
    public static string LongDate(DateOnly d) => d.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>One pass: sends what is due at <paramref name="nowUtc"/> and not sent before; returns how many emails were sent.</summary>
    public static async Task<int> RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        if (string.IsNullOrWhiteSpace(smtp.Host)) return 0;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger<ScheduleReminders>();
        var baseUrl = ReminderOutbox.BaseUrl(services);

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var targets = await (from s in db.ScheduleSettings
                             where s.EmailReminders
                             join r in db.Records on s.RecordId equals r.Id
                             join u in db.Users on r.OwnerId equals u.Id
                             where u.Email != null
                             select new { s.RecordId, s.ReminderLeadDays, u.Email }).AsNoTracking().ToListAsync(ct);

        var pending = new List<ReminderEmail>();
        foreach (var t in targets)
        {
            var zoneId = await db.SymptomSettings.AsNoTracking().Where(s => s.RecordId == t.RecordId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct);
            var zone = PatientTime.Zone(zoneId);
            var local = PatientTime.LocalNow(nowUtc, zone);
            var today = DateOnly.FromDateTime(local);
            var lead = Math.Clamp(t.ReminderLeadDays, 0, 14);
            // Not before 09:00 local on any day, and only for items due from today to today + lead.
            if (TimeOnly.FromDateTime(local) < SendFrom) continue;
            var last = today.AddDays(lead);
            var items = await db.MonitoringItems.AsNoTracking()
                .Where(i => i.RecordId == t.RecordId && i.Status == ItemStatus.Planned && i.Due >= today && i.Due <= last)
                .OrderBy(i => i.Due).ThenBy(i => i.Title)
                .ToListAsync(ct);
            foreach (var item in items)
            {
                var sendFrom = PatientTime.ToUtc(item.Due.AddDays(-lead), SendFrom, zone);
                if (nowUtc < sendFrom) continue;
                var date = LongDate(item.Due);
                var link = $"{baseUrl}/record/{t.RecordId}/schedule/{item.Id}";
                var when = item.Due == today ? "today" : item.Due == today.AddDays(1) ? "tomorrow" : $"on {date}";
                pending.Add(new ReminderEmail(t.RecordId, t.Email!, Kind, KeyOf(item),
                    Subject,
                    $"{item.Title} is planned {when} ({date}).\n\n" +
                    (string.IsNullOrWhiteSpace(item.Reason) ? "" : $"Why: {item.Reason}\n\n") +
                    $"See the details and record the result:\n{link}\n\n" +
                    "If the date has changed, update it in your monitoring schedule so the reminders follow.\n\n" +
                    $"You get this email because email reminders are switched on in your schedule settings; to switch them off:\n{baseUrl}/record/{t.RecordId}/schedule/settings"));
            }
        }

        return await ReminderOutbox.SendOnceAsync(db, smtp, pending, nowUtc, log, ct);
    }
}
