using AlkNavigator.Data;
using AlkNavigator.Features.Interactions;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Visit;

/// <summary>A symptom since the last visit: its worst answer (PRO-CTCAE 0–4) over every attribute asked, and when.</summary>
public sealed record PackSymptom(string Term, int Worst, string Attribute, string Label, DateOnly Date);

/// <summary>A scan result (CT, brain MRI, PET) as the schedule recorded it.</summary>
public sealed record PackScan(DateOnly Date, string Kind, string Title, string Outcome, string? Note);

/// <summary>A lab result with its CTCAE v5 grade where one applies.</summary>
public sealed record PackLab(DateOnly Date, string Analyte, decimal Value, string? Unit, decimal? RefHigh, int? Grade);

/// <summary>
/// Everything the visit pack (<c>/record/{rid}/visit</c>), the second-opinion pack (its page, its PDF and its share link)
/// show, read in one place because four callers show it: the two pages, the PDF download and the anonymous shared page.
/// Reads only. <see cref="Full"/> adds the full history and the patient's own summary.
/// </summary>
public sealed class VisitPackData
{
    public required PatientRecord Record { get; init; }
    public required DateOnly Today { get; init; }
    public required bool Full { get; init; }
    public required RecordSummary.Now Now { get; init; }
    public required IReadOnlyList<(TreatmentLine Line, int Number)> Lines { get; init; }
    /// <summary>The latest visit dated before today, when there is one.</summary>
    public VisitEntry? LastVisit { get; init; }
    /// <summary>The next recorded visit (today or later), when there is one.</summary>
    public VisitEntry? NextVisit { get; init; }
    /// <summary>Where "since the last visit" starts: the last visit's date, or <see cref="SinceLastVisit.FallbackWeeks"/> weeks ago.</summary>
    public required DateOnly SymptomsFrom { get; init; }
    public required IReadOnlyList<PackSymptom> Symptoms { get; init; }
    public required int CheckIns { get; init; }
    public string? Drug { get; init; }
    public Adherence? Adherence { get; init; }
    public required InteractionsView Interactions { get; init; }
    public required IReadOnlyList<PackScan> Scans { get; init; }
    public required IReadOnlyList<PackLab> Labs { get; init; }
    public required IReadOnlyList<MonitoringItem> Due { get; init; }
    public required IReadOnlyList<VisitQuestion> Questions { get; init; }
    public required IReadOnlyList<OwnQuestion> OwnQuestions { get; init; }

    // The second-opinion pack only (empty otherwise).
    public PatientSummary? Summary { get; init; }
    public IReadOnlyList<RecordSummary.TimelineEvent> Timeline { get; init; } = [];
    public IReadOnlyList<VisitEntry> Visits { get; init; } = [];
    public IReadOnlyList<OwnQuestion> Answered { get; init; } = [];
    public IReadOnlyList<PackScan> AllScans { get; init; } = [];
    public IReadOnlyList<PackLab> AllLabs { get; init; } = [];

    /// <summary>The ALK test in words: "Positive by FISH", "Not recorded".</summary>
    public string AlkTest
    {
        get
        {
            var r = Record;
            if (string.IsNullOrEmpty(r.AlkStatus) && string.IsNullOrEmpty(r.AlkMethod)) return "Not recorded";
            var status = r.AlkStatus switch { "positive" => "Positive", "negative" => "Negative", null or "" => "Result not recorded", var s => char.ToUpperInvariant(s[0]) + s[1..] };
            var method = string.IsNullOrEmpty(r.AlkMethod) ? "" : $" by {RecordSummary.AlkMethodLabel(r.AlkMethod)}";
            var fusion = RecordSummary.FusionText(r) is { } f ? $" ({f})" : "";
            return status + method + fusion;
        }
    }
}

/// <summary>"Since my last visit": where it starts (one rule for the symptom summary and the visit pack).</summary>
public static class SinceLastVisit
{
    /// <summary>With no visit recorded before today, the summary covers this many weeks.</summary>
    public const int FallbackWeeks = 12;

    /// <summary>
    /// The latest visit dated before <paramref name="today"/> (the patient's local date). A visit today is the visit being
    /// prepared for, so it does not reset the period; a planned visit (a later date) neither.
    /// </summary>
    public static Task<VisitEntry?> LastVisitAsync(AppDbContext db, Guid recordId, DateOnly today, CancellationToken ct) =>
        db.Visits.AsNoTracking().Where(v => v.RecordId == recordId && v.Date < today)
            .OrderByDescending(v => v.Date).ThenByDescending(v => v.CreatedUtc).FirstOrDefaultAsync(ct);

    /// <summary>The first day of the period: the last visit's date, or <see cref="FallbackWeeks"/> weeks before today.</summary>
    public static DateOnly From(VisitEntry? last, DateOnly today) => last?.Date ?? today.AddDays(-7 * FallbackWeeks);
}

public static class VisitPack
{
    /// <summary>The latest scans and the latest result of each lab shown on the visit pack.</summary>
    public const int LatestScans = 3;

    public static async Task<VisitPackData> LoadAsync(AppDbContext db, Guid recordId, DateTime nowUtc, ContentStore content, bool full, CancellationToken ct)
    {
        var record = await db.Records.AsNoTracking().AsSplitQuery()
            .Include(r => r.Treatments).Include(r => r.Sites).Include(r => r.EcogEntries).Include(r => r.Progressions)
            .Include(r => r.Biomarkers).Include(r => r.Procedures).Include(r => r.Medicines).Include(r => r.CareTeam).Include(r => r.PlanItems)
            .FirstOrDefaultAsync(r => r.Id == recordId, ct) ?? throw new InvalidOperationException("The record is gone.");
        var (settings, zone) = await SymptomHistory.SettingsAsync(db, recordId, ct);
        var today = PatientTime.LocalDate(nowUtc, zone);

        var visits = await db.Visits.AsNoTracking().Where(v => v.RecordId == recordId).ToListAsync(ct);
        var last = visits.Where(v => v.Date < today).OrderByDescending(v => v.Date).ThenByDescending(v => v.CreatedUtc).FirstOrDefault();
        var next = visits.Where(v => v.Date >= today).OrderBy(v => v.Date).ThenBy(v => v.CreatedUtc).FirstOrDefault();
        var from = SinceLastVisit.From(last, today);

        // Symptoms since the last visit: the worst answer per symptom (over its attributes), latest date it was given.
        var checkIns = await SymptomHistory.SubmittedAsync(db, recordId, PatientTime.ToUtc(from, TimeOnly.MinValue, zone), zone, ct);
        var symptoms = new List<PackSymptom>();
        foreach (var term in SymptomHistory.Terms(checkIns))
        {
            var answers = checkIns.SelectMany(c => c.CheckIn.Answers.Where(a => string.Equals(a.Term, term, StringComparison.OrdinalIgnoreCase)).Select(a => (a, c.Date))).ToList();
            var worst = answers.Max(x => x.a.Value);
            var top = answers.Where(x => x.a.Value == worst).OrderByDescending(x => x.Date).First();
            symptoms.Add(new PackSymptom(term, worst, top.a.Attribute, SymptomHistory.Label(top.a.Attribute, worst), top.Date));
        }

        // Adherence to the current ALK drug since tracking began (the first dose marked for it, not before the line started).
        var current = AlkDrugs.CurrentLine(record.Treatments);
        var drug = current is null ? null : Vocabulary.TkiIn(current.Agent);
        Adherence? adherence = null;
        if (current is not null && drug is not null && Dosing.For(drug) is { } dosing)
        {
            var marks = await db.DoseEntries.AsNoTracking().Where(d => d.RecordId == recordId && d.Drug == drug && d.LocalDate >= current.Start).ToListAsync(ct);
            if (marks.Count > 0)
            {
                var start = marks.Min(m => m.LocalDate);
                adherence = Dosing.Compute(start, today, Dosing.TimesFor(dosing, current.Schedule, settings.DoseTimes), zone, marks, nowUtc, current.Start);
            }
        }

        // Scans and labs from the schedule's results.
        var results = await db.MonitoringResults.AsNoTracking().Where(x => x.RecordId == recordId)
            .Join(db.MonitoringItems, x => x.ItemId, i => i.Id, (x, i) => new { x, i.Kind, i.Title }).ToListAsync(ct);
        var scans = results.Where(r => r.x.ImagingOutcome is not null)
            .Select(r => new PackScan(r.x.Date, r.Kind, r.Title, ScheduleText.OutcomeLabel(r.x.ImagingOutcome), r.x.Note))
            .OrderByDescending(s => s.Date).ToList();
        var labs = results.Where(r => r.x.Analyte is not null && r.x.Value is not null)
            .Select(r => new PackLab(r.x.Date, r.x.Analyte!, r.x.Value!.Value, r.x.Unit, r.x.RefHigh, r.x.Grade))
            .OrderByDescending(l => l.Date).ToList();
        var latestLabs = labs.GroupBy(l => l.Analyte, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).OrderBy(l => l.Analyte, StringComparer.OrdinalIgnoreCase).ToList();

        // What is due: overdue and due items, then the next three (as the overview's box).
        var planned = await db.MonitoringItems.AsNoTracking()
            .Where(i => i.RecordId == recordId && i.Status == ItemStatus.Planned && i.Due <= today.AddDays(Upcoming.AheadDays))
            .OrderBy(i => i.Due).ToListAsync(ct);
        var due = Upcoming.From([(record, Access.View)], planned, new Dictionary<Guid, DateOnly> { [recordId] = today }).SelectMany(b => b.Items).ToList();

        // The questions: computed from the record (as the questions page does), then the patient's own not yet asked.
        var alerts = (await db.SymptomAlerts.AsNoTracking()
                .Where(a => a.RecordId == recordId && a.AcknowledgedUtc == null && (a.Level == AlertLevels.Urgent || a.Level == AlertLevels.Contact))
                .ToListAsync(ct))
            .GroupBy(a => (a.RuleId, a.Term)).Select(g => g.OrderByDescending(a => a.CreatedUtc).First())
            .Select(a => new OpenAlert(a.Level, a.RuleId, a.Heading ?? a.Term ?? a.RuleId, a.Action, PatientTime.LocalDate(a.CreatedUtc, zone)))
            .ToList();
        var labelChecks = planned.Count > 0 || await db.MonitoringItems.AnyAsync(i => i.RecordId == recordId, ct)
            ? planned.Where(i => VisitQuestions.IsLabelCheck(i.Kind) && i.Due <= today.AddDays(VisitQuestions.DueWithinDays))
                .Select(i => new DueCheck(i.Kind, i.Title, i.Due, i.Reason, i.Source)).ToList()
            : null;
        var questions = VisitQuestions.For(record, today, ResistanceTable.Cached(content.Directory), alerts, labelChecks);
        var own = await db.OwnQuestions.AsNoTracking().Where(q => q.RecordId == recordId).OrderBy(q => q.Position).ThenBy(q => q.CreatedUtc).ToListAsync(ct);

        return new VisitPackData
        {
            Record = record,
            Today = today,
            Full = full,
            Now = RecordSummary.Compute(record, today),
            Lines = RecordSummary.NumberedLines(record.Treatments),
            LastVisit = last,
            NextVisit = next,
            SymptomsFrom = from,
            Symptoms = symptoms.OrderByDescending(s => s.Worst).ThenBy(s => s.Term, StringComparer.OrdinalIgnoreCase).ToList(),
            CheckIns = checkIns.Count,
            Drug = drug,
            Adherence = adherence,
            Interactions = InteractionsView.For(record, compact: true),
            Scans = scans.Take(LatestScans).ToList(),
            Labs = latestLabs,
            Due = due,
            Questions = questions,
            OwnQuestions = own.Where(q => !q.Done).ToList(),
            Summary = full ? await db.PatientSummaries.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == recordId, ct) : null,
            Timeline = full ? RecordSummary.Timeline(record) : [],
            Visits = full ? visits.OrderByDescending(v => v.Date).ToList() : [],
            Answered = full ? own.Where(q => q.Answer is not null).ToList() : [],
            AllScans = full ? scans : [],
            AllLabs = full ? labs : [],
        };
    }

    /// <summary>"Lorlatinib 100 mg once daily, since 3 Mar 2025 (line 2)"; null when no treatment is current.</summary>
    public static string? CurrentText(VisitPackData d) =>
        d.Now.Current is not { } c ? null
            : $"{c.Agent}{(string.IsNullOrEmpty(c.Dose) ? "" : $" {c.Dose}")}{(string.IsNullOrEmpty(c.Schedule) ? "" : $" {c.Schedule}")}, since {RecordSummary.FormatDate(c.Start)} (line {d.Now.CurrentLineNumber})";

    /// <summary>"Pneumonitis: Severity Moderate (2), 3 Feb 2026".</summary>
    public static string SymptomText(PackSymptom s) =>
        $"{s.Term}: {char.ToUpperInvariant(s.Attribute[0]) + s.Attribute[1..]} {s.Label} ({s.Worst}), {RecordSummary.FormatDate(s.Date)}";

    public static string LabText(PackLab l) =>
        $"{LabNotices.Label(l.Analyte)}: {ScheduleText.Number(l.Value)}{(string.IsNullOrEmpty(l.Unit) ? "" : $" {l.Unit}")}" +
        $"{(l.RefHigh is { } h ? $" (upper limit {ScheduleText.Number(h)})" : "")}, {ScheduleText.GradeText(l.Grade)}, {RecordSummary.FormatDate(l.Date)}";

    public static string ScanText(PackScan s) => $"{s.Title}: {s.Outcome}, {RecordSummary.FormatDate(s.Date)}{(string.IsNullOrEmpty(s.Note) ? "" : $". {s.Note}")}";

    public static string LineText((TreatmentLine Line, int Number) x)
    {
        var t = x.Line;
        return $"Line {x.Number}: {t.Agent}{(string.IsNullOrEmpty(t.Dose) ? "" : $" {t.Dose}")}{(string.IsNullOrEmpty(t.Schedule) ? "" : $" {t.Schedule}")}, " +
               $"{RecordSummary.FormatDate(t.Start)} to {(t.End is { } e ? RecordSummary.FormatDate(e) : "now")}" +
               (t.End is null ? "" : $" ({(t.StopReason is null ? "reason not recorded" : RecordSummary.StopReasonLabel(t.StopReason).ToLowerInvariant())})");
    }

    public static string BiomarkerText(BiomarkerResult b) =>
        $"{b.Gene} {b.Alteration}{(b.Source is null ? "" : $" ({RecordSummary.BiomarkerSourceLabel(b.Source).ToLowerInvariant()})")}{(b.Date is { } d ? $", {RecordSummary.FormatDate(d)}" : ", undated")}";

    public static string AdherenceText(Adherence a) =>
        $"From {RecordSummary.FormatDate(a.From)} to {RecordSummary.FormatDate(a.To)}: {a.Due} doses due, {a.Taken} taken, {a.Missed} marked missed, {a.NotRecorded} not recorded" +
        (a.Percent is { } p ? $"; {p}% taken as scheduled." : ".");

    public static string VisitWith(VisitEntry v) => string.IsNullOrWhiteSpace(v.WithWhom) ? "not recorded" : v.WithWhom;
}
