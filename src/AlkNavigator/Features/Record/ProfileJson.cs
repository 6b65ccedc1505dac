using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>One thing wrong (or, as a warning, ignored) in a profile file: where it is and what is wrong.</summary>
public sealed record ProfileProblem(int Line, string Path, string Message)
{
    public override string ToString() => $"line {Line}, {Path}: {Message}";
}

/// <summary>
/// The result of reading a profile file. When <see cref="Problems"/> is empty, <see cref="Content"/> is a detached
/// record holding everything the file says (ready for <see cref="ProfileJson.ReplaceAsync"/>).
/// </summary>
public sealed class ProfileImport
{
    public PatientRecord Content { get; } = new();
    public List<ProfileProblem> Problems { get; } = [];
    public List<ProfileProblem> Warnings { get; } = [];
    public bool IsValid => Problems.Count == 0;

    // What only the "alknav" extension carries is replaced only when the file has it; clinical content always is.
    public bool HasDisplayName { get; set; }
    public bool HasPreferredHospital { get; set; }
    public bool HasCareTeam { get; set; }
    public bool HasPlan { get; set; }

    /// <summary>The file's own label ("id"), when it has one.</summary>
    public string? ProfileId { get; set; }

    /// <summary>
    /// The top-level properties the file gives a value (not null). A record cannot tell "none entered" from "known none"; the file
    /// can: <c>"therapies": []</c> says treatment-naive, a missing "therapies" says not known (trial matching needs the difference).
    /// </summary>
    public HashSet<string> Given { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The patient profile JSON, version 1 (shared/formats/patient-profile.md), to and from a <see cref="PatientRecord"/>.
/// <para>Export writes every profile property the record knows, plus an <c>"alknav"</c> extension object (other readers
/// ignore unknown properties) with what the profile cannot hold, so that export → import reproduces the record.</para>
/// <para>Import validates everything first and lists each problem with its line and JSON path; it saves nothing when
/// there is any problem. Unknown properties are warnings.</para>
/// </summary>
public static partial class ProfileJson
{
    public const int MaxBytes = 1024 * 1024;
    public const int ExtensionVersion = 1;

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable "+" and accents; the file is JSON, never HTML
    };

    // ------------------------------------------------------------------ loading

    /// <summary>Loads the record with every collection, or null.</summary>
    public static async Task<PatientRecord?> LoadAsync(AppDbContext db, Guid recordId, CancellationToken ct = default)
    {
        var record = await db.Records.FirstOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is not null) await LoadCollectionsAsync(db, record, ct);
        return record;
    }

    /// <summary>Loads every collection of a tracked record.</summary>
    public static async Task LoadCollectionsAsync(AppDbContext db, PatientRecord record, CancellationToken ct = default)
    {
        var e = db.Entry(record);
        await e.Collection(r => r.Sites).LoadAsync(ct);
        await e.Collection(r => r.EcogEntries).LoadAsync(ct);
        await e.Collection(r => r.Treatments).LoadAsync(ct);
        await e.Collection(r => r.Procedures).LoadAsync(ct);
        await e.Collection(r => r.Progressions).LoadAsync(ct);
        await e.Collection(r => r.Biomarkers).LoadAsync(ct);
        await e.Collection(r => r.Medicines).LoadAsync(ct);
        await e.Collection(r => r.CareTeam).LoadAsync(ct);
        await e.Collection(r => r.PlanItems).LoadAsync(ct);
    }

    // ------------------------------------------------------------------ shared derivations (export and import agree on these)

    private static IEnumerable<T> Ordered<T>(IEnumerable<T> items, Func<T, DateOnly?> date) where T : RecordItem =>
        items.OrderBy(x => date(x) ?? DateOnly.MinValue).ThenBy(x => x.CreatedUtc).ThenBy(x => x.Id);

    public static List<TreatmentLine> OrderedTreatments(IEnumerable<TreatmentLine> t) => Ordered(t, x => x.Start).ToList();

    /// <summary>The latest observation of each site, in the order of those observations; a brain observed "none" is left out.</summary>
    public static List<SiteObservation> CurrentSites(IEnumerable<SiteObservation> sites)
    {
        var ordered = Ordered(sites, s => s.Date).ToList();
        var latest = new Dictionary<string, (int Index, SiteObservation Obs)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < ordered.Count; i++) latest[ordered[i].Site] = (i, ordered[i]);
        return latest.Values.OrderBy(v => v.Index).Select(v => v.Obs)
            .Where(o => !(IsBrain(o.Site) && o.Status == "none")).ToList();
    }

    public static EcogEntry? CurrentEcog(IEnumerable<EcogEntry> entries) => Ordered(entries, e => e.Date).LastOrDefault();

    private static bool IsBrain(string site) => string.Equals(site, "brain", StringComparison.OrdinalIgnoreCase);

    public static string? FormatFusion(string? partner, string? variant) =>
        (Blank(partner), Blank(variant)) switch
        {
            (false, false) => $"{partner}-ALK {variant}",
            (false, true) => $"{partner}-ALK",
            (true, false) => $"ALK {variant}",
            _ => null,
        };

    [GeneratedRegex(@"^(?:(?<p>[A-Za-z0-9]+)\s*(?:::|-|/|:)\s*)?ALK(?:\s+(?:fusion|rearrangement))?(?:\s*,?\s*\(?(?:v|variant\s*|(?<=\s))(?<v>\d+[a-z]?)\)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FusionPattern();

    /// <summary>"EML4-ALK v3" → ("EML4", "v3"); false when the text is not a fusion in that form.</summary>
    public static bool TryParseFusion(string text, out string? partner, out string? variant)
    {
        partner = variant = null;
        var m = FusionPattern().Match(text.Trim());
        if (!m.Success) return false;
        if (m.Groups["p"].Success) partner = m.Groups["p"].Value.ToUpperInvariant();
        if (m.Groups["v"].Success) variant = "v" + m.Groups["v"].Value.ToLowerInvariant();
        return true;
    }

    private static bool Blank(string? s) => string.IsNullOrWhiteSpace(s);
}
