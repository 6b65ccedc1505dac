using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// Background job: emails check-in-due and dose-due reminders, and urgent or contact alerts (AlertEmails), each exactly once (see ReminderSent).
/// Settings: Symptoms:Reminders:Enabled (default true), Symptoms:Reminders:IntervalSeconds (default 60).
/// Only when SMTP is configured (Smtp:Host) and only for records whose settings ask for email reminders.
/// </summary>
public sealed class SymptomReminders(IServiceProvider services, IConfiguration config, TimeProvider time, ILogger<SymptomReminders> log) : BackgroundService
{
    public const string Channel = ReminderOutbox.Channel;
    public const string KindCheckIn = "checkin";
    public const string KindDose = "dose";

    /// <summary>The check-in reminder goes out from this local time on the due day.</summary>
    public static readonly TimeOnly CheckInSendFrom = new(9, 0);

    /// <summary>A dose reminder is not sent later than this after the dose fell due (no flood of old ones).</summary>
    public static readonly TimeSpan DoseSendWindow = TimeSpan.FromHours(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Symptoms:Reminders:Enabled", true)) return;
        var seconds = Math.Max(1, config.GetValue("Symptoms:Reminders:IntervalSeconds", 60));
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
                    log.LogError(e, "Symptom reminders: a run failed; trying again at the next tick.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: sends what is due at <paramref name="nowUtc"/> and not sent before; returns how many emails were sent.</summary>
    public static async Task<int> RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        if (string.IsNullOrWhiteSpace(smtp.Host)) return 0;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger<SymptomReminders>();
        var baseUrl = ReminderOutbox.BaseUrl(services);

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var targets = await (from s in db.SymptomSettings
                             where s.EmailReminders
                             join r in db.Records on s.RecordId equals r.Id
                             join u in db.Users on r.OwnerId equals u.Id
                             where u.Email != null
                             select new { s.RecordId, u.Email }).AsNoTracking().ToListAsync(ct);

        var pending = new List<ReminderEmail>();
        foreach (var t in targets)
        {
            var due = await DueNow.ForAsync(db, t.RecordId, nowUtc, ct);
            var record = $"{baseUrl}/record/{t.RecordId}/symptoms";
            // On the due day itself, from 09:00 local (never a late reminder for an earlier week, nor one at night).
            var sendFrom = PatientTime.ToUtc(due.CheckInDueDate, CheckInSendFrom, due.Zone);
            if (due.CheckInDue && due.Today == due.CheckInDueDate && nowUtc >= sendFrom)
            {
                pending.Add(new ReminderEmail(t.RecordId, t.Email!, KindCheckIn, due.CheckInDueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    "Your weekly symptom check-in is due",
                    "It is time for your weekly symptom check-in in AlkNavigator. It takes about two minutes, and you can stop and resume.\n\n" +
                    $"Open the check-in:\n{record}/checkin\n\n" +
                    "If you feel very unwell, do not wait for the check-in: call your care team now, or your local emergency number.\n\n" +
                    $"You get this email because email reminders are switched on in your symptom settings; to switch them off:\n{record}/settings"));
            }
            foreach (var d in due.Doses.Where(d => nowUtc < d.Slot.DueUtc + DoseSendWindow))
            {
                var time = d.Slot.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture);
                pending.Add(new ReminderEmail(t.RecordId, t.Email!, KindDose,
                    $"{d.Slot.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}#{d.Slot.Slot}",
                    $"Dose reminder: {time}",
                    $"Your dose due at {time} has not been marked as taken yet.\n\n" +
                    $"Mark it taken or missed, and see what to do about a late dose:\n{record}/medication\n\n" +
                    "Do not take an extra dose to make up for one you missed unless your care team told you to.\n\n" +
                    $"You get this email because email reminders are switched on in your symptom settings; to switch them off:\n{record}/settings"));
            }
        }

        // Alerts first: an urgent or contact alert is emailed to the patient and the caregivers before any reminder.
        pending.InsertRange(0, await AlertEmails.PendingAsync(db, nowUtc, baseUrl, ct));
        return await ReminderOutbox.SendOnceAsync(db, smtp, pending, nowUtc, log, ct);
    }
}
