using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>Every alert, newest first, and marking one as dealt with (it stays in the history).</summary>
public sealed class AlertsModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public List<SymptomAlert> Items { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    [Needs(Record.Access.View, Audit = "symptom alerts")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>
    /// Confirms the care team knows about an alert (form fields alertId, version; optional returnUrl, the record overview or the
    /// home page the box was on). The older open alerts of the same rule and symptom are confirmed with it (the box shows one per
    /// symptom). Doing it twice changes nothing; a stale version is refused (someone else changed it).
    /// </summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid alertId, Guid version, string? returnUrl)
    {
        var ct = HttpContext.RequestAborted;
        var back = SafeReturnUrl(returnUrl);
        var alert = await Db.SymptomAlerts.FirstOrDefaultAsync(a => a.Id == alertId && a.RecordId == RecordId, ct);
        if (alert is null) return NotFound();
        if (alert.AcknowledgedUtc is not null)
        {
            TempData.SetStatus($"This alert was already marked as dealt with by {alert.AcknowledgedByEmail}.", "info");
            return Redirect(back);
        }
        Expect(alert, version);
        var now = Clock.GetUtcNow().UtcDateTime;
        alert.AcknowledgedUtc = now;
        alert.AcknowledgedByEmail = Ctx.UserEmail;
        var earlier = await Db.SymptomAlerts.Where(a => a.RecordId == RecordId && a.Id != alert.Id && a.AcknowledgedUtc == null
                                                        && a.RuleId == alert.RuleId && a.Term == alert.Term && a.CreatedUtc <= alert.CreatedUtc).ToListAsync(ct);
        foreach (var e in earlier)
        {
            e.AcknowledgedUtc = now;
            e.AcknowledgedByEmail = Ctx.UserEmail;
            e.Version = Guid.NewGuid();
            e.UpdatedUtc = now;
            e.UpdatedBy = Ctx.UserEmail;
        }
        Access.Audit(Ctx, "update", "symptom alert", alert.Id,
            $"acknowledged (care team knows): {AlertText.Heading(alert)}" + (earlier.Count > 0 ? $"; with {earlier.Count} earlier alert(s) of the same symptom" : ""));
        if (!await TrySaveAsync())
        {
            var current = await Db.SymptomAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, ct);
            if (current?.AcknowledgedUtc is not null)
            {
                ModelState.Clear();
                TempData.SetStatus($"This alert was already marked as dealt with by {current.AcknowledgedByEmail}.", "info");
                return Redirect(back);
            }
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus(returnUrl is null
            ? "Marked as dealt with. The alert stays in the history below."
            : $"Noted: the care team knows about “{AlertText.Heading(alert)}”. It stays in the alerts history.");
        return Redirect(back);
    }

    /// <summary>Where to go after confirming: the home page or this record's overview when asked, else the alerts page.</summary>
    private string SafeReturnUrl(string? returnUrl) =>
        returnUrl == "/" || returnUrl == $"/record/{RecordId}" ? returnUrl : $"/record/{RecordId}/symptoms/alerts";

    private async Task LoadAsync()
    {
        Zone = PatientTime.Zone((await CheckInFlow.SettingsAsync(Db, RecordId, HttpContext.RequestAborted))?.TimeZone);
        Items = (await Db.SymptomAlerts.AsNoTracking().Where(a => a.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted))
            .OrderByDescending(a => a.CreatedUtc).ThenByDescending(a => AlertLevels.Rank(a.Level)).ToList();
    }
}
