using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>A care team member's phone for the alert box.</summary>
public sealed record CareContact(string Name, string Role, string Phone)
{
    /// <summary>The tel: link target: the digits, with a leading + kept ("+1 555 0100" → "+15550100").</summary>
    public string Tel => AlertBoxes.TelOf(Phone);
}

/// <summary>
/// The open urgent and contact alerts of one record, for the box at the top of the record overview and the home page:
/// not yet confirmed as known to the care team (AcknowledgedUtc null), one per symptom (the newest; confirming it confirms the
/// older ones of the same rule and symptom), urgent first, with the care team's phone numbers.
/// </summary>
public sealed record OpenAlertBox(PatientRecord Record, Access Access, IReadOnlyList<SymptomAlert> Alerts, IReadOnlyList<CareContact> Contacts, TimeZoneInfo Zone)
{
    public bool HasUrgent => Alerts.Any(a => a.Level == AlertLevels.Urgent);
    public bool CanConfirm => Access >= Access.Contribute;
}

/// <summary>Loads the alert boxes of one or more records in one query (page models call it; the partial _OpenAlertBox renders).</summary>
public static class AlertBoxes
{
    /// <summary>At most this many phone numbers in a box (clinical roles, oncologist and nurse first).</summary>
    public const int MaxContacts = 3;

    /// <summary>The boxes of the records that have open urgent or contact alerts, in the order given; one database query.</summary>
    public static async Task<IReadOnlyList<OpenAlertBox>> LoadAsync(AppDbContext db, IReadOnlyList<(PatientRecord Record, Access Access)> records, CancellationToken ct)
    {
        if (records.Count == 0) return [];
        var ids = records.Select(r => r.Record.Id).ToList();
        var rows = await db.Records.AsNoTracking()
            .Where(r => ids.Contains(r.Id) && db.SymptomAlerts.Any(a => a.RecordId == r.Id && a.AcknowledgedUtc == null
                                                                   && (a.Level == AlertLevels.Urgent || a.Level == AlertLevels.Contact)))
            .Select(r => new
            {
                r.Id,
                Zone = db.SymptomSettings.Where(s => s.RecordId == r.Id).Select(s => s.TimeZone).FirstOrDefault(),
                Alerts = db.SymptomAlerts.Where(a => a.RecordId == r.Id && a.AcknowledgedUtc == null
                                                     && (a.Level == AlertLevels.Urgent || a.Level == AlertLevels.Contact)).ToList(),
                Contacts = r.CareTeam.Where(m => m.Phone != null && m.Phone != "" && m.Role != "caregiver")
                    .Select(m => new { m.Name, m.Role, m.Phone, m.IsEmergencyContact }).ToList(),
            })
            .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        var boxes = new List<OpenAlertBox>();
        foreach (var (record, access) in records)
        {
            if (!byId.TryGetValue(record.Id, out var row)) continue;
            boxes.Add(From(record, access, row.Alerts, row.Contacts.Select(m => (m.Name, m.Role, m.Phone, m.IsEmergencyContact)), PatientTime.Zone(row.Zone))!);
        }
        return boxes;
    }

    /// <summary>
    /// One record's box from rows the caller read: its unacknowledged urgent and contact alerts (any order), its care team
    /// members with a phone number other than caregivers; null when there is no such alert.
    /// </summary>
    public static OpenAlertBox? From(PatientRecord record, Access access, IEnumerable<SymptomAlert> openAlerts,
        IEnumerable<(string Name, string Role, string? Phone, bool IsEmergencyContact)> phones, TimeZoneInfo zone)
    {
        var alerts = openAlerts
            .GroupBy(a => (a.RuleId, a.Term))
            .Select(g => g.OrderByDescending(a => a.CreatedUtc).ThenByDescending(a => a.Score).First())
            .OrderByDescending(a => AlertLevels.Rank(a.Level)).ThenByDescending(a => a.CreatedUtc).ToList();
        if (alerts.Count == 0) return null;
        var contacts = phones
            .OrderBy(m => m.Role == "oncologist" ? 0 : m.Role == "nurse" ? 1 : 2).ThenByDescending(m => m.IsEmergencyContact).ThenBy(m => m.Name)
            .Take(MaxContacts).Select(m => new CareContact(m.Name, m.Role, m.Phone!.Trim())).ToList();
        return new OpenAlertBox(record, access, alerts, contacts, zone);
    }

    /// <summary>The digits of a phone number, with a leading + kept, for a tel: link.</summary>
    public static string TelOf(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return phone.TrimStart().StartsWith('+') ? "+" + digits : digits;
    }
}
