using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>A dose of the current TKI that has fallen due and is not marked yet.</summary>
public sealed record DueDose(string Drug, DoseSlot Slot, bool Late);

/// <summary>What is due now for one record: the weekly check-in, a draft to resume, unmarked doses.</summary>
public sealed record DueReminders(
    DateOnly Today,
    TimeZoneInfo Zone,
    DateOnly CheckInDueDate,
    bool CheckInDue,
    CheckIn? Draft,
    DrugDosing? Dosing,
    IReadOnlyList<DueDose> Doses)
{
    public bool Any => CheckInDue || Draft is not null || Doses.Count > 0;
}

/// <summary>
/// The "what is due" computation shared by the in-app reminders (_DueReminders) and the email job
/// (<see cref="SymptomReminders"/>). Days and times are the patient's, in the zone of their settings.
/// </summary>
public static class DueNow
{
    /// <summary>A dose counts as late (not just due) this long after its time.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromHours(1);

    /// <summary>Doses of the previous day stay "due" this long after their time (a late-evening dose after midnight).</summary>
    public static readonly TimeSpan CarryOver = TimeSpan.FromHours(3);

    /// <summary>This week's due day: the latest date on or before <paramref name="today"/> that falls on <paramref name="checkInDay"/> (0 = Sunday).</summary>
    public static DateOnly CheckInDueDate(DateOnly today, int checkInDay)
    {
        var day = ((checkInDay % 7) + 7) % 7;
        var back = ((int)today.DayOfWeek - day + 7) % 7;
        return today.AddDays(-back);
    }

    /// <param name="lines">The record's treatment lines when the caller has them loaded (only the open ones are used).</param>
    public static async Task<DueReminders> ForAsync(AppDbContext db, Guid recordId, DateTime nowUtc, CancellationToken ct,
        IEnumerable<AlkNavigator.Features.Record.TreatmentLine>? lines = null)
    {
        var settings = await db.SymptomSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == recordId, ct);
        var lastSubmittedUtc = await db.CheckIns.AsNoTracking()
            .Where(c => c.RecordId == recordId && c.Status == CheckInStatus.Submitted && c.SubmittedUtc != null)
            .MaxAsync(c => c.SubmittedUtc, ct);
        var draft = await db.CheckIns.AsNoTracking()
            .Where(c => c.RecordId == recordId && c.Status == CheckInStatus.Draft)
            .OrderBy(c => c.StartedUtc).ThenBy(c => c.Id).FirstOrDefaultAsync(ct); // the draft the check-in page resumes
        var treatments = lines?.Where(t => t.End == null).ToList()
                         ?? await db.Treatments.AsNoTracking().Where(t => t.RecordId == recordId && t.End == null).ToListAsync(ct);
        return await FromAsync(db, recordId, nowUtc, settings, lastSubmittedUtc, draft, treatments, ct);
    }

    /// <summary>
    /// The same from inputs the caller already read (the record overview reads them with the rest of the record in one query
    /// set): the symptom settings (null = defaults), when the latest check-in was submitted, the draft the check-in page
    /// resumes, the record's treatment lines. Reads the database only when doses have fallen due (to see which are marked).
    /// </summary>
    public static async Task<DueReminders> FromAsync(AppDbContext db, Guid recordId, DateTime nowUtc, SymptomSettings? settings,
        DateTime? lastSubmittedUtc, CheckIn? draft, IEnumerable<AlkNavigator.Features.Record.TreatmentLine> lines, CancellationToken ct)
    {
        settings ??= new SymptomSettings { RecordId = recordId };
        var zone = PatientTime.Zone(settings.TimeZone);
        var today = PatientTime.LocalDate(nowUtc, zone);
        var dueDate = CheckInDueDate(today, settings.CheckInDay);

        // Due when nothing was submitted in the last 7 days (local dates today-6 .. today).
        var windowStartUtc = PatientTime.ToUtc(today.AddDays(-6), TimeOnly.MinValue, zone);
        var recent = lastSubmittedUtc >= windowStartUtc;

        var treatments = lines.Where(t => t.End == null).ToList();
        var current = AlkNavigator.Features.Record.AlkDrugs.CurrentLine(treatments);
        var drug = current is null ? null : AlkNavigator.Features.Record.Vocabulary.TkiIn(current.Agent);
        var dosing = Symptoms.Dosing.For(drug);
        var doses = new List<DueDose>();
        if (drug is not null && dosing is not null)
        {
            var times = Symptoms.Dosing.TimesFor(dosing, current!.Schedule, settings.DoseTimes); // as the medication page does
            var slots = Symptoms.Dosing.Slots(today.AddDays(-1), times, zone).Where(s => s.LocalDate >= current!.Start && nowUtc < s.DueUtc + CarryOver)
                .Concat(Symptoms.Dosing.Slots(today, times, zone).Where(s => s.LocalDate >= current!.Start))
                .Where(s => s.DueUtc <= nowUtc)
                .ToList();
            if (slots.Count > 0)
            {
                var from = today.AddDays(-1);
                var marks = await db.DoseEntries.AsNoTracking()
                    .Where(d => d.RecordId == recordId && d.Drug == drug && d.LocalDate >= from && d.LocalDate <= today)
                    .Select(d => new { d.LocalDate, d.Slot }).ToListAsync(ct);
                foreach (var s in slots)
                {
                    if (marks.Any(m => m.LocalDate == s.LocalDate && m.Slot == s.Slot)) continue;
                    doses.Add(new DueDose(drug, s, nowUtc >= s.DueUtc + LateAfter));
                }
            }
        }

        return new DueReminders(today, zone, dueDate, !recent, draft, dosing, doses);
    }
}
