using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>One record's "what is due" box: its overdue and due items, then the next three upcoming.</summary>
public sealed record UpcomingBlock(PatientRecord Record, Access Access, DateOnly Today, IReadOnlyList<MonitoringItem> Items);

/// <summary>
/// What <c>_Upcoming.cshtml</c> shows, read by the page model (home page: every record the account owns or follows; record
/// overview: the one record) in two queries whatever the number of records. Reads only: the plan is kept current when its
/// inputs are saved and by <see cref="PlanRefresh"/>.
/// </summary>
public static class Upcoming
{
    /// <summary>Items due this many days ahead at most are looked at (the box shows the next three).</summary>
    public const int AheadDays = 120;

    public static async Task<IReadOnlyList<UpcomingBlock>> LoadAsync(AppDbContext db, IReadOnlyList<(PatientRecord Record, Access Access)> records,
        DateTime nowUtc, CancellationToken ct, IReadOnlyDictionary<Guid, TimeZoneInfo>? zones = null)
    {
        if (records.Count == 0) return [];
        var ids = records.Select(r => r.Record.Id).ToList();
        zones ??= (await db.SymptomSettings.AsNoTracking().Where(s => ids.Contains(s.RecordId))
            .Select(s => new { s.RecordId, s.TimeZone }).ToListAsync(ct)).ToDictionary(s => s.RecordId, s => PatientTime.Zone(s.TimeZone));
        var todays = ids.ToDictionary(id => id, id => PatientTime.LocalDate(nowUtc, zones.GetValueOrDefault(id) ?? PatientTime.Zone(null)));
        var until = todays.Values.Max().AddDays(AheadDays);
        var planned = await db.MonitoringItems.AsNoTracking()
            .Where(i => ids.Contains(i.RecordId) && i.Status == ItemStatus.Planned && i.Due <= until)
            .OrderBy(i => i.Due).ToListAsync(ct);
        return From(records, planned, todays);
    }

    /// <summary>
    /// The boxes from items the caller read: the records' planned items due up to <see cref="AheadDays"/> after each record's
    /// today (more do no harm: they are filtered here), ordered by due date; <paramref name="todays"/> is each record's local date.
    /// </summary>
    public static IReadOnlyList<UpcomingBlock> From(IReadOnlyList<(PatientRecord Record, Access Access)> records,
        IReadOnlyList<MonitoringItem> planned, IReadOnlyDictionary<Guid, DateOnly> todays)
    {
        var blocks = new List<UpcomingBlock>();
        foreach (var (rec, acc) in records)
        {
            var today = todays[rec.Id];
            var mine = planned.Where(i => i.RecordId == rec.Id && i.Due <= today.AddDays(AheadDays)).ToList();
            var late = mine.Where(i => ItemStatus.Of(i, today) is ItemStatus.Overdue or ItemStatus.Due);
            var next = mine.Where(i => ItemStatus.Of(i, today) == ItemStatus.Upcoming).Take(3);
            var items = late.Concat(next).ToList();
            if (items.Count > 0) blocks.Add(new UpcomingBlock(rec, acc, today, items));
        }
        return blocks;
    }
}
