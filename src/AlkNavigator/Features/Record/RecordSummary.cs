using System.Globalization;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>
/// "Where I am now" and the timeline of a record, computed (never stored) from its clinical entries.
/// Used by the overview page, and meant for the JSON API and the emergency card too.
/// <para>
/// Compute and Timeline read <see cref="PatientRecord.Treatments"/>, <see cref="PatientRecord.Sites"/>,
/// <see cref="PatientRecord.EcogEntries"/>, <see cref="PatientRecord.Progressions"/>, <see cref="PatientRecord.Biomarkers"/>
/// and (timeline only) <see cref="PatientRecord.Procedures"/>: load them first, with
/// <c>db.Records.WithClinicalData()</c> (the overview projects them in its own query set).
/// </para>
/// </summary>
public static class RecordSummary
{
    /// <summary>The "where I am now" summary. Every part is null (or empty) when the record does not say.</summary>
    /// <param name="Current">The current treatment: the latest-starting line with no end date.</param>
    /// <param name="CurrentLineNumber">Its line number (lines ordered by start date, 1-based).</param>
    /// <param name="CurrentFor">How long it has been taken, e.g. "2 years and 3 months".</param>
    /// <param name="CurrentMonths">The same in whole months.</param>
    /// <param name="LastEnded">When nothing is current: the most recently ended line.</param>
    /// <param name="LineCount">How many treatment lines the record has.</param>
    /// <param name="Brain">The latest observation of the brain (Status is none | active | treated-stable | leptomeningeal).</param>
    /// <param name="Ecog">The latest performance status.</param>
    /// <param name="LatestProgression">The latest progression event.</param>
    /// <param name="MutationsDate">Date of the latest ALK resistance mutation results (null when undated).</param>
    /// <param name="Mutations">The ALK results of that date, excluding the fusion itself (see <see cref="IsAlkResistanceMutation"/>).</param>
    /// <param name="Diagnosis">One line such as "Stage IVB adenocarcinoma, ALK-positive (FISH), EML4-ALK v3".</param>
    /// <param name="IsEmpty">True when the record has no diagnosis and no clinical entries yet.</param>
    public sealed record Now(
        TreatmentLine? Current,
        int? CurrentLineNumber,
        string? CurrentFor,
        int? CurrentMonths,
        TreatmentLine? LastEnded,
        int LineCount,
        SiteObservation? Brain,
        EcogEntry? Ecog,
        ProgressionEvent? LatestProgression,
        DateOnly? MutationsDate,
        IReadOnlyList<BiomarkerResult> Mutations,
        string? Diagnosis,
        bool IsEmpty);

    /// <summary>One dated fact of the record. Section is the record page that holds it ("treatments", "diagnosis"...);
    /// ItemId is the entry's id (null for the diagnosis), so its page is /record/{rid}/{Section}/{ItemId}.</summary>
    public sealed record TimelineEvent(DateOnly Date, string Kind, string Text, string Section, Guid? ItemId);

    /// <summary>Includes every collection <see cref="Compute"/> and <see cref="Timeline"/> read.</summary>
    public static IQueryable<PatientRecord> WithClinicalData(this IQueryable<PatientRecord> records) =>
        records.Include(r => r.Treatments).Include(r => r.Sites).Include(r => r.EcogEntries).Include(r => r.Progressions)
            .Include(r => r.Biomarkers).Include(r => r.Procedures).AsSplitQuery();

    public static Now Compute(PatientRecord r, DateOnly today)
    {
        var numbered = NumberedLines(r.Treatments);
        var current = numbered.Where(x => x.Line.End is null).OrderByDescending(x => x.Line.Start).ThenByDescending(x => x.Line.CreatedUtc)
            .Select(x => ((TreatmentLine Line, int Number)?)x).FirstOrDefault();
        var lastEnded = current is null
            ? r.Treatments.Where(t => t.End is not null).OrderByDescending(t => t.End).ThenByDescending(t => t.Start).FirstOrDefault()
            : null;

        var brain = r.Sites.Where(s => string.Equals(s.Site, "brain", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => s.Date).ThenByDescending(s => s.CreatedUtc).FirstOrDefault();
        var ecog = r.EcogEntries.OrderByDescending(e => e.Date).ThenByDescending(e => e.CreatedUtc).FirstOrDefault();
        var progression = r.Progressions.OrderByDescending(p => p.Date).ThenByDescending(p => p.CreatedUtc).FirstOrDefault();

        var alk = r.Biomarkers.Where(IsAlkResistanceMutation).ToList();
        DateOnly? mutationsDate = null;
        IReadOnlyList<BiomarkerResult> mutations = [];
        if (alk.Count > 0)
        {
            mutationsDate = alk.Max(b => b.Date); // null when none is dated
            mutations = alk.Where(b => b.Date == mutationsDate).OrderBy(b => b.CreatedUtc).ToList();
        }

        var isEmpty = r.DiagnosisDate is null && r.Stage is null && r.Histology is null && r.AlkStatus is null &&
                      r.Treatments.Count == 0 && r.Sites.Count == 0 && r.EcogEntries.Count == 0 && r.Progressions.Count == 0 &&
                      r.Biomarkers.Count == 0 && r.Procedures.Count == 0;

        return new Now(
            current?.Line,
            current?.Number,
            current is null ? null : Duration(current.Value.Line.Start, today),
            current is null ? null : Months(current.Value.Line.Start, today),
            lastEnded,
            r.Treatments.Count,
            brain,
            ecog,
            progression,
            mutationsDate,
            mutations,
            DiagnosisText(r),
            isEmpty);
    }

    /// <summary>Treatment lines in order of start date with their line number (index + 1). Line numbers are derived, never stored.</summary>
    public static IReadOnlyList<(TreatmentLine Line, int Number)> NumberedLines(IEnumerable<TreatmentLine> lines) =>
        lines.OrderBy(t => t.Start).ThenBy(t => t.CreatedUtc).ThenBy(t => t.Id)
            .Select((t, i) => (t, i + 1)).ToList();

    /// <summary>Everything dated in the record, newest first. Undated procedures and biomarker results are left out.</summary>
    public static IReadOnlyList<TimelineEvent> Timeline(PatientRecord r)
    {
        var events = new List<(TimelineEvent Event, int Order)>();
        if (r.DiagnosisDate is { } dx)
        {
            var what = DiagnosisText(r, withDate: false);
            events.Add((new TimelineEvent(dx, "diagnosis", what is null ? "Diagnosed" : $"Diagnosed: {what}", "diagnosis", null), 9));
        }
        foreach (var (line, n) in NumberedLines(r.Treatments))
        {
            var dose = string.IsNullOrEmpty(line.Dose) ? "" : $", {line.Dose}";
            events.Add((new TimelineEvent(line.Start, "treatment-start", $"Started {line.Agent}{dose} (line {n})", "treatments", line.Id), 0));
            if (line.End is { } end)
            {
                var why = string.IsNullOrEmpty(line.StopReason) ? "" : $": {StopReasonLabel(line.StopReason).ToLowerInvariant()}";
                events.Add((new TimelineEvent(end, "treatment-end", $"Stopped {line.Agent} (line {n}){why}", "treatments", line.Id), 8));
            }
        }
        foreach (var p in r.Progressions)
            events.Add((new TimelineEvent(p.Date, "progression", $"Progression in {p.Where}, found by {FoundByLabel(p.FoundBy).ToLowerInvariant()}", "progressions", p.Id), 1));
        foreach (var b in r.Biomarkers)
            if (b.Date is { } d)
                events.Add((new TimelineEvent(d, "biomarker", $"Biomarker result: {b.Gene} {b.Alteration}" +
                    (string.IsNullOrEmpty(b.Source) ? "" : $" ({b.Source.Replace('-', ' ')})"), "biomarkers", b.Id), 2));
        foreach (var p in r.Procedures)
            if (p.Date is { } d)
                events.Add((new TimelineEvent(d, "procedure", $"{ProcedureKindLabel(p.Kind)}: {p.Name}", "procedures", p.Id), 3));
        foreach (var s in r.Sites)
            events.Add((new TimelineEvent(s.Date, "site", SiteText(s), "sites", s.Id), 4));
        foreach (var e in r.EcogEntries)
            events.Add((new TimelineEvent(e.Date, "ecog", $"Performance status (ECOG) {e.Score}", "ecog", e.Id), 5));
        return events.OrderByDescending(x => x.Event.Date).ThenBy(x => x.Order).Select(x => x.Event).ToList();
    }

    /// <summary>True for an ALK result that is a resistance mutation (G1202R, L1196M, compound...), not the fusion
    /// or a plain positive/negative test.</summary>
    public static bool IsAlkResistanceMutation(BiomarkerResult b)
    {
        if (!string.Equals(b.Gene.Trim(), "ALK", StringComparison.OrdinalIgnoreCase)) return false;
        var a = b.Alteration.Trim();
        if (a.Length == 0) return false;
        string[] notMutations = ["fusion", "EML4", "-ALK", "rearrange", "translocation", "positive", "negative", "not detected", "no mutation", "none", "wild"];
        return !notMutations.Any(x => a.Contains(x, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (0 when less than a month or reversed).</summary>
    public static int Months(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month - (to.Day < from.Day ? 1 : 0);
        return Math.Max(0, months);
    }

    /// <summary>"12 days", "5 months", "1 year", "3 years and 2 months".</summary>
    public static string Duration(DateOnly from, DateOnly to)
    {
        var months = Months(from, to);
        if (months == 0)
        {
            var days = Math.Max(0, to.DayNumber - from.DayNumber);
            return days switch { 0 => "since today", 1 => "1 day", < 14 => $"{days} days", _ => $"{days / 7} weeks" };
        }
        if (months < 12) return Plural(months, "month");
        var years = months / 12;
        var rest = months % 12;
        return rest == 0 ? Plural(years, "year") : $"{Plural(years, "year")} and {Plural(rest, "month")}";
    }

    /// <summary>"Stage IVB adenocarcinoma, ALK-positive (FISH), EML4-ALK v3, diagnosed 12 Mar 2021"; null when nothing is known.</summary>
    public static string? DiagnosisText(PatientRecord r, bool withDate = true)
    {
        var parts = new List<string>();
        var first = string.Join(' ', new[] { r.Stage is null ? null : $"Stage {r.Stage}", r.Histology }.Where(s => !string.IsNullOrEmpty(s)));
        if (first.Length > 0) parts.Add(first);
        if (!string.IsNullOrEmpty(r.AlkStatus))
        {
            var alk = r.AlkStatus switch { "positive" => "ALK-positive", "negative" => "ALK-negative", _ => $"ALK {r.AlkStatus}" };
            if (!string.IsNullOrEmpty(r.AlkMethod)) alk += $" ({AlkMethodLabel(r.AlkMethod)})";
            parts.Add(alk);
        }
        if (FusionText(r) is { } fusion) parts.Add(fusion);
        if (withDate && r.DiagnosisDate is { } d) parts.Add($"diagnosed {FormatDate(d)}");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>"EML4-ALK v3", "EML4-ALK", "ALK v1"; null when neither partner nor variant is known.</summary>
    public static string? FusionText(PatientRecord r)
    {
        var partner = r.FusionPartner?.Trim();
        var variant = r.FusionVariant?.Trim();
        if (string.IsNullOrEmpty(partner) && string.IsNullOrEmpty(variant)) return null;
        var name = string.IsNullOrEmpty(partner) ? "ALK"
            : partner.Contains("ALK", StringComparison.OrdinalIgnoreCase) ? partner : $"{partner}-ALK";
        return string.IsNullOrEmpty(variant) ? name : $"{name} {variant}";
    }

    public static string SiteText(SiteObservation s) =>
        string.Equals(s.Site, "brain", StringComparison.OrdinalIgnoreCase)
            ? $"Brain: {BrainStatusLabel(s.Status).ToLowerInvariant()}"
            : $"Cancer seen in: {s.Site}";

    // ---- Plain-language labels for the vocabulary values (stored values stay the vocabulary keys) ----

    public static string BrainStatusLabel(string? status) => status switch
    {
        "none" => "No cancer seen in the brain",
        "active" => "Active brain metastases",
        "treated-stable" => "Treated and stable",
        "leptomeningeal" => "Leptomeningeal disease",
        null or "" => "Not recorded",
        _ => status,
    };

    public static string BrainStatusHelp(string status) => status switch
    {
        "none" => "Scans show no cancer in the brain.",
        "active" => "There are spots of cancer in the brain that are growing or have not been treated yet.",
        "treated-stable" => "Spots in the brain were treated (for example with a drug or radiation) and are not growing.",
        "leptomeningeal" => "Cancer cells in the thin layers (meninges) and fluid around the brain and spinal cord.",
        _ => "",
    };

    public static string StopReasonLabel(string? reason) => reason switch
    {
        "progression" => "The cancer grew (progression)",
        "side-effects" => "Side effects",
        "completed" => "Completed as planned",
        "other" => "Other reason",
        null or "" => "",
        _ => reason,
    };

    public static string FoundByLabel(string? foundBy) => foundBy switch
    {
        "scan" => "A scan",
        "symptoms" => "Symptoms",
        "liquid-biopsy" => "A liquid biopsy (blood test)",
        null or "" => "",
        _ => foundBy,
    };

    public static string BiomarkerSourceLabel(string? source) => source switch
    {
        "tissue" => "Tissue (biopsy or surgery)",
        "liquid-biopsy" => "Liquid biopsy (blood)",
        null or "" => "",
        _ => source,
    };

    public static string ProcedureKindLabel(string? kind) => kind switch
    {
        "surgery" => "Surgery",
        "radiation" => "Radiation",
        null or "" => "",
        _ => kind,
    };

    public static string AlkMethodLabel(string? method) => method switch
    {
        "liquid-biopsy" => "liquid biopsy",
        null => "",
        _ => method,
    };

    public static string SexLabel(string? sex) => sex switch
    {
        "female" => "Female",
        "male" => "Male",
        "other" => "Other",
        null => "",
        _ => sex,
    };

    /// <summary>ECOG performance status in plain words (0 to 4).</summary>
    public static string EcogLabel(int score) => score switch
    {
        0 => "Fully active: able to do everything you did before the illness.",
        1 => "Can't do heavy physical work, but can walk and do light work, like housework or office work.",
        2 => "Can walk and take care of yourself, but can't work. Up and about more than half of the day.",
        3 => "Can only partly take care of yourself. In bed or a chair more than half of the day.",
        4 => "Can't take care of yourself at all. In bed or a chair all of the time.",
        _ => $"Score {score}",
    };

    public static string FormatDate(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string IsoDate(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
