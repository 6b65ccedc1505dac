using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>One systemic therapy line as matching sees it.</summary>
public sealed record MatchTherapy(string Agent, int? Line, string? StopReason, bool Ongoing);

/// <summary>One metastatic site ("brain", "liver", ...); for the brain, Status is active | treated-stable | leptomeningeal (or null).</summary>
public sealed record MatchSite(string Site, string? Status);

/// <summary>
/// The patient's facts for matching, from a patient profile file (<see cref="FromProfile"/>) or a record (<see cref="FromRecord"/>).
/// Null means "not known"; an empty list means "known to be none" (e.g. <c>"therapies": []</c> is treatment-naive).
/// </summary>
public sealed record MatchProfile
{
    public string? Id { get; init; }
    public int? Age { get; init; }
    /// <summary>female | male | other.</summary>
    public string? Sex { get; init; }
    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string? Country { get; init; }
    public string? Histology { get; init; }
    /// <summary>AJCC stage group, upper case ("IB", "IVB", "IV").</summary>
    public string? Stage { get; init; }
    /// <summary>positive | negative | unknown (null when not given).</summary>
    public string? AlkStatus { get; init; }
    public string? AlkFusion { get; init; }
    public int? Ecog { get; init; }
    /// <summary>Metastatic sites; null when not given.</summary>
    public List<MatchSite>? Metastases { get; init; }
    /// <summary>Systemic therapies in order; null when not given.</summary>
    public List<MatchTherapy>? Therapies { get; init; }
    /// <summary>Procedures as "surgery: lobectomy", "radiation: SRS"; null when not given.</summary>
    public List<(string Kind, string Name)>? Procedures { get; init; }
    /// <summary>Biomarkers as (gene, alteration); null when not given.</summary>
    public List<(string Gene, string Alteration)>? Biomarkers { get; init; }
    /// <summary>Other medicines (name, dose and note as one text each); null when not given. Read only for the health conditions and
    /// medicines a trial excludes (<see cref="HealthFacts"/>).</summary>
    public List<string>? Medicines { get; init; }
    /// <summary>The record's free-text notes; read only for <see cref="HealthFacts"/> (a mention never meets a criterion, it only asks to check one).</summary>
    public string? Notes { get; init; }
    /// <summary>What the record says of spread or recurrence beside its stage group: its M category ("M1b") and its progression events
    /// ("liver (scan)"), and procedure notes. Read only for a stage I–III record (a recurrence its stage does not show yet).</summary>
    public List<string>? SpreadNotes { get; init; }

    // ---- derived facts

    /// <summary>The ALK TKIs taken, in order (each once), by generic name (brand names and code names are recognised).</summary>
    public List<string> AlkTkis => Therapies is null ? [] : Therapies.SelectMany(t => TkisIn(t.Agent)).Distinct().ToList();

    /// <summary>The ALK TKIs (generic names) a therapy's agent text names: "Lorbrena" → lorlatinib, "NVL-655" → neladalkib.</summary>
    public static List<string> TkisIn(string agent) => AlkNavigator.Features.Record.AlkDrugs.AllIn(agent);

    /// <summary>The generic name of one ALK TKI name (brand or code), or the name itself lower-cased.</summary>
    public static string CanonicalTki(string name) => TkisIn(name) is [var one] ? one : name.ToLowerInvariant();

    public bool IsAlkPositive => AlkStatus == "positive" || (Biomarkers?.Any(b => CriteriaParser.GeneKey(b.Gene) == "ALK" && AlkNavigator.Features.Record.BiomarkerResults.ShowsAlteration(b.Alteration)) ?? false);


    /// <summary>The brain status: none (known no brain metastases), active, treated-stable, leptomeningeal, present (status not given), or null (unknown).</summary>
    public string? Brain
    {
        get
        {
            if (Metastases is null) return null;
            var lepto = Metastases.FirstOrDefault(m => m.Site.Contains("lepto", StringComparison.OrdinalIgnoreCase));
            if (lepto is not null) return "leptomeningeal";
            // Brain sites as written ("brain", "CNS", "intracranial", "Brain (treated)"), read as the visit questions and the plan read them.
            var brain = Metastases.Where(m => BrainSites.State(m.Site, m.Status) is not BrainSite.NotBrain).ToList();
            if (brain.Count == 0 || brain.All(IsNoBrain)) return "none";
            var b = brain.First(m => !IsNoBrain(m));
            // A recorded status is used as it is; free words only say "present" (a "treated" lesion is not known to be stable).
            return b.Status is "active" or "treated-stable" or "leptomeningeal" ? b.Status
                : BrainSites.State(b.Site, b.Status) is BrainSite.Active ? "active" : "present";
        }
    }

    /// <summary>Stage IV, or stage III with distant metastases, or any distant metastasis: advanced disease. Regional sites (lymph
    /// nodes, lung, pleura) do not make stage I–III disease advanced; a brain entry with status "none" is not a metastasis.</summary>
    public bool? IsAdvanced
    {
        get
        {
            var distant = Metastases?.Where(m => !IsNoBrain(m)).Any(m => !StageNumber.HasValue || StageNumber >= 4 || !IsRegional(m.Site)) ?? false;
            if (StageNumber is { } n) return n >= 4 || distant ? true : n == 3 ? null : false;
            if (distant) return true;
            return null;
        }
    }

    private static bool IsNoBrain(MatchSite m) => BrainSites.State(m.Site, m.Status) is BrainSite.None;

    /// <summary>Sites that can be regional in stage I–III disease: lymph nodes, the lung, the pleura.</summary>
    private static bool IsRegional(string site) =>
        site.Contains("lymph", StringComparison.OrdinalIgnoreCase) || site.Contains("node", StringComparison.OrdinalIgnoreCase)
        || site.Contains("lung", StringComparison.OrdinalIgnoreCase) || site.Contains("pleura", StringComparison.OrdinalIgnoreCase);

    /// <summary>1..4 from the stage group, or null.</summary>
    public int? StageNumber => Stage is null ? null
        : StageFromTnm(Stage) is not null ? 4
        : Stage.StartsWith("IV", StringComparison.Ordinal) ? 4
        : Stage.StartsWith("III", StringComparison.Ordinal) ? 3
        : Stage.StartsWith("II", StringComparison.Ordinal) ? 2
        : Stage.StartsWith('I') ? 1 : null;

    public bool HadSurgery => Procedures?.Any(p => p.Kind.Equals("surgery", StringComparison.OrdinalIgnoreCase)) ?? false;

    public bool? HadChemo => Therapies is null ? null : Therapies.Any(t => IsChemo(t.Agent));

    public bool? HadImmunotherapy => Therapies is null ? null : Therapies.Any(t => IsImmunotherapy(t.Agent));

    public bool? OnTreatment => Therapies is null ? null : Therapies.Any(t => t.Ongoing);

    /// <summary>ALK resistance mutations found (e.g. "G1202R").</summary>
    public List<string> ResistanceMutations => Biomarkers is null ? [] :
        Biomarkers.Where(b => b.Gene.Equals("ALK", StringComparison.OrdinalIgnoreCase))
            .SelectMany(b => MutationsFound(b.Alteration)).Distinct().ToList();

    /// <summary>The ALK mutations a result reports as found: "I1171N detected; G1202R not detected" and "with I1171N; no G1202R" give I1171N only.</summary>
    public static List<string> MutationsFound(string alteration) =>
        System.Text.RegularExpressions.Regex.Split(alteration, @"[;,]|\bbut\b")
            .Where(clause => !AlkNavigator.Features.Record.BiomarkerResults.IsNegative(clause) && !System.Text.RegularExpressions.Regex.IsMatch(clause, @"^\W*(?:no|without|negative for|absence of)\b",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .SelectMany(AlkMutations.In).Distinct().ToList();

    private static readonly string[] ChemoWords = ["platin", "pemetrexed", "docetaxel", "paclitaxel", "gemcitabine", "etoposide", "vinorelbine", "chemo"];

    public static bool IsChemo(string agent) => ChemoWords.Any(w => agent.Contains(w, StringComparison.OrdinalIgnoreCase));
    public static bool IsImmunotherapy(string agent) => Immunotherapy.In(agent);

    // ---- from a record

    /// <summary>
    /// The facts of a record loaded with its collections (<see cref="ProfileJson.LoadAsync"/>). An empty collection in a record means
    /// "not entered", not "known none": no treatments, sites or biomarkers give null (unknown). A brain site recorded with status
    /// "none" is known: the sites are then known (without brain metastases).
    /// </summary>
    public static MatchProfile FromRecord(PatientRecord record, DateOnly today)
    {
        return new MatchProfile
        {
            Id = record.Id.ToString(),
            Age = record.BirthYear is { } y ? today.Year - y : null,
            Sex = record.Sex,
            Country = CountryCodes.Normalize(record.Country) ?? record.Country?.ToUpperInvariant(),
            Histology = record.Histology,
            Stage = NormaliseStage(record.Stage),
            AlkStatus = record.AlkStatus,
            AlkFusion = ProfileJson.FormatFusion(record.FusionPartner, record.FusionVariant),
            Ecog = ProfileJson.CurrentEcog(record.EcogEntries)?.Score,
            Metastases = record.Sites.Count == 0 ? null : ProfileJson.CurrentSites(record.Sites).Select(s => new MatchSite(s.Site, s.Status)).ToList(),
            Therapies = record.Treatments.Count == 0 ? null : ProfileJson.OrderedTreatments(record.Treatments)
                .Select((t, i) => new MatchTherapy(t.Agent, i + 1, t.StopReason, t.End is null)).ToList(),
            Procedures = record.Procedures.Select(p => (p.Kind, p.Name)).ToList(),
            Biomarkers = record.Biomarkers.Count == 0 ? null : record.Biomarkers.Select(b => (b.Gene, b.Alteration)).ToList(),
            Medicines = record.Medicines.Count == 0 ? null : record.Medicines.Select(m => string.Join(" ", new[] { m.Name, m.Dose, m.Note }.Where(x => !string.IsNullOrWhiteSpace(x)))).ToList(),
            Notes = string.IsNullOrWhiteSpace(record.Notes) ? null : record.Notes,
            SpreadNotes = [.. string.IsNullOrWhiteSpace(record.StageM) ? [] : new[] { $"M category {record.StageM}" },
                .. record.Progressions.Select(x => $"progression recorded: {x.Where} ({x.FoundBy}){(string.IsNullOrWhiteSpace(x.Note) ? "" : ": " + x.Note)}"),
                .. record.Procedures.Where(x => !string.IsNullOrWhiteSpace(x.Note)).Select(x => $"{x.Kind}: {x.Name}: {x.Note}")],
        };
    }

    // ---- from a profile file

    /// <summary>
    /// The facts of a profile file read by the one profile reader (<see cref="ProfileJson.Parse"/>, valid): those of the record it
    /// would import as, except that the file can say "known none": a list the file gives empty (<c>"therapies": []</c> is
    /// treatment-naive) is known, a list it leaves out is not known (null).
    /// </summary>
    public static MatchProfile FromProfile(ProfileImport import, DateOnly today)
    {
        var p = FromRecord(import.Content, today);
        bool Given(string name) => import.Given.Contains(name);
        return p with
        {
            Id = import.ProfileId,
            Metastases = p.Metastases ?? (Given("metastases") ? [] : null),
            Therapies = p.Therapies ?? (Given("therapies") ? [] : null),
            Procedures = Given("procedures") || p.Procedures is { Count: > 0 } ? p.Procedures : null,
            Biomarkers = p.Biomarkers ?? (Given("biomarkers") ? [] : null),
        };
    }

    /// <summary>"Stage IIIa" → "IIIA"; null when not a stage group.</summary>
    public static string? NormaliseStage(string? stage)
    {
        if (string.IsNullOrWhiteSpace(stage)) return null;
        var s = stage.Trim().ToUpperInvariant().Replace("STAGE", "").Replace(" ", "");
        return Vocabulary.Stages.Contains(s) ? s : StageFromTnm(stage);
    }

    /// <summary>The stage group of a stage written only as TNM, where the M category decides it (AJCC 8th edition: M1a and M1b are IVA,
    /// M1c is IVB): "cT3 N2 M1c" is IVB. Null when the text has a stage group of its own or no M1 (T and N alone need the full table).</summary>
    public static string? StageFromTnm(string stage)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(stage, @"^\s*(?:stage\s*)?(?:I{1,3}V?|IV)[ABC]?\d?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)) return null;
        var m = System.Text.RegularExpressions.Regex.Match(stage, @"(?<![A-Za-z])[cpy]?M1([abc])?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return !m.Success ? null : m.Groups[1].Value.ToLowerInvariant() switch { "a" or "b" => "IVA", "c" => "IVB", _ => "IV" };
    }
}
