using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// The patient's local time: their zone (from SymptomSettings.TimeZone), local date and time, and back to UTC.
/// "Today" for a patient is always their local date on the app's <see cref="TimeProvider"/>: <see cref="Today"/> when the
/// zone is at hand, <see cref="TodayAsync"/> otherwise. Nothing in src/ reads the wall clock (a guard test checks).
/// </summary>
public static class PatientTime
{
    /// <summary>The patient's today: the local date in <paramref name="zone"/> now, by <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock, TimeZoneInfo zone) => LocalDate(clock.GetUtcNow().UtcDateTime, zone);

    /// <summary>The patient's today and zone for a record (the zone from its symptom settings; UTC when none).</summary>
    public static async Task<(DateOnly Today, TimeZoneInfo Zone)> TodayAsync(AppDbContext db, Guid recordId, TimeProvider clock, CancellationToken ct = default)
    {
        var tz = await db.SymptomSettings.Where(s => s.RecordId == recordId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct);
        var zone = Zone(tz);
        return (Today(clock, zone), zone);
    }

    /// <summary>Today where no patient is known (a profile file on the command line): the UTC date by <paramref name="clock"/>.</summary>
    public static DateOnly UtcToday(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The time zone for an IANA id; UTC when the id is empty or unknown.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The local date and time in <paramref name="zone"/> at <paramref name="utc"/>.</summary>
    public static DateTime LocalNow(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The local calendar date in <paramref name="zone"/> at <paramref name="utc"/>.</summary>
    public static DateOnly LocalDate(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(LocalNow(utc, zone));

    /// <summary>
    /// The UTC instant of a local date and time in <paramref name="zone"/>: a time that does not exist that day (clocks
    /// forward) moves to the first valid minute after it; a time that happens twice (clocks back) is the first occurrence.
    /// </summary>
    public static DateTime ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            for (var guard = 0; zone.IsInvalidTime(local) && guard < 24 * 60; guard++) local = local.AddMinutes(1);
        }
        if (zone.IsAmbiguousTime(local))
        {
            // The first occurrence is the one before the clocks went back, i.e. under the larger offset.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
