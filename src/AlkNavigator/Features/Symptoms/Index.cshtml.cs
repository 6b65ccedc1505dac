using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>The Symptoms overview: whether the check-in is due, open alerts (urgent first), whom to call, recent check-ins.</summary>
public sealed class SymptomsIndexModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public int CheckInDay { get; private set; } = 1;
    public DateOnly Today { get; private set; }
    public bool Due { get; private set; }
    public DateOnly NextDue { get; private set; }
    public CheckIn? Draft { get; private set; }
    public int DraftStepCount { get; private set; }
    public List<SymptomAlert> OpenAlerts { get; private set; } = [];
    public List<CheckIn> Recent { get; private set; } = [];
    public List<CareTeamMember> Contacts { get; private set; } = [];
    /// <summary>The in-app reminders box (_DueReminders).</summary>
    public DueReminders? DueReminders { get; private set; }

    [Needs(Record.Access.View, Audit = "symptoms")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var settings = await CheckInFlow.SettingsAsync(Db, RecordId, ct);
        Zone = PatientTime.Zone(settings?.TimeZone);
        CheckInDay = settings?.CheckInDay ?? 1;
        Today = PatientTime.Today(Clock, Zone);

        Recent = await Db.CheckIns.AsNoTracking().Where(c => c.RecordId == RecordId && c.Status == CheckInStatus.Submitted)
            .OrderByDescending(c => c.SubmittedUtc).Take(8).ToListAsync(ct);
        var last = Recent.FirstOrDefault()?.SubmittedUtc is { } at ? PatientTime.LocalDate(at, Zone) : (DateOnly?)null;
        Due = CheckInFlow.IsDue(Today, last);
        NextDue = last?.AddDays(7) ?? Today;

        Draft = await Db.CheckIns.AsNoTracking().Where(c => c.RecordId == RecordId && c.Status == CheckInStatus.Draft)
            .OrderBy(c => c.StartedUtc).ThenBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (Draft is not null) DraftStepCount = CheckInFlow.StepCount(Draft);

        // Open: new or worse and not dealt with; and an urgent symptom still present at the latest check-in (reported before,
        // but not dealt with yet), so the overview never stays silent while an urgent symptom is there.
        var latestId = Recent.FirstOrDefault()?.Id;
        OpenAlerts = (await Db.SymptomAlerts.AsNoTracking()
                .Where(a => a.RecordId == RecordId && a.AcknowledgedUtc == null
                            && (a.Change == "new" || a.Change == "worse" || (a.Level == AlertLevels.Urgent && a.CheckInId == latestId)))
                .ToListAsync(ct))
            .OrderByDescending(a => AlertLevels.Rank(a.Level)).ThenByDescending(a => a.CreatedUtc).ToList();
        // The still-present one is shown only when the alert it continues is no longer open (one card per symptom).
        OpenAlerts.RemoveAll(a => !CheckInFlow.IsRaised(a)
                                  && OpenAlerts.Any(o => CheckInFlow.IsRaised(o) && o.RuleId == a.RuleId && o.Term == a.Term));
        Contacts = (await Db.CareTeam.AsNoTracking().Where(m => m.RecordId == RecordId && (m.Role == "oncologist" || m.Role == "nurse")).ToListAsync(ct))
            .OrderBy(m => m.Role == "oncologist" ? 0 : 1).ThenBy(m => m.Name).ToList();
        DueReminders = await DueNow.ForAsync(Db, RecordId, Clock.GetUtcNow().UtcDateTime, ct);
        return Page();
    }
}
