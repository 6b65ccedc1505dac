using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>"Since my last visit": one printable page of worst answers, alerts, adherence and medicine changes.</summary>
public sealed class SummaryModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public const int DefaultWeeks = Visit.SinceLastVisit.FallbackWeeks;

    [FromQuery(Name = "since")]
    public string? Since { get; set; }

    public string? SinceError { get; private set; }
    /// <summary>The latest visit recorded before today: the period starts on its date unless another date is asked for.</summary>
    public Visit.VisitEntry? LastVisit { get; private set; }
    /// <summary>True when the period was chosen with ?since=.</summary>
    public bool Chosen => !string.IsNullOrWhiteSpace(Since) && SinceError is null;
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }

    public sealed record Worst(string Term, string Attribute, int Value, string Label, DateOnly Date, string? Meaning);
    public sealed record WeekAdherence(DateOnly From, DateOnly To, Adherence Adherence);

    public List<Worst> WorstAnswers { get; } = [];
    public List<SymptomAlert> Alerts { get; } = [];
    public string? Drug { get; private set; }
    public DrugDosing? Dosing { get; private set; }
    public Adherence? Adherence { get; private set; }
    public List<WeekAdherence> Weeks { get; } = [];
    public List<OtherMedicine> NewMedicines { get; } = [];
    public List<TreatmentLine> Started { get; } = [];
    public List<TreatmentLine> Stopped { get; } = [];
    public int CheckInCount { get; private set; }
    public Interactions.InteractionsView Interactions { get; private set; } = null!;
    public int OnBehalfCount { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    [Needs(Record.Access.View, Audit = "symptom summary")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var (settings, zone) = await SymptomHistory.SettingsAsync(Db, RecordId, ct);
        Zone = zone;
        var nowUtc = Clock.GetUtcNow().UtcDateTime;
        To = PatientTime.LocalDate(nowUtc, zone);
        // Since the last recorded visit (before today); with none, the last 12 weeks (the page says which).
        LastVisit = await Visit.SinceLastVisit.LastVisitAsync(Db, RecordId, To, ct);
        From = Visit.SinceLastVisit.From(LastVisit, To);
        if (!string.IsNullOrWhiteSpace(Since))
        {
            if (!DateOnly.TryParseExact(Since.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var since))
                SinceError = $"“{Since}” is not a date. Enter it as year-month-day, for example {RecordSummary.IsoDate(To.AddDays(-7 * DefaultWeeks))}. Showing {Default} instead.";
            else if (since > To)
                SinceError = $"The date can't be in the future. Today is {RecordSummary.FormatDate(To)}. Showing {Default} instead.";
            else if (since < To.AddYears(-10))
                SinceError = $"Choose a date in the last 10 years. Showing {Default} instead.";
            else From = since;
        }
        if (SinceError is not null) ModelState.AddModelError("since", SinceError);
        var fromUtc = PatientTime.ToUtc(From, TimeOnly.MinValue, zone);

        // Check-ins and the worst answer per symptom and attribute (latest date it was given).
        var checkIns = await SymptomHistory.SubmittedAsync(Db, RecordId, fromUtc, zone, ct);
        CheckInCount = checkIns.Count;
        OnBehalfCount = checkIns.Count(c => c.CheckIn.OnBehalf);
        foreach (var term in SymptomHistory.Terms(checkIns))
        {
            var answers = checkIns.SelectMany(c => c.CheckIn.Answers.Where(a => string.Equals(a.Term, term, StringComparison.OrdinalIgnoreCase)).Select(a => (a, c.Date))).ToList();
            foreach (var attribute in SymptomHistory.AttributesOf(term, answers.Select(x => x.a.Attribute)))
            {
                var of = answers.Where(x => x.a.Attribute == attribute).ToList();
                if (of.Count == 0) continue;
                var max = of.Max(x => x.a.Value);
                var date = of.Where(x => x.a.Value == max).Max(x => x.Date);
                WorstAnswers.Add(new Worst(term, attribute, max, SymptomHistory.Label(attribute, max), date, SymptomHistory.CtcaeMeaning(attribute, max)));
            }
        }

        Alerts.AddRange((await Db.SymptomAlerts.AsNoTracking().Where(a => a.RecordId == RecordId && a.CreatedUtc >= fromUtc).ToListAsync(ct))
            .OrderByDescending(a => AlertLevels.Rank(a.Level)).ThenByDescending(a => a.CreatedUtc));

        Interactions = await Features.Interactions.InteractionsView.LoadAsync(Db, RecordId, compact: true, ct);

        // Treatment changes and new medicines in the period.
        var treatments = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        Started.AddRange(treatments.Where(t => t.Start >= From && t.Start <= To).OrderBy(t => t.Start));
        Stopped.AddRange(treatments.Where(t => t.End is { } e && e >= From && e <= To).OrderBy(t => t.End));
        NewMedicines.AddRange((await Db.Medicines.AsNoTracking().Where(m => m.RecordId == RecordId && m.CreatedUtc >= fromUtc).ToListAsync(ct)).OrderBy(m => m.CreatedUtc));

        // Adherence to the current TKI in the period, overall and per week.
        var current = AlkDrugs.CurrentLine(treatments);
        Drug = current is null ? null : Vocabulary.TkiIn(current.Agent);
        Dosing = Symptoms.Dosing.For(Drug);
        if (current is not null && Drug is not null && Dosing is not null)
        {
            var times = Symptoms.Dosing.TimesFor(Dosing, current.Schedule, settings.DoseTimes); // as the medication page does
            var start = current.Start > From ? current.Start : From;
            var marks = await Db.DoseEntries.AsNoTracking().Where(d => d.RecordId == RecordId && d.Drug == Drug && d.LocalDate >= start).ToListAsync(ct);
            Adherence = Symptoms.Dosing.Compute(start, To, times, zone, marks, nowUtc, current.Start);
            for (var w = start; w <= To; w = w.AddDays(7))
            {
                var end = w.AddDays(6) < To ? w.AddDays(6) : To;
                Weeks.Add(new WeekAdherence(w, end, Symptoms.Dosing.Compute(w, end, times, zone, marks, nowUtc, current.Start)));
            }
        }
        return Page();
    }

    /// <summary>What the default period is, for the messages: "everything since your last visit" or "the last 12 weeks".</summary>
    private string Default => LastVisit is null ? $"the last {DefaultWeeks} weeks" : $"everything since the last visit ({RecordSummary.FormatDate(LastVisit.Date)})";

    public string LocalDate(DateTime utc) => RecordSummary.FormatDate(PatientTime.LocalDate(utc, Zone));
}
