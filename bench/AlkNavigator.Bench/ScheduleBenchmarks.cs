using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using BenchmarkDotNet.Attributes;

/// <summary>
/// The Schedule hot paths: generating a year's plan for the demo patient (lorlatinib, treated brain metastases, progression
/// history; what each schedule page view may do when the record changed) and writing it as iCalendar (each feed request).
/// </summary>
[MemoryDiagnoser]
public class ScheduleBenchmarks
{
    private PatientRecord _record = null!;
    private DateOnly _today;
    private List<CalendarEntry> _entries = null!;

    [GlobalSetup]
    public void Setup()
    {
        _today = new DateOnly(2026, 11, 30);
        _record = DemoData.Build("bench", _today);
        _entries = SchedulePlanner.Plan(_record, _today, 18)
            .Select(p => new CalendarEntry(p.Key + "@alknavigator", p.Kind, p.Title, p.Due, p.Reason, p.Source, null)).ToList();
    }

    [Benchmark]
    public int PlanOneYear() => SchedulePlanner.Plan(_record, _today, 12).Count;

    [Benchmark]
    public int WriteFeed18Months() => ScheduleCalendar.Write(_entries, "AlkNavigator monitoring", 2, _today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).Length;
}
