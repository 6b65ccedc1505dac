using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>The history of results: a chart and a table per lab value, and the scans' outcomes.</summary>
public sealed class ScheduleResultsModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public sealed record Series(string Analyte, string Unit, TrendSpec Chart, List<MonitoringResult> Rows);
    public sealed record Scan(MonitoringResult Result, MonitoringItem Item);

    public List<Series> Labs { get; private set; } = [];
    public List<Scan> Scans { get; private set; } = [];
    public List<LabNotice> Notices { get; private set; } = [];
    public DateOnly Today { get; private set; }

    [Needs(Record.Access.View, Audit = "schedule results")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        (Today, _) = await PatientTime.TodayAsync(Db, RecordId, Clock, ct);
        var items = await Db.MonitoringItems.AsNoTracking().Where(i => i.RecordId == RecordId).ToDictionaryAsync(i => i.Id, ct);
        var results = await Db.MonitoringResults.AsNoTracking().Where(r => r.RecordId == RecordId).ToListAsync(ct);
        results = results.OrderBy(r => r.Date).ThenBy(r => r.CreatedUtc).ToList();
        Notices = LabNotices.Open(results);
        var treatments = await Db.Treatments.AsNoTracking().Where(t => t.RecordId == RecordId).ToListAsync(ct);
        var markers = treatments.Select(t => new TrendMarker(t.Start, $"{t.Agent} started"))
            .Concat(treatments.Where(t => t.End is not null).Select(t => new TrendMarker(t.End!.Value, $"{t.Agent} stopped"))).ToList();

        var n = 0;
        foreach (var g in results.Where(r => r.Analyte is not null && r.Value is not null).GroupBy(r => (r.Analyte!, r.Unit ?? "")))
        {
            var rows = g.ToList();
            var from = rows[0].Date;
            var to = rows[^1].Date > Today ? rows[^1].Date : Today;
            if (to.DayNumber - from.DayNumber < 14) from = to.AddDays(-14);
            var points = rows.Select(r => new TrendPoint(r.Date, (double)r.Value!.Value, $"{ScheduleText.Number(r.Value)} {r.Unit}".Trim())).ToList();
            var name = g.Key.Item2.Length > 0 ? $"{g.Key.Item1} ({g.Key.Item2})" : g.Key.Item1;
            var chart = TrendChart.ForMeasurement($"lab-{n++}", name, g.Key.Item2, points, markers, from, to);
            Labs.Add(new Series(g.Key.Item1, g.Key.Item2, chart, rows));
        }
        Scans = results.Where(r => r.ImagingOutcome is not null && items.ContainsKey(r.ItemId))
            .OrderByDescending(r => r.Date).Select(r => new Scan(r, items[r.ItemId])).ToList();
        return Page();
    }
}
