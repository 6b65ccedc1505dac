using System.Globalization;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>The check-in's steps and when it is due: shared by the check-in pages (local days: <see cref="PatientTime"/>).</summary>
public static class CheckInFlow
{
    /// <summary>At most this many items on one page of questions.</summary>
    public const int MaxItemsPerPage = 5;

    public static IReadOnlyList<string> Terms(CheckIn c) => c.Items.Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The items asked by the check-in (fixed when it started), known to the library, in order.</summary>
    public static IReadOnlyList<ProItem> Items(CheckIn c) =>
        Terms(c).Select(ProCtcae.Find).OfType<ProItem>().ToList();

    /// <summary>The items split into pages of about 4–5, evenly, in asking (group) order.</summary>
    public static IReadOnlyList<IReadOnlyList<ProItem>> Pages(IReadOnlyList<ProItem> items)
    {
        if (items.Count == 0) return [];
        var pages = (items.Count + MaxItemsPerPage - 1) / MaxItemsPerPage;
        var (size, extra) = (items.Count / pages, items.Count % pages);
        var result = new List<IReadOnlyList<ProItem>>();
        var at = 0;
        for (var p = 0; p < pages; p++)
        {
            var n = size + (p < extra ? 1 : 0);
            result.Add(items.Skip(at).Take(n).ToList());
            at += n;
        }
        return result;
    }

    /// <summary>Question pages + measurements + review.</summary>
    public static int StepCount(CheckIn c) => Pages(Items(c)).Count + 2;

    /// <summary>
    /// The baseline answers (of the first check-in on the current drug) that still apply: those of the terms answered above 0
    /// (any attribute) at the previous submitted check-in, i.e. symptoms present without a break since. A symptom that cleared
    /// and came back is judged as new, not against the baseline.
    /// </summary>
    public static IReadOnlyList<Answer> ContinuingBaseline(IEnumerable<Answer> baseline, IEnumerable<Answer> previous)
    {
        var present = previous.Where(a => a.Value > 0).Select(a => ProCtcae.Find(a.Term)?.Term ?? a.Term).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return baseline.Where(a => present.Contains(ProCtcae.Find(a.Term)?.Term ?? a.Term)).ToList();
    }

    /// <summary>
    /// Due when nothing was submitted in the last 7 local days (today-6 .. today), the same rule as the in-app and
    /// email reminders (DueNow); the email goes out on the chosen check-in day, the page says so any day it is due.
    /// </summary>
    public static bool IsDue(DateOnly today, DateOnly? lastSubmitted) =>
        lastSubmitted is null || lastSubmitted.Value < today.AddDays(-6);

    public static string DayName(int checkInDay) =>
        CultureInfo.InvariantCulture.DateTimeFormat.GetDayName((DayOfWeek)Math.Clamp(checkInDay, 0, 6));

    public static string Label(string attribute, int value)
    {
        var scale = ProCtcae.Scale(attribute);
        return value >= 0 && value < scale.Count ? scale[value] : value.ToString(CultureInfo.InvariantCulture);
    }

    public static string AttributeName(string attribute) => attribute switch
    {
        Attributes.Frequency => "How often",
        Attributes.Severity => "How severe",
        Attributes.Interference => "How much it interfered",
        _ => "Had it",
    };

    public static string ChangeLabel(string change) => change switch
    {
        "new" => "New",
        "worse" => "Worse than last time",
        "ongoing" => "Still present, already reported",
        "known" => "Still present; your care team knows",
        _ => change,
    };

    public static string ChangeOf(AlertChange c) => c switch
    {
        AlertChange.New => "new",
        AlertChange.Worse => "worse",
        AlertChange.Ongoing => "ongoing",
        AlertChange.Known => "known",
        _ => "baseline",
    };

    public static bool IsRaised(SymptomAlert a) => a.Change is "new" or "worse";

    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string FormatLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Measurement(decimal? v, string unit) =>
        v is null ? "" : v.Value.ToString("0.#", CultureInfo.InvariantCulture) + " " + unit;

    public static Task<SymptomSettings?> SettingsAsync(AppDbContext db, Guid rid, CancellationToken ct) =>
        db.SymptomSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == rid, ct);
}
