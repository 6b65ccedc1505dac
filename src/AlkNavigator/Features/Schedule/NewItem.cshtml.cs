using AlkNavigator.Features.Symptoms;
using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;

namespace AlkNavigator.Features.Schedule;

/// <summary>Adds an item by hand (an order from the care team): kept as it is when the plan updates.</summary>
public sealed class ScheduleNewItemModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public sealed class NewItemInput
    {
        [Display(Name = "What")]
        public string? Kind { get; set; }

        [Display(Name = "Title")]
        public string? Title { get; set; }

        [Display(Name = "Due date")]
        public DateOnly? Due { get; set; }

        [Display(Name = "Window (days either side)")]
        public int? WindowDays { get; set; } = 7;

        [Display(Name = "Note")]
        public string? Note { get; set; }
    }

    /// <summary>The reason of an item added by hand; names nobody (it is shown in the anonymous calendar feed).</summary>
    public const string UserReason = "Added by hand (for example an order from the care team).";

    [BindProperty]
    public NewItemInput Input { get; set; } = new();

    public DateOnly Today { get; private set; }

    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnGetAsync()
    {
        (Today, _) = await PatientTime.TodayAsync(Db, RecordId, Clock, HttpContext.RequestAborted);
        Input.Due = Today;
        return Page();
    }

    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostAsync()
    {
        (Today, _) = await PatientTime.TodayAsync(Db, RecordId, Clock, HttpContext.RequestAborted);
        ClinicalForms.FriendlyBindingErrors(ModelState, new Dictionary<string, string>
        {
            ["Input.Due"] = ClinicalForms.DateFormatMessage,
            ["Input.WindowDays"] = "Enter the window as a whole number of days, from 0 to 90.",
        });
        var kind = ClinicalForms.Pick(Input.Kind, SchedulePlanner.Kinds);
        if (kind is null) ModelState.AddModelError("Input.Kind", "Choose what kind of item this is.");
        var title = ClinicalForms.Clean(Input.Title) ?? (kind is null ? null : ScheduleText.KindLabel(kind));
        if (title is { Length: > 200 }) ModelState.AddModelError("Input.Title", "Keep the title under 200 characters.");
        if (Input.Due is null && !ClinicalForms.HasError(ModelState, "Input.Due")) ModelState.AddModelError("Input.Due", "Enter the due date.");
        else if (Input.Due is { } d && (d < ClinicalForms.Earliest || d > Today.AddYears(10))) ModelState.AddModelError("Input.Due", "The due date looks wrong. Check the year.");
        if (Input.WindowDays is { } w && (w < 0 || w > 90)) ModelState.AddModelError("Input.WindowDays", "Enter the window as a whole number of days, from 0 to 90.");
        if (Input.Note is { Length: > 2000 }) ModelState.AddModelError("Input.Note", "Keep the note under 2000 characters.");
        if (!ModelState.IsValid) return Page();

        var item = new MonitoringItem
        {
            RecordId = RecordId, Kind = kind!, Title = title!, Due = Input.Due!.Value, WindowDays = Input.WindowDays ?? 7,
            // The reason goes into the anonymous calendar feed and reminder emails: never a name or email (who added it is in the audit log).
            Reason = UserReason,
            Source = "care team", Origin = ItemOrigin.User, PlanKey = null, Note = ClinicalForms.Clean(Input.Note), UpdatedBy = Ctx.UserEmail,
        };
        if (item.Reason.Length > 1000) item.Reason = item.Reason[..1000];
        Db.MonitoringItems.Add(item);
        Access.Audit(Ctx, "create", "schedule item", item.Id, $"{item.Title}: due {ScheduleText.Iso(item.Due)}");
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData.SetStatus($"Added “{item.Title}” on {ScheduleText.Date(item.Due)}.");
        return Redirect($"/record/{RecordId}/schedule");
    }
}
