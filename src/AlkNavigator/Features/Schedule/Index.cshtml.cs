using AlkNavigator.Features.Symptoms;
using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>The monitoring schedule: overdue, due now and upcoming items (a list by month or a month calendar), and history.</summary>
public sealed class ScheduleIndexModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    [FromQuery(Name = "view")] public string? View { get; set; }
    [FromQuery(Name = "month")] public string? MonthText { get; set; }

    public DateOnly Today { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public List<MonitoringItem> Items { get; private set; } = [];
    public List<MonitoringItem> Overdue { get; private set; } = [];
    public List<MonitoringItem> DueNow { get; private set; } = [];
    public List<MonitoringItem> Upcoming { get; private set; } = [];
    public List<MonitoringItem> History { get; private set; } = [];
    public ScheduleSettings? Settings { get; private set; }
    public bool Calendar => View == "calendar";
    public DateOnly Month { get; private set; }

    [Needs(Record.Access.View, Audit = "schedule")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Marks an item done today (form fields itemId, version).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostDoneAsync(Guid itemId, Guid version) => MarkAsync(itemId, version, ItemStatus.Done);

    /// <summary>Marks an item skipped (form fields itemId, version).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostSkipAsync(Guid itemId, Guid version) => MarkAsync(itemId, version, ItemStatus.Skipped);

    private async Task<IActionResult> MarkAsync(Guid itemId, Guid version, string status)
    {
        var ct = HttpContext.RequestAborted;
        var item = await Db.MonitoringItems.FirstOrDefaultAsync(i => i.Id == itemId && i.RecordId == RecordId, ct);
        if (item is null) return NotFound();
        var (today, _) = await PatientTime.TodayAsync(Db, RecordId, Clock, ct);
        item.Status = status;
        item.DoneDate = status == ItemStatus.Done ? today : null;
        Expect(item, version);
        Access.Audit(Ctx, "update", "schedule item", item.Id, $"{item.Title} ({ScheduleText.Iso(item.Due)}): {status}");
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus(status == ItemStatus.Done ? $"Marked “{item.Title}” as done." : $"Marked “{item.Title}” as skipped.");
        return Redirect($"/record/{RecordId}/schedule{(View == "calendar" ? "?view=calendar" : "")}");
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        (Today, Zone) = await PatientTime.TodayAsync(Db, RecordId, Clock, ct);
        Settings = await Db.ScheduleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == RecordId, ct);
        Items = await Db.MonitoringItems.AsNoTracking().Include(i => i.Results).Where(i => i.RecordId == RecordId).ToListAsync(ct);
        Items = Items.OrderBy(i => i.Due).ThenBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        var horizon = Today.AddMonths(PlanSync.Months);
        Overdue = Items.Where(i => ItemStatus.Of(i, Today) == ItemStatus.Overdue).ToList();
        DueNow = Items.Where(i => ItemStatus.Of(i, Today) == ItemStatus.Due).ToList();
        Upcoming = Items.Where(i => ItemStatus.Of(i, Today) == ItemStatus.Upcoming && i.Due <= horizon).ToList();
        History = Items.Where(i => i.Status is ItemStatus.Done or ItemStatus.Skipped)
            .OrderByDescending(i => i.DoneDate ?? i.Due).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        Month = DateOnly.TryParseExact(MonthText ?? "", "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
            && m.Year is >= 1900 and <= 2200 ? m : new DateOnly(Today.Year, Today.Month, 1);
    }

    /// <summary>The items shown in the calendar on a day: everything due that day.</summary>
    public IEnumerable<MonitoringItem> On(DateOnly day) => Items.Where(i => i.Due == day);
}
