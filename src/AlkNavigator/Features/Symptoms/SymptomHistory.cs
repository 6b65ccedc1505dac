using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>A submitted check-in as the trends and summary pages read it: its local date in the patient's zone.</summary>
public sealed record PastCheckIn(CheckIn CheckIn, DateOnly Date);

/// <summary>Reading submitted check-ins for the trends and "since my last visit" pages.</summary>
public static class SymptomHistory
{
    private static readonly string[] AttributeOrder = [Attributes.Frequency, Attributes.Severity, Attributes.Interference, Attributes.Presence];

    public static async Task<(SymptomSettings Settings, TimeZoneInfo Zone)> SettingsAsync(AppDbContext db, Guid recordId, CancellationToken ct)
    {
        var s = await db.SymptomSettings.AsNoTracking().FirstOrDefaultAsync(x => x.RecordId == recordId, ct) ?? new SymptomSettings { RecordId = recordId };
        return (s, PatientTime.Zone(s.TimeZone));
    }

    /// <summary>Submitted check-ins since <paramref name="fromUtc"/> (null = all), oldest first, with their answers.</summary>
    public static async Task<List<PastCheckIn>> SubmittedAsync(AppDbContext db, Guid recordId, DateTime? fromUtc, TimeZoneInfo zone, CancellationToken ct)
    {
        var q = db.CheckIns.AsNoTracking().Include(c => c.Answers)
            .Where(c => c.RecordId == recordId && c.Status == CheckInStatus.Submitted && c.SubmittedUtc != null);
        if (fromUtc is { } f) q = q.Where(c => c.SubmittedUtc >= f);
        var list = await q.ToListAsync(ct);
        return list.OrderBy(c => c.SubmittedUtc).Select(c => new PastCheckIn(c, PatientTime.LocalDate(c.SubmittedUtc!.Value, zone))).ToList();
    }

    /// <summary>The attributes of a term in asking order: the library's when it knows the term, else as answered.</summary>
    public static IReadOnlyList<string> AttributesOf(string term, IEnumerable<string> answered)
    {
        if (ProCtcae.Find(term) is { } item && item.Attributes.Count > 0)
            return item.Attributes.Concat(answered.Where(a => !item.Attributes.Contains(a))).Distinct().ToList();
        return answered.Distinct().OrderBy(a => Array.IndexOf(AttributeOrder, a) is var i && i < 0 ? 99 : i).ToList();
    }

    /// <summary>The answer's label on its scale ("Moderate"); the number when the attribute is unknown.</summary>
    public static string Label(string attribute, int value)
    {
        try
        {
            var scale = ProCtcae.Scale(attribute);
            return value >= 0 && value < scale.Count ? scale[value] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (ArgumentOutOfRangeException)
        {
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static IReadOnlyList<string> Scale(string attribute)
    {
        try
        {
            return ProCtcae.Scale(attribute);
        }
        catch (ArgumentOutOfRangeException)
        {
            return ["0", "1", "2", "3", "4"];
        }
    }

    /// <summary>Terms answered, in the library's order where known, then alphabetically.</summary>
    public static IReadOnlyList<string> Terms(IEnumerable<PastCheckIn> checkIns)
    {
        var terms = checkIns.SelectMany(c => c.CheckIn.Answers).Select(a => a.Term).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        int Rank(string t) => ProCtcae.Items.ToList().FindIndex(i => string.Equals(i.Term, t, StringComparison.OrdinalIgnoreCase)) is var i && i < 0 ? int.MaxValue : i;
        return terms.OrderBy(Rank).ThenBy(t => t, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Treatment starts and stops as chart markers ("alectinib started").</summary>
    public static IReadOnlyList<TrendMarker> Markers(IEnumerable<TreatmentLine> lines) =>
        lines.SelectMany(t => t.End is { } end
                ? new[] { new TrendMarker(t.Start, $"{t.Agent} started"), new TrendMarker(end, $"{t.Agent} stopped") }
                : [new TrendMarker(t.Start, $"{t.Agent} started")])
            .OrderBy(m => m.Date).ToList();

    /// <summary>A short plain description of what a severity answer compares to in CTCAE v5.0 (null when there is no simple one).</summary>
    public static string? CtcaeMeaning(string attribute, int value) => attribute != Attributes.Severity ? null : value switch
    {
        1 => "Mild. In CTCAE terms, grade 1: mild, no treatment needed.",
        2 => "Moderate. In CTCAE terms, grade 2: moderate, limits everyday tasks such as shopping or cooking.",
        3 => "Severe. In CTCAE terms, grade 3: severe, limits self-care such as washing or dressing.",
        4 => "Very severe. In CTCAE terms, grade 3 or 4: severe to life-threatening. Tell your care team.",
        _ => null,
    };
}
