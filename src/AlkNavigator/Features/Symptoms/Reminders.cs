using System.Globalization;
using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// Background job: emails check-in-due and dose-due reminders, each exactly once (see ReminderSent).
/// Settings: Symptoms:Reminders:Enabled (default true), Symptoms:Reminders:IntervalSeconds (default 60).
/// Only when SMTP is configured (Smtp:Host) and only for records whose settings ask for email reminders.
/// </summary>
public sealed class SymptomReminders(IServiceProvider services, IConfiguration config, ILogger<SymptomReminders> log) : BackgroundService
{
    public const string Channel = "email";
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
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(services, DateTime.UtcNow, stoppingToken);
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

    private sealed record Pending(Guid RecordId, string To, string Kind, string Key, string Subject, string Text);

    /// <summary>One pass: sends what is due at <paramref name="nowUtc"/> and not sent before; returns how many emails were sent.</summary>
    public static async Task<int> RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        if (string.IsNullOrWhiteSpace(smtp.Host)) return 0;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger<SymptomReminders>();
        var baseUrl = BaseUrl(services);

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var targets = await (from s in db.SymptomSettings
                             where s.EmailReminders
                             join r in db.Records on s.RecordId equals r.Id
                             join u in db.Users on r.OwnerId equals u.Id
                             where u.Email != null
                             select new { s.RecordId, u.Email }).AsNoTracking().ToListAsync(ct);

        var pending = new List<Pending>();
        foreach (var t in targets)
        {
            var due = await DueNow.ForAsync(db, t.RecordId, nowUtc, ct);
            var record = $"{baseUrl}/record/{t.RecordId}/symptoms";
            // On the due day itself, from 09:00 local (never a late reminder for an earlier week, nor one at night).
            var sendFrom = PatientTime.ToUtc(due.CheckInDueDate, CheckInSendFrom, due.Zone);
            if (due.CheckInDue && due.Today == due.CheckInDueDate && nowUtc >= sendFrom)
            {
                pending.Add(new Pending(t.RecordId, t.Email!, KindCheckIn, due.CheckInDueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    "Your weekly symptom check-in is due",
                    "It is time for your weekly symptom check-in in AlkNavigator. It takes about two minutes, and you can stop and resume.\n\n" +
                    $"Open the check-in:\n{record}/checkin\n\n" +
                    "If you feel very unwell, do not wait for the check-in: call your care team now, or your local emergency number.\n\n" +
                    $"You get this email because email reminders are switched on in your symptom settings; to switch them off:\n{record}/settings"));
            }
            foreach (var d in due.Doses.Where(d => nowUtc < d.Slot.DueUtc + DoseSendWindow))
            {
                var time = d.Slot.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture);
                pending.Add(new Pending(t.RecordId, t.Email!, KindDose,
                    $"{d.Slot.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}#{d.Slot.Slot}",
                    $"Dose reminder: {time}",
                    $"Your dose due at {time} has not been marked as taken yet.\n\n" +
                    $"Mark it taken or missed, and see what to do about a late dose:\n{record}/medication\n\n" +
                    "Do not take an extra dose to make up for one you missed unless your care team told you to.\n\n" +
                    $"You get this email because email reminders are switched on in your symptom settings; to switch them off:\n{record}/settings"));
            }
        }

        var sent = 0;
        foreach (var p in pending)
        {
            // Claim the reminder first: the unique key means only one instance can hold it.
            var row = new ReminderSent { RecordId = p.RecordId, Kind = p.Kind, Key = p.Key, Channel = Channel, SentUtc = nowUtc };
            db.RemindersSent.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.Entry(row).State = EntityState.Detached;
                continue; // sent already, or another instance is sending it
            }

            try
            {
                await SendAsync(smtp, p.To, p.Subject, p.Text, ct);
                sent++;
                log.LogInformation("Sent {Kind} reminder {Key} for record {RecordId}", p.Kind, p.Key, p.RecordId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Sending the {Kind} reminder {Key} failed; it will be tried again.", p.Kind, p.Key);
                db.RemindersSent.Remove(row);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        return sent;
    }

    /// <summary>App:PublicUrl, else the first concrete listening address, else the default URL.</summary>
    private static string BaseUrl(IServiceProvider services)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var url = PublicUrl.Resolve(config);
        if (url is null)
        {
            var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is not null && Uri.TryCreate(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost"), UriKind.Absolute, out var a))
                url = a;
        }
        return (url?.GetLeftPart(UriPartial.Authority) ?? AppHost.DefaultUrl).TrimEnd('/');
    }

    private static async Task SendAsync(SmtpOptions o, string to, string subject, string text, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder
        {
            TextBody = text,
            HtmlBody = $"<p>{WebUtility.HtmlEncode(text).Replace("\n", "<br>")}</p>",
        }.ToMessageBody();

        using var client = new SmtpClient();
        var security = o.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(o.Host!, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
