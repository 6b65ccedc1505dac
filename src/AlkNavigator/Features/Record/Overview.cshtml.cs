using AlkNavigator.Data;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

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
    /// <summary>The in-app reminders box (_DueReminders): check-in, draft, doses.</summary>
    public DueReminders? DueReminders { get; private set; }
    /// <summary>The "what is due" monitoring box (_Upcoming).</summary>
    public IReadOnlyList<Schedule.UpcomingBlock> Upcoming { get; private set; } = [];

    [Needs(Record.Access.View, Audit = "overview")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var now = Clock.GetUtcNow().UtcDateTime;
        // Read only, and each thing once: everything the page and its boxes show comes from one compiled, untracked query
        // set (a split query: one command per collection); the boxes are computed from it in memory.
        var until = DateOnly.FromDateTime(now).AddDays(1 + Schedule.Upcoming.AheadDays); // no time zone's today is later than UTC's + 1
        var d = await Load(Db, RecordId, until, ct) ?? throw new InvalidOperationException("The opened record is gone.");
        var record = d.Record; // an untracked copy with its clinical collections; Ctx.Record stays as opened
        record.Treatments = d.Treatments;
        record.Sites = d.Sites;
        record.EcogEntries = d.EcogEntries;
        record.Progressions = d.Progressions;
        record.Biomarkers = d.Biomarkers;
        record.Procedures = d.Procedures;
        record.Medicines = d.Medicines;

        DueReminders = await DueNow.FromAsync(Db, RecordId, now, d.Settings, d.LastSubmittedUtc, d.Draft, d.Treatments, ct);
        Alerts = AlertBoxes.From(Ctx.Record, Ctx.Access, d.OpenAlerts,
            d.Phones.Select(p => (p.Name, p.Role, p.Phone, p.IsEmergencyContact)), DueReminders.Zone);
        Today = DueReminders.Today; // the patient's local date (PatientTime)
        Summary = RecordSummary.Compute(record, Today);
        Timeline = RecordSummary.Timeline(record);
        LabNotices = Schedule.LabNotices.Open(d.LabResults);
        Interactions = await Features.Interactions.InteractionsView.LoadAsync(Db, RecordId, compact: true, ct, d.Treatments, d.Medicines); // no query: both given
        Upcoming = Schedule.Upcoming.From([(Ctx.Record, Ctx.Access)], d.Planned, new Dictionary<Guid, DateOnly> { [RecordId] = DueReminders.Today });
        return Page();
    }

    public string ItemUrl(RecordSummary.TimelineEvent e) =>
        e.ItemId is { } id ? $"/record/{RecordId}/{e.Section}/{id}" : $"/record/{RecordId}/{e.Section}";

    /// <summary>What the overview reads, in one query set.</summary>
    private sealed class Data
    {
        public required PatientRecord Record { get; init; }
        public required List<TreatmentLine> Treatments { get; init; }
        public required List<SiteObservation> Sites { get; init; }
        public required List<EcogEntry> EcogEntries { get; init; }
        public required List<ProgressionEvent> Progressions { get; init; }
        public required List<BiomarkerResult> Biomarkers { get; init; }
        public required List<ProcedureEntry> Procedures { get; init; }
        public required List<OtherMedicine> Medicines { get; init; }
        public SymptomSettings? Settings { get; init; }
        public DateTime? LastSubmittedUtc { get; init; }
        public CheckIn? Draft { get; init; }
        public required List<SymptomAlert> OpenAlerts { get; init; }
        public required List<PhoneRow> Phones { get; init; }
        public required List<MonitoringResult> LabResults { get; init; }
        public required List<MonitoringItem> Planned { get; init; }
    }

    private sealed record PhoneRow(string Name, string Role, string? Phone, bool IsEmergencyContact);

    private static readonly Func<AppDbContext, Guid, DateOnly, CancellationToken, Task<Data?>> Load = EF.CompileAsyncQuery(
        (AppDbContext db, Guid id, DateOnly until, CancellationToken ct) => db.Records.AsNoTracking().AsSplitQuery()
            .Where(r => r.Id == id)
            .Select(r => new Data
            {
                Record = r,
                Treatments = r.Treatments.ToList(),
                Sites = r.Sites.ToList(),
                EcogEntries = r.EcogEntries.ToList(),
                Progressions = r.Progressions.ToList(),
                Biomarkers = r.Biomarkers.ToList(),
                Procedures = r.Procedures.ToList(),
                Medicines = r.Medicines.ToList(),
                // As DueNow.ForAsync reads them.
                Settings = db.SymptomSettings.FirstOrDefault(s => s.RecordId == r.Id),
                LastSubmittedUtc = db.CheckIns.Where(c => c.RecordId == r.Id && c.Status == CheckInStatus.Submitted && c.SubmittedUtc != null)
                    .Max(c => c.SubmittedUtc),
                Draft = db.CheckIns.Where(c => c.RecordId == r.Id && c.Status == CheckInStatus.Draft)
                    .OrderBy(c => c.StartedUtc).ThenBy(c => c.Id).FirstOrDefault(),
                // As AlertBoxes.LoadAsync reads them.
                OpenAlerts = db.SymptomAlerts.Where(a => a.RecordId == r.Id && a.AcknowledgedUtc == null
                                                         && (a.Level == AlertLevels.Urgent || a.Level == AlertLevels.Contact)).ToList(),
                Phones = r.CareTeam.Where(m => m.Phone != null && m.Phone != "" && m.Role != "caregiver")
                    .Select(m => new PhoneRow(m.Name, m.Role, m.Phone, m.IsEmergencyContact)).ToList(),
                // As LabNotices.ForRecordAsync and Upcoming.LoadAsync read them.
                LabResults = db.MonitoringResults.Where(x => x.RecordId == r.Id && x.ImagingOutcome == null && x.Analyte != null && x.Value != null).ToList(),
                Planned = db.MonitoringItems.Where(i => i.RecordId == r.Id && i.Status == ItemStatus.Planned && i.Due <= until)
                    .OrderBy(i => i.Due).ToList(),
            })
            .FirstOrDefault());
}
