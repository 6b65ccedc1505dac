using System.Globalization;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Symptoms;

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

/// <summary>What the label says about a dose that is late: State "late" (can still be taken), "skip" (too close to the next
/// dose, or the label says never to make it up), "past" (the next dose's time has come already); Text in plain words, always ending with <see cref="Dosing.LabelNote"/>.</summary>
public sealed record LateAdvice(string State, string Text);

/// <summary>The state of one scheduled dose as the medication page shows it.</summary>
public static class DoseState
{
    public const string Taken = "taken";
    public const string Missed = "missed";
    /// <summary>Due now (within the hour after its time), not marked yet.</summary>
    public const string Due = "due";
    /// <summary>Not marked an hour or more after it fell due.</summary>
    public const string Late = "late";
    public const string Upcoming = "upcoming";
}

public static class Dosing
{
    /// <summary>Added to every piece of missed-dose advice: the app informs, the care team decides.</summary>
    public const string LabelNote = "This follows the drug label; if unsure, ask your care team or pharmacist.";

    /// <summary>A dose not marked this long after it fell due counts as late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromHours(1);

    private const string WithOrWithout = "With or without food.";

    /// <summary>What all six labels say about vomiting after a dose (the Learn drug pages show the same words).</summary>
    public const string VomitingText = "If you vomit after taking a dose, do not take an extra dose: take the next dose at the usual time.";

    /// <summary>The six ALK TKIs, as their labels give the schedule (source keys from content/sources.yaml).</summary>
    public static readonly IReadOnlyList<DrugDosing> All =
    [
        new("crizotinib", 2, false, WithOrWithout, 6,
            "If a dose is missed, take it as soon as you remember, unless the next dose is due within 6 hours; then skip the missed dose and take the next one at the usual time.",
            "xalkori-label"),
        new("ceritinib", 1, true, "Take with food.", 12,
            "If a dose is missed, take it as soon as you remember, unless the next dose is due within 12 hours; then skip the missed dose and take the next one at the usual time.",
            "zykadia-label"),
        new("alectinib", 2, true, "Take with food.", null,
            "If a dose is missed, or you vomit after taking a dose, do not make it up: take the next dose at the usual time.",
            "alecensa-dosing"),
        new("brigatinib", 1, false, WithOrWithout, null,
            "If a dose is missed, or you vomit after taking a dose, do not take an extra dose: take the next dose at the usual time.",
            "alunbrig-dosing"),
        new("lorlatinib", 1, false, WithOrWithout, 4,
            "If a dose is missed, take it as soon as you remember, unless the next dose is due within 4 hours; then skip the missed dose and take the next one at the usual time.",
            "lorbrena-label"),
        new("ensartinib", 1, false, WithOrWithout, 12,
            "If a dose is missed, take it as soon as you remember, unless the next dose is due within 12 hours; then skip the missed dose and take the next one at the usual time.",
            "ensacove-dosing"),
    ];

    private static readonly Dictionary<string, string> LabelDoses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["crizotinib"] = "250 mg twice daily",
        ["ceritinib"] = "450 mg once daily",
        ["alectinib"] = "600 mg twice daily",
        ["brigatinib"] = "90 mg once daily for the first 7 days, then 180 mg once daily",
        ["lorlatinib"] = "100 mg once daily",
        ["ensartinib"] = "225 mg once daily",
    };

    /// <summary>The label schedule of one of the six TKIs; null for anything else. Accepts a name containing the drug ("Alecensa (alectinib)").</summary>
    public static DrugDosing? For(string? drug)
    {
        if (string.IsNullOrWhiteSpace(drug)) return null;
        var name = Vocabulary.TkiIn(drug.Trim());
        return name is null ? null : All.First(d => d.Drug == name);
    }

    /// <summary>The label's usual starting dose in words ("600 mg twice daily"); null for anything else.</summary>
    public static string? LabelDose(string? drug) => For(drug) is { } d ? LabelDoses[d.Drug] : null;

    /// <summary>
    /// Doses per day for this treatment line: the schedule written in the record when it clearly says once or twice daily
    /// (a dose reduction can change it, e.g. crizotinib 250 mg once daily), otherwise the label's.
    /// </summary>
    public static int TimesPerDay(DrugDosing dosing, string? schedule)
    {
        var s = (schedule ?? "").ToLowerInvariant();
        if (s.Contains("twice") || s.Contains("bid") || s.Contains("b.i.d") || s.Contains("two times") || s.Contains("2 times") || s.Contains("every 12") || s.Contains("12-hourly") || s.Contains("12 hourly")
            || TwiceToken.IsMatch(s)) return 2;
        if (s.Contains("once") || s.Contains("qd") || s.Contains("q.d") || s.Contains("one time") || s.Contains("1 time") || s.Contains("every 24")
            || OnceToken.IsMatch(s)) return 1;
        return dosing.TimesPerDay;
    }

    // The UK abbreviations (bd = twice daily, od = once daily) and q12h / q24h, as whole words.
    private static readonly System.Text.RegularExpressions.Regex TwiceToken = new(@"\b(bd|b\.d\.?|q12h|q 12 h)(?![a-z])", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    private static readonly System.Text.RegularExpressions.Regex OnceToken = new(@"\b(od|o\.d\.?|q24h|q 24 h)(?![a-z])", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The default local times: 08:00 (once daily), 08:00 + 20:00 (twice daily).</summary>
    public static IReadOnlyList<TimeOnly> DefaultTimes(int timesPerDay) =>
        timesPerDay == 2 ? [new(8, 0), new(20, 0)] : [new(8, 0)];

    /// <summary>Parses "08:00,20:00"; falls back to 08:00 (once daily) or 08:00 + 20:00 (twice daily). When more times are
    /// configured than needed the first ones are used; times that are not valid, distinct and in order give the defaults.</summary>
    public static IReadOnlyList<TimeOnly> Times(string? configured, int timesPerDay)
    {
        var fallback = DefaultTimes(timesPerDay);
        if (string.IsNullOrWhiteSpace(configured)) return fallback;
        var parsed = new List<TimeOnly>();
        foreach (var part in configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TimeOnly.TryParseExact(part, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return fallback;
            parsed.Add(new TimeOnly(t.Hour, t.Minute));
        }
        if (parsed.Count < timesPerDay) return fallback;
        var used = parsed.Take(timesPerDay).ToList();
        for (var i = 1; i < used.Count; i++)
            if (used[i] <= used[i - 1]) return fallback;
        return used;
    }

    /// <summary>The day's dose times for a treatment line: doses per day from its schedule (see <see cref="TimesPerDay"/>), times from the settings.</summary>
    public static IReadOnlyList<TimeOnly> TimesFor(DrugDosing dosing, string? schedule, string? configured) =>
        Times(configured, TimesPerDay(dosing, schedule));

    /// <summary>"08:00,20:00", as stored in SymptomSettings.DoseTimes.</summary>
    public static string Format(IEnumerable<TimeOnly> times) => string.Join(',', times.Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)));

    /// <summary>
    /// The day's doses in <paramref name="zone"/>; a time that does not exist that day (clocks forward) moves to the first
    /// valid minute after it; a time that happens twice (clocks back) is the first occurrence.
    /// </summary>
    public static IReadOnlyList<DoseSlot> Slots(DateOnly localDate, IReadOnlyList<TimeOnly> times, TimeZoneInfo zone)
    {
        var slots = new List<DoseSlot>(times.Count);
        for (var i = 0; i < times.Count; i++)
        {
            var utc = PatientTime.ToUtc(localDate, new TimeOnly(times[i].Hour, times[i].Minute), zone);
            var local = PatientTime.LocalNow(utc, zone);
            slots.Add(new DoseSlot(localDate, i, TimeOnly.FromDateTime(local), utc));
        }
        return slots;
    }

    /// <summary>The dose after <paramref name="slot"/>: the next one that day, or the first of the next day.</summary>
    public static DoseSlot Next(DoseSlot slot, IReadOnlyList<TimeOnly> times, TimeZoneInfo zone) =>
        slot.Slot + 1 < times.Count
            ? Slots(slot.LocalDate, times, zone)[slot.Slot + 1]
            : Slots(slot.LocalDate.AddDays(1), times, zone)[0];

    /// <summary>
    /// Taken, missed and not-recorded doses due between From and To (local dates, inclusive) and before <paramref name="nowUtc"/>,
    /// not before <paramref name="drugStart"/>. A marked dose always counts (even one taken a little early, before its time);
    /// an unmarked dose counts (as not recorded) only once it is late (<see cref="LateAfter"/> after its time): in its first
    /// hour it is simply due and does not lower adherence.
    /// The marks should be those of one drug; when a slot has several, the latest counts.
    /// </summary>
    public static Adherence Compute(DateOnly from, DateOnly to, IReadOnlyList<TimeOnly> times, TimeZoneInfo zone, IEnumerable<DoseEntry> marks, DateTime nowUtc, DateOnly? drugStart = null)
    {
        var byslot = new Dictionary<(DateOnly, int), DoseEntry>();
        foreach (var m in marks.OrderBy(m => m.MarkedUtc)) byslot[(m.LocalDate, m.Slot)] = m;
        var first = drugStart is { } start && start > from ? start : from;
        int due = 0, taken = 0, missed = 0, none = 0;
        for (var day = first; day <= to; day = day.AddDays(1))
        {
            foreach (var slot in Slots(day, times, zone))
            {
                byslot.TryGetValue((day, slot.Slot), out var mark);
                if (mark is null && nowUtc < slot.DueUtc + LateAfter) continue;
                due++;
                switch (mark?.Status)
                {
                    case DoseStatus.Taken: taken++; break;
                    case DoseStatus.Missed: missed++; break;
                    default: none++; break;
                }
            }
        }
        return new Adherence(from, to, due, taken, missed, none);
    }

    /// <summary>The state of a dose: taken / missed when marked, else upcoming, due (within the hour after its time) or late.</summary>
    public static string State(DoseSlot slot, DoseEntry? mark, DateTime nowUtc) => mark?.Status switch
    {
        DoseStatus.Taken => DoseState.Taken,
        DoseStatus.Missed => DoseState.Missed,
        _ when slot.DueUtc > nowUtc => DoseState.Upcoming,
        _ when nowUtc - slot.DueUtc < LateAfter => DoseState.Due,
        _ => DoseState.Late,
    };

    /// <summary>
    /// What the label says about a late dose, given the next scheduled dose: for take-unless-within drugs, until when it can
    /// still be taken (or that it is now too close to the next one); for the others, not to make it up. Informs; never instructs.
    /// </summary>
    public static LateAdvice Late(DrugDosing dosing, DoseSlot slot, DoseSlot next, DateTime nowUtc, TimeZoneInfo zone)
    {
        var today = PatientTime.LocalDate(nowUtc, zone);
        var nextAt = When(next.DueUtc, zone, today);
        if (nowUtc >= next.DueUtc)
            return new("past", $"The next dose was due at {nextAt}, so by the label this one is no longer taken late; mark whether it was taken. {LabelNote}");
        if (dosing.TakeMissedUnlessWithinHours is not { } hours)
            return new("skip", $"The label says not to make up a missed dose: take the next dose at the usual time ({nextAt}). {LabelNote}");
        var n = hours.ToString("0.#", CultureInfo.InvariantCulture);
        var deadline = next.DueUtc.AddHours(-hours);
        if (nowUtc < deadline && deadline > slot.DueUtc)
            return new("late", $"You can still take it until {When(deadline, zone, today)} ({n} hours before the next dose). After that, skip it and take the next dose at {nextAt}. {LabelNote}");
        return new("skip", $"The next dose is due within {n} hours, so the label says to skip this one and take the next dose at the usual time ({nextAt}). {LabelNote}");
    }

    /// <summary>"14:00", "04:00 tomorrow", "20:00 yesterday" or "14:00 on Tue 1 Dec" in the patient's zone, relative to their today.</summary>
    public static string When(DateTime utc, TimeZoneInfo zone, DateOnly today)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var date = DateOnly.FromDateTime(local);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        if (date == today) return time;
        if (date == today.AddDays(1)) return time + " tomorrow";
        if (date == today.AddDays(-1)) return time + " yesterday";
        return time + " on " + local.ToString("ddd d MMM", CultureInfo.InvariantCulture);
    }

    /// <summary>Monday of the week containing <paramref name="date"/>.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The first day of the month containing <paramref name="date"/>.</summary>
    public static DateOnly MonthStart(DateOnly date) => new(date.Year, date.Month, 1);
}
