using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// "Questions for my visit": the questions computed from the record (with why, source and Learn link), and the patient's own
/// list (add, move up or down, tick off, write down the answer, delete). Reading needs view access; changing the list needs
/// contribute access (the patient, and caregivers who may add entries).
/// </summary>
public sealed class QuestionsModel(RecordAccess access, AppDbContext db, ContentStore content) : RecordPageModel(access, db)
{
    public sealed class OwnInput
    {
        [Required(ErrorMessage = "Write the question.")]
        [StringLength(1000, ErrorMessage = "Keep the question under {1} characters.")]
        [Display(Name = "Your question")]
        public string Text { get; set; } = "";
    }

    [BindProperty]
    public OwnInput Input { get; set; } = new();

    public List<VisitQuestion> Computed { get; private set; } = [];
    public List<OwnQuestion> Own { get; private set; } = [];
    public DateOnly Today { get; private set; }

    [Needs(Record.Access.View, Audit = "visit questions")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Adds a question at the end of the list.</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var last = await Db.OwnQuestions.Where(q => q.RecordId == RecordId).MaxAsync(q => (int?)q.Position, HttpContext.RequestAborted) ?? 0;
        var item = new OwnQuestion { RecordId = RecordId, Text = Input.Text.Trim(), Position = last + 1, UpdatedBy = Ctx.UserEmail };
        Db.OwnQuestions.Add(item);
        Access.Audit(Ctx, "create", "visit question", item.Id, item.Text);
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData.SetStatus("Added your question.");
        return Redirect($"/record/{RecordId}/questions#own");
    }

    /// <summary>Moves a question one place up or down (swaps it with its neighbour).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostMoveAsync(Guid id, string direction)
    {
        var list = await Db.OwnQuestions.Where(q => q.RecordId == RecordId).OrderBy(q => q.Position).ThenBy(q => q.CreatedUtc).ToListAsync(HttpContext.RequestAborted);
        var i = list.FindIndex(q => q.Id == id);
        if (i < 0) return NotFound();
        var j = direction == "up" ? i - 1 : i + 1;
        if (j >= 0 && j < list.Count)
        {
            (list[i], list[j]) = (list[j], list[i]);
            for (var k = 0; k < list.Count; k++)
                if (list[k].Position != k + 1)
                {
                    list[k].Position = k + 1;
                    list[k].Version = Guid.NewGuid();
                    list[k].UpdatedUtc = Clock.GetUtcNow().UtcDateTime;
                    list[k].UpdatedBy = Ctx.UserEmail;
                }
            Access.Audit(Ctx, "update", "visit question", id, $"moved {direction}");
            if (!await TrySaveAsync())
            {
                await LoadAsync();
                return Page();
            }
        }
        return Redirect($"/record/{RecordId}/questions#own");
    }

    /// <summary>Ticks a question off (asked) or back on, and keeps the answer written after the visit.</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostSaveAsync(Guid id, Guid version, bool done, string? answer)
    {
        var item = await Db.OwnQuestions.FirstOrDefaultAsync(q => q.Id == id && q.RecordId == RecordId, HttpContext.RequestAborted);
        if (item is null) return NotFound();
        answer = string.IsNullOrWhiteSpace(answer) ? null : answer.Trim();
        if (answer is { Length: > 4000 })
        {
            ModelState.AddModelError(string.Empty, "Keep the answer under 4000 characters.");
            await LoadAsync();
            return Page();
        }
        Expect(item, version);
        item.Done = done;
        item.Answer = answer;
        Access.Audit(Ctx, "update", "visit question", item.Id, done ? "asked" : "not yet asked");
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus(done ? "Ticked off." : "Saved.");
        return Redirect($"/record/{RecordId}/questions#own");
    }

    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid version)
    {
        var item = await Db.OwnQuestions.FirstOrDefaultAsync(q => q.Id == id && q.RecordId == RecordId, HttpContext.RequestAborted);
        if (item is null) return NotFound();
        Db.Entry(item).Property(nameof(IVersioned.Version)).OriginalValue = version;
        Db.OwnQuestions.Remove(item);
        Access.Audit(Ctx, "delete", "visit question", item.Id, item.Text);
        if (!await TrySaveAsync())
        {
            await LoadAsync();
            return Page();
        }
        TempData.SetStatus("Deleted the question.");
        return Redirect($"/record/{RecordId}/questions#own");
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var record = await ProfileJson.LoadAsync(Db, RecordId, ct) ?? Ctx.Record;
        var zone = PatientTime.Zone(await Db.SymptomSettings.Where(s => s.RecordId == RecordId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct));
        var now = Clock.GetUtcNow().UtcDateTime;
        Today = PatientTime.LocalDate(now, zone);

        var alerts = (await Db.SymptomAlerts.AsNoTracking()
                .Where(a => a.RecordId == RecordId && a.AcknowledgedUtc == null && (a.Level == AlertLevels.Urgent || a.Level == AlertLevels.Contact))
                .ToListAsync(ct))
            .GroupBy(a => (a.RuleId, a.Term)).Select(g => g.OrderByDescending(a => a.CreatedUtc).First())
            .Select(a => new OpenAlert(a.Level, a.RuleId, a.Heading ?? a.Term ?? a.RuleId, a.Action, PatientTime.LocalDate(a.CreatedUtc, zone)))
            .ToList();

        // The stored plan when there is one (it keeps edits and overdue items); otherwise the planner's.
        var horizon = Today.AddDays(VisitQuestions.DueWithinDays);
        var stored = await Db.MonitoringItems.AsNoTracking()
            .Where(i => i.RecordId == RecordId && i.Status == ItemStatus.Planned && i.Due <= horizon)
            .Select(i => new { i.Kind, i.Title, i.Due, i.Reason, i.Source }).ToListAsync(ct);
        var planned = await Db.MonitoringItems.AnyAsync(i => i.RecordId == RecordId, ct);
        var due = planned ? stored.Where(i => VisitQuestions.IsLabelCheck(i.Kind)).Select(i => new DueCheck(i.Kind, i.Title, i.Due, i.Reason, i.Source)).ToList() : null;

        Computed = VisitQuestions.For(record, Today, ResistanceTable.Cached(content.Directory), alerts, due);
        Own = await Db.OwnQuestions.AsNoTracking().Where(q => q.RecordId == RecordId).OrderBy(q => q.Position).ThenBy(q => q.CreatedUtc).ToListAsync(ct);
    }
}
