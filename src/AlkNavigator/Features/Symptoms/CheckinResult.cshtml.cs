using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>One submitted check-in: its answers, measurements, who answered, and what its alerts mean now.</summary>
public sealed class CheckinResultModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [FromRoute(Name = "id")]
    public Guid Id { get; set; }

    public CheckIn Item { get; private set; } = null!;
    public List<SymptomAlert> Raised { get; private set; } = [];
    public List<SymptomAlert> Ongoing { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public List<CareTeamMember> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync(Record.Access.View, auditReadOf: "check-in") is { } denied) return denied;
        var ct = HttpContext.RequestAborted;
        var item = await Db.CheckIns.AsNoTracking().Include(c => c.Answers).FirstOrDefaultAsync(c => c.Id == Id && c.RecordId == RecordId, ct);
        if (item is null) return NotFound();
        if (item.Status != CheckInStatus.Submitted)
            return Ctx.CanContribute ? Redirect($"/record/{RecordId}/symptoms/checkin") : NotFound();
        Item = item;
        Zone = PatientTime.Zone((await CheckInFlow.SettingsAsync(Db, RecordId, ct))?.TimeZone);
        var alerts = (await Db.SymptomAlerts.AsNoTracking().Where(a => a.CheckInId == Id && a.RecordId == RecordId).ToListAsync(ct))
            .OrderByDescending(a => AlertLevels.Rank(a.Level)).ThenBy(a => a.Term).ToList();
        Raised = alerts.Where(CheckInFlow.IsRaised).ToList();
        Ongoing = alerts.Where(a => !CheckInFlow.IsRaised(a)).ToList();
        if (Raised.Count > 0)
            Contacts = (await Db.CareTeam.AsNoTracking().Where(m => m.RecordId == RecordId && (m.Role == "oncologist" || m.Role == "nurse") && m.Phone != null).ToListAsync(ct))
                .OrderBy(m => m.Role == "oncologist" ? 0 : 1).ToList();
        return Page();
    }
}
