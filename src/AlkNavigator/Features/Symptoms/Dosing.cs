namespace AlkNavigator.Features.Symptoms;

// CONTRACT (filled in by the dosing work).

/// <summary>
/// A TKI's schedule as its label gives it: doses per day, food, and the missed-dose rule. TakeMissedUnlessWithinHours:
/// a late dose is still taken unless the next is due within this many hours; null = never make up a missed dose.
/// </summary>
public sealed record DrugDosing(string Drug, int TimesPerDay, bool WithFood, string FoodText, double? TakeMissedUnlessWithinHours, string MissedDoseText, string Source);

/// <summary>One scheduled dose: local date and time in the patient's zone, its index that day, and the UTC instant it falls due.</summary>
public sealed record DoseSlot(DateOnly LocalDate, int Slot, TimeOnly LocalTime, DateTime DueUtc);

/// <summary>Adherence over a period: doses due so far, taken, marked missed, not recorded; Percent = taken / due (null when none due).</summary>
public sealed record Adherence(DateOnly From, DateOnly To, int Due, int Taken, int Missed, int NotRecorded)
{
    public int? Percent => Due == 0 ? null : (int)Math.Round(100.0 * Taken / Due, MidpointRounding.AwayFromZero);
}

public static class Dosing
{
    /// <summary>The label schedule of one of the six TKIs; null for anything else.</summary>
    public static DrugDosing? For(string? drug) => null;

    /// <summary>Parses "08:00,20:00"; falls back to 08:00 (once daily) or 08:00 + 20:00 (twice daily).</summary>
    public static IReadOnlyList<TimeOnly> Times(string? configured, int timesPerDay) =>
        timesPerDay == 2 ? [new(8, 0), new(20, 0)] : [new(8, 0)];

    /// <summary>The day's doses in <paramref name="zone"/>; a time that does not exist that day (clocks forward) moves to the first valid minute after it.</summary>
    public static IReadOnlyList<DoseSlot> Slots(DateOnly localDate, IReadOnlyList<TimeOnly> times, TimeZoneInfo zone) => [];

    /// <summary>Taken, missed and not-recorded doses due between From and To (local dates, inclusive) and before <paramref name="nowUtc"/>.</summary>
    public static Adherence Compute(DateOnly from, DateOnly to, IReadOnlyList<TimeOnly> times, TimeZoneInfo zone, IEnumerable<DoseEntry> marks, DateTime nowUtc, DateOnly? drugStart = null) =>
        new(from, to, 0, 0, 0, 0);
}
