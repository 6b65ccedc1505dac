using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Hosting;

/// <summary>One reminder email: its ReminderSent key (record, kind, key) and the message.</summary>
public sealed record ReminderEmail(Guid RecordId, string To, string Kind, string Key, string Subject, string Text);

/// <summary>
/// Sends reminder emails exactly once, for every job that has them (Symptoms, Schedule): each is claimed by inserting its
/// ReminderSent row (unique RecordId + Kind + Key + Channel) before sending, so when several instances share the database
/// only one holds it; a failed send deletes the claim so a later pass retries.
/// </summary>
public static class ReminderOutbox
{
    public const string Channel = "email";

    public static async Task<int> SendOnceAsync(AppDbContext db, SmtpOptions smtp, IEnumerable<ReminderEmail> emails, DateTime nowUtc, ILogger log, CancellationToken ct)
    {
        var sent = 0;
        foreach (var p in emails)
        {
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
                await Smtp.SendAsync(smtp, p.To, p.Subject, p.Text, ct);
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

    /// <summary>The base of links in emails a background job sends: App:PublicUrl, else the first concrete listening address, else the default URL.</summary>
    public static string BaseUrl(IServiceProvider services)
    {
        var url = PublicUrl.Resolve(services.GetRequiredService<IConfiguration>());
        if (url is null)
        {
            var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is not null && Uri.TryCreate(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost"), UriKind.Absolute, out var a))
                url = a;
        }
        return (url?.GetLeftPart(UriPartial.Authority) ?? AppHost.DefaultUrl).TrimEnd('/');
    }
}
