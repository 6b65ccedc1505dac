using AlkNavigator.Features.Symptoms;
using BenchmarkDotNet.Attributes;

/// <summary>
/// The Symptoms hot paths, per submitted check-in and per page view: choosing the items for a patient on lorlatinib,
/// applying the rule table to a full set of answers with measurements, judging against baseline and last week, and a
/// month of adherence arithmetic (twice daily, America/New_York, across the November DST change).
/// </summary>
[MemoryDiagnoser]
public class SymptomsBenchmarks
{
    private SymptomContext _context = null!;
    private List<Answer> _answers = null!;
    private List<Answer> _baseline = null!;
    private Dictionary<string, int> _previous = null!;
    private readonly Measurements _measurements = new(TemperatureC: 38.3m, WeightKg: 71.2m, Systolic: 150, Diastolic: 92, HeartRate: 88);
    private TimeZoneInfo _zone = null!;
    private List<DoseEntry> _marks = null!;

    [GlobalSetup]
    public void Setup()
    {
        var today = new DateOnly(2026, 11, 30);
        _context = new SymptomContext("lorlatinib", today.AddDays(-120), today);
        var items = Questionnaire.For(_context);
        _answers = items.SelectMany((q, i) => q.Item.Attributes.Select(a => new Answer(q.Item.Term, a, a == Attributes.Presence ? i % 2 : (i * 7 + a.Length) % 5))).ToList();
        _baseline = _answers.Select(a => a with { Value = Math.Max(0, a.Value - 1) }).ToList();
        _previous = Triage.Evaluate(_context, _baseline, null).GroupBy(t => t.Rule.Id).ToDictionary(g => g.Key, g => g.Max(t => t.Score));
        _zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        _marks = Enumerable.Range(0, 31).SelectMany(d => new[] { 0, 1 }.Select(s => new DoseEntry
        {
            Drug = "crizotinib", LocalDate = new DateOnly(2026, 10, 15).AddDays(d), Slot = s, Status = (d + s) % 9 == 0 ? DoseStatus.Missed : DoseStatus.Taken,
        })).ToList();
    }

    [Benchmark]
    public int ChooseItems() => Questionnaire.For(_context).Count;

    [Benchmark]
    public int EvaluateRules() => Triage.Evaluate(_context, _answers, _measurements).Count;

    [Benchmark]
    public int EvaluateAndJudge() => Triage.Judge(Triage.Evaluate(_context, _answers, _measurements), _baseline, _previous).Count(j => j.Raise);

    [Benchmark]
    public int? AdherenceOneMonth() => Dosing.Compute(new DateOnly(2026, 10, 15), new DateOnly(2026, 11, 14), Dosing.Times(null, 2), _zone, _marks,
        new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc)).Percent;
}
