using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>Per-symptom trends over time (SVG with a data table), treatment changes marked, and measurements.</summary>
public sealed class TrendsModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public static readonly (string Key, string Label)[] Ranges = [("12", "12 weeks"), ("26", "26 weeks"), ("52", "1 year"), ("all", "All")];

    private static readonly string[] TiePreference = [Attributes.Severity, Attributes.Frequency, Attributes.Interference, Attributes.Presence];

    [FromQuery(Name = "weeks")]
    public string? Weeks { get; set; }

    public string Range { get; private set; } = "26";
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public int CheckInCount { get; private set; }

    /// <summary>One symptom's chart and table; <see cref="AnyAboveNone"/>: some answer in the period was above the lowest
    /// ("none", "never", "not at all", "no").</summary>
    public sealed record SymptomTrend(string Term, TrendSpec Chart, IReadOnlyList<string> Attributes, IReadOnlyList<(DateOnly Date, IReadOnlyList<string> Answers, bool OnBehalf)> Rows,
        bool AnyAboveNone = false);
    public sealed record MeasurementTrend(string Name, TrendSpec Chart, IReadOnlyList<TrendPoint> Points);

    public List<SymptomTrend> Symptoms { get; } = [];
    public List<MeasurementTrend> Measurements { get; } = [];

    [Needs(Record.Access.View, Audit = "symptom trends")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var (_, zone) = await SymptomHistory.SettingsAsync(Db, RecordId, ct);
        var nowUtc = Clock.GetUtcNow().UtcDateTime;
        To = PatientTime.LocalDate(nowUtc, zone);
        Range = Ranges.Any(r => r.Key == Weeks) ? Weeks! : "26";
        DateTime? fromUtc = null;
        if (Range != "all")
        {
            From = To.AddDays(-7 * int.Parse(Range, CultureInfo.InvariantCulture));
            fromUtc = PatientTime.ToUtc(From, TimeOnly.MinValue, zone);
        }
        var checkIns = await SymptomHistory.SubmittedAsync(Db, RecordId, fromUtc, zone, ct);
        CheckInCount = checkIns.Count;
        if (Range == "all") From = checkIns.Count > 0 ? new[] { checkIns[0].Date, To.AddDays(-7) }.Min() : To.AddDays(-7);

        var treatments = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        var markers = SymptomHistory.Markers(treatments);

        var n = 0;
        foreach (var term in SymptomHistory.Terms(checkIns))
        {
            var withTerm = checkIns.Where(c => c.CheckIn.Answers.Any(a => string.Equals(a.Term, term, StringComparison.OrdinalIgnoreCase))).ToList();
            var attributes = SymptomHistory.AttributesOf(term, withTerm.SelectMany(c => c.CheckIn.Answers).Where(a => string.Equals(a.Term, term, StringComparison.OrdinalIgnoreCase)).Select(a => a.Attribute));
            var scale = SymptomHistory.Scale(attributes[0]);
            var points = new List<TrendPoint>();
            var rows = new List<(DateOnly, IReadOnlyList<string>, bool)>();
            foreach (var c in withTerm)
            {
                var answers = c.CheckIn.Answers.Where(a => string.Equals(a.Term, term, StringComparison.OrdinalIgnoreCase)).ToList();
                // On a tie, severity says most (then frequency, interference, presence).
                var worst = answers.OrderByDescending(a => a.Value).ThenBy(a => Array.IndexOf(TiePreference, a.Attribute) is var i && i < 0 ? 99 : i).First();
                var label = worst.Value == 0
                    ? SymptomHistory.Label(attributes[0], 0)
                    : $"{worst.Attribute} {SymptomHistory.Label(worst.Attribute, worst.Value)}";
                points.Add(new TrendPoint(c.Date, Math.Min(worst.Value, scale.Count - 1), label));
                rows.Add((c.Date, attributes.Select(at => answers.FirstOrDefault(a => a.Attribute == at) is { } a ? SymptomHistory.Label(at, a.Value) : "not asked").ToList(), c.CheckIn.OnBehalf));
            }
            Symptoms.Add(new SymptomTrend(term, TrendChart.ForSymptom($"trend-{++n}", term, scale, points, markers, From, To), attributes, rows,
                points.Any(p => p.Value > 0)));
        }
        // The symptoms someone had come first; the flat ones (always the lowest answer) are folded away on the page (issue 14:
        // with every symptom charted the page was ~11,000 px of mostly flat lines). Stable: each group keeps the usual order.
        var ordered = Symptoms.OrderBy(x => x.AnyAboveNone ? 0 : 1).ToList();
        Symptoms.Clear();
        Symptoms.AddRange(ordered);

        void Measure(string name, string unit, Func<CheckIn, double?> value, string format)
        {
            var points = checkIns.Where(c => value(c.CheckIn) is not null)
                .Select(c => new TrendPoint(c.Date, value(c.CheckIn)!.Value, $"{value(c.CheckIn)!.Value.ToString(format, CultureInfo.InvariantCulture)} {unit}")).ToList();
            if (points.Count == 0) return;
            Measurements.Add(new MeasurementTrend(name, TrendChart.ForMeasurement($"measure-{++n}", name, unit, points, markers, From, To), points));
        }
        Measure("Weight", "kg", c => (double?)c.WeightKg, "0.0");
        Measure("Temperature", "°C", c => (double?)c.TemperatureC, "0.0");
        Measure("Blood pressure, systolic (upper number)", "mmHg", c => c.Systolic, "0");
        Measure("Blood pressure, diastolic (lower number)", "mmHg", c => c.Diastolic, "0");
        Measure("Heart rate", "beats per minute", c => c.HeartRate, "0");
        return Page();
    }
}
