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

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync(Record.Access.View, auditReadOf: "symptom alerts") is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    /// <summary>Marks an alert as acknowledged (form fields AlertId, Version). Doing it twice changes nothing.</summary>
    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid alertId, Guid version)
    {
        if (await OpenAsync(Record.Access.Contribute) is { } denied) return denied;
        var alert = await Db.SymptomAlerts.FirstOrDefaultAsync(a => a.Id == alertId && a.RecordId == RecordId, HttpContext.RequestAborted);
        if (alert is null) return NotFound();
        if (alert.AcknowledgedUtc is not null)
        {
            TempData.SetStatus($"This alert was already marked as dealt with by {alert.AcknowledgedByEmail}.", "info");
            return Redirect($"/record/{RecordId}/symptoms/alerts");
        }
        Expect(alert, version);
        alert.AcknowledgedUtc = DateTime.UtcNow;
        alert.AcknowledgedByEmail = Ctx.UserEmail;
        Access.Audit(Ctx, "update", "symptom alert", alert.Id, $"acknowledged (care team knows): {AlertText.Heading(alert)}");
        if (!await TrySaveAsync())
        {
            var now = await Db.SymptomAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, HttpContext.RequestAborted);
            if (now?.AcknowledgedUtc is not null)
            {
                ModelState.Clear();
                TempData.SetStatus($"This alert was already marked as dealt with by {now.AcknowledgedByEmail}.", "info");
                return Redirect($"/record/{RecordId}/symptoms/alerts");
            }
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus("Marked as dealt with. The alert stays in the history below.");
        return Redirect($"/record/{RecordId}/symptoms/alerts");
    }

    private async Task LoadAsync()
    {
        Zone = PatientTime.Zone((await CheckInFlow.SettingsAsync(Db, RecordId, HttpContext.RequestAborted))?.TimeZone);
        Items = (await Db.SymptomAlerts.AsNoTracking().Where(a => a.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted))
            .OrderByDescending(a => a.CreatedUtc).ThenByDescending(a => AlertLevels.Rank(a.Level)).ToList();
    }
}
