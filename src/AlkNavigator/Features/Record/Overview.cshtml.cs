using AlkNavigator.Data;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Mvc;

namespace AlkNavigator.Features.Record;

/// <summary>The record's front page: "where I am now" and the timeline of everything dated.</summary>
public sealed class OverviewModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public RecordSummary.Now Summary { get; private set; } = null!;
    public IReadOnlyList<RecordSummary.TimelineEvent> Timeline { get; private set; } = [];
    public DateOnly Today { get; private set; }
    /// <summary>Open urgent and contact symptom alerts, shown first (null when there are none).</summary>
    public OpenAlertBox? Alerts { get; private set; }
    /// <summary>Lab results at CTCAE grade 3 or more not yet followed by a lower one (a contact-level notice).</summary>
    public IReadOnlyList<Schedule.LabNotice> LabNotices { get; private set; } = [];
    public Interactions.InteractionsView Interactions { get; private set; } = null!;

    [Needs(Record.Access.View, Audit = "overview")]
    public async Task<IActionResult> OnGetAsync()
    {
        Alerts = (await AlertBoxes.LoadAsync(Db, [(Ctx.Record, Ctx.Access)], HttpContext.RequestAborted)).FirstOrDefault();
        await RecordSummary.LoadClinicalAsync(Db, Ctx.Record, HttpContext.RequestAborted);
        Today = ClinicalForms.Today;
        Summary = RecordSummary.Compute(Ctx.Record, Today);
        Timeline = RecordSummary.Timeline(Ctx.Record);
        LabNotices = await Schedule.LabNotices.ForRecordAsync(Db, RecordId, HttpContext.RequestAborted);
        Interactions = await Features.Interactions.InteractionsView.LoadAsync(Db, RecordId, compact: true, HttpContext.RequestAborted, Ctx.Record.Treatments);
        return Page();
    }

    public string ItemUrl(RecordSummary.TimelineEvent e) =>
        e.ItemId is { } id ? $"/record/{RecordId}/{e.Section}/{id}" : $"/record/{RecordId}/{e.Section}";
}
