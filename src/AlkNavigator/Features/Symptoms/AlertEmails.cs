using System.Security.Cryptography;
using System.Text;
using AlkNavigator.Data;
using AlkNavigator.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// The email sent when a check-in raises an urgent or contact alert, to the patient and every caregiver following the record,
/// for records whose symptom settings switch email on (SymptomSettings.EmailReminders). Sent by the reminders job through the
/// exactly-once outbox (ReminderOutbox; kind "alert", one key per alert and recipient). The email names the alert (AlertText)
/// and says what to do, and nothing else about the patient's health; the subject says only how urgent it is.
/// </summary>
public static class AlertEmails
{
    public const string Kind = "alert";

    /// <summary>Alerts older than this are not emailed (no flood of old ones when email is switched on, or after an outage).</summary>
    public static readonly TimeSpan SendWindow = TimeSpan.FromHours(24);

    /// <summary>The alert emails not sent yet that are due at <paramref name="nowUtc"/> (the outbox drops those already sent).</summary>
    public static async Task<List<ReminderEmail>> PendingAsync(AppDbContext db, DateTime nowUtc, string baseUrl, CancellationToken ct)
    {
        var since = nowUtc - SendWindow;
        var alerts = await (from a in db.SymptomAlerts
                            join s in db.SymptomSettings on a.RecordId equals s.RecordId
                            where s.EmailReminders && a.AcknowledgedUtc == null && a.CreatedUtc >= since && a.CreatedUtc <= nowUtc
                                  && (a.Level == AlertLevels.Urgent || a.Level == AlertLevels.Contact)
                                  && (a.Change == "new" || a.Change == "worse")
                            select a).AsNoTracking().ToListAsync(ct);
        if (alerts.Count == 0) return [];

        var ids = alerts.Select(a => a.RecordId).Distinct().ToList();
        var owners = await (from r in db.Records
                            join u in db.Users on r.OwnerId equals u.Id
                            where ids.Contains(r.Id) && u.Email != null
                            select new { r.Id, u.Email }).AsNoTracking().ToListAsync(ct);
        var carers = await (from c in db.CaregiverAccess
                            join u in db.Users on c.CaregiverId equals u.Id
                            where ids.Contains(c.RecordId) && c.AcceptedUtc != null && c.RevokedUtc == null && u.Email != null
                            select new { c.RecordId, u.Email }).AsNoTracking().ToListAsync(ct);

        var emails = new List<ReminderEmail>();
        foreach (var a in alerts.OrderByDescending(a => AlertLevels.Rank(a.Level)).ThenBy(a => a.CreatedUtc))
        {
            var to = owners.Where(o => o.Id == a.RecordId).Select(o => (Email: o.Email!, Owner: true))
                .Concat(carers.Where(c => c.RecordId == a.RecordId).Select(c => (Email: c.Email!, Owner: false)))
                .DistinctBy(x => x.Email.ToLowerInvariant());
            foreach (var (email, owner) in to)
                emails.Add(new ReminderEmail(a.RecordId, email, Kind, Key(a.Id, email), Subject(a), Text(a, owner, baseUrl)));
        }
        return emails;
    }

    /// <summary>The outbox key: the alert and a short hash of the recipient (fits ReminderSent.Key's 100 characters).</summary>
    public static string Key(Guid alertId, string email) =>
        $"{alertId:N}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..16]}";

    public static string Subject(SymptomAlert a) => AlertText.Level(a) == AlertLevels.Urgent
        ? "Urgent symptom alert: call the care team now"
        : "Symptom alert: contact the care team today";

    public static string Text(SymptomAlert a, bool toPatient, string baseUrl)
    {
        var record = $"{baseUrl}/record/{a.RecordId}";
        var sb = new StringBuilder();
        sb.Append(toPatient ? "Your symptom check-in in AlkNavigator raised an alert:" : "A symptom check-in in a record you follow in AlkNavigator raised an alert:").Append("\n\n");
        sb.Append(AlertText.Heading(a)).Append('\n');
        sb.Append(AlertText.LevelLabel(a)).Append(".\n\n");
        sb.Append("What to do now: ").Append(AlertText.Action(a)).Append("\n\n");
        sb.Append("If you cannot reach the care team, or you feel very unwell, call emergency services (911 in the US, 999 in the UK, 112 in the EU).\n\n");
        sb.Append("See the alert and the care team's phone numbers, and confirm when the care team knows:\n").Append(record).Append("\n\n");
        sb.Append("You get this email because email is switched on in the symptom settings of this record; to change that:\n")
            .Append(record).Append("/symptoms/settings");
        return sb.ToString();
    }
}
