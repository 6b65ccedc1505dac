using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The progression-planning checklist: one form per item (fields Key, Version, Status, Note, Date).</summary>
public sealed class PlanModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public const int NoteMax = 2000;

    public sealed record Row(string Key, string Title, string Help, PlanItem? Item, string Status, string? Note, string? Date, Guid Version);

    public List<Row> Rows { get; private set; } = [];
    public int DoneCount => Rows.Count(r => r.Item?.Status == "done");

    /// <summary>The item whose form failed (its typed values are shown again, with the errors).</summary>
    public string? FailedKey { get; private set; }

    public static string StatusLabel(string status) => status switch
    {
        "in-progress" => "In progress",
        "done" => "Done",
        _ => "Not started",
    };

    [Needs(Record.Access.View, Audit = "progression plan")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync(string? key, Guid version, string? status, string? note, string? date)
    {
        var def = ProgressionPlan.Items.FirstOrDefault(i => i.Key == key);
        if (def.Key is null) return NotFound();

        ModelState.Clear(); // the handler's parameters are checked here, one message per field
        status = status?.Trim() ?? "";
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        DateOnly? when = null;
        if (!Vocabulary.PlanStatuses.Contains(status))
            ModelState.AddModelError("Status", "Choose a status: not started, in progress or done.");
        if (note is { Length: > NoteMax })
            ModelState.AddModelError("Note", $"Keep the note under {NoteMax} characters.");
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) when = d;
            else ModelState.AddModelError("Date", "Enter the date as day, month and year.");
            // The same date rule as everywhere in the record (and its import): not in the future, not before 1900.
            ClinicalForms.CheckDate(ModelState, "Date", when, await TodayAsync(), "date");
        }
        if (!ModelState.IsValid) return await FailAsync(def.Key, status, note, date, version);

        var item = await Db.PlanItems.FirstOrDefaultAsync(p => p.RecordId == RecordId && p.Key == def.Key, HttpContext.RequestAborted);
        if (item is null)
        {
            // Older records may miss an item: it is created on its first save.
            item = new PlanItem { RecordId = RecordId, Key = def.Key, UpdatedBy = Ctx.UserEmail };
            Db.PlanItems.Add(item);
        }
        else
        {
            Expect(item, version);
        }
        var before = item.Status;
        item.Status = status;
        item.Note = note;
        item.Date = when;
        Access.Audit(Ctx, "update", "progression plan", item.Id,
            $"{def.Title}: {StatusLabel(status)}" + (before != status ? $" (was {StatusLabel(before).ToLowerInvariant()})" : "") + (when is null ? "" : $", {when:yyyy-MM-dd}"));

        bool saved;
        try
        {
            saved = await TrySaveAsync();
        }
        catch (DbUpdateException)
        {
            // Two people created the same missing item at once: the unique (record, key) index refused the second.
            foreach (var entry in Db.ChangeTracker.Entries().ToList()) entry.State = EntityState.Detached;
            ModelState.AddModelError(string.Empty, Concurrency.ConflictLead + " Review the current values, then save again if your change is still right.");
            saved = false;
        }
        if (!saved)
        {
            var current = await Db.PlanItems.AsNoTracking().FirstOrDefaultAsync(p => p.RecordId == RecordId && p.Key == def.Key, HttpContext.RequestAborted);
            return await FailAsync(def.Key, status, note, date, current?.Version ?? Guid.Empty);
        }

        TempData.SetStatus($"Saved “{def.Title}”: {StatusLabel(status).ToLowerInvariant()}.");
        return Redirect($"/record/{RecordId}/plan#plan-{def.Key}");
    }

    private async Task<IActionResult> FailAsync(string key, string status, string? note, string? date, Guid version)
    {
        FailedKey = key;
        await LoadAsync();
        var i = Rows.FindIndex(r => r.Key == key);
        Rows[i] = Rows[i] with { Status = status, Note = note, Date = date, Version = version };
        return Page();
    }

    private async Task LoadAsync()
    {
        var items = await Db.PlanItems.AsNoTracking().Where(p => p.RecordId == RecordId).ToListAsync(HttpContext.RequestAborted);
        Rows = ProgressionPlan.Items.Select(d =>
        {
            var item = items.FirstOrDefault(p => p.Key == d.Key);
            return new Row(d.Key, d.Title, d.Help, item, item?.Status ?? "not-started", item?.Note, item?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item?.Version ?? Guid.Empty);
        }).ToList();
    }
}
