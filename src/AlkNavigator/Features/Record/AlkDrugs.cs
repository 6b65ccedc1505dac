namespace AlkNavigator.Features.Record;

/// <summary>One ALK tyrosine kinase inhibitor: its generic name, generation, the brands and development codes it goes by,
/// and whether it has a label this product's Symptoms, Schedule, Dosing and interaction rules are written from.</summary>
public sealed record AlkDrug(string Generic, int Generation, string[] Brands, string[] Codes, bool Labelled)
{
    public IEnumerable<string> Names => [Generic, .. Brands, .. Codes];
}

/// <summary>
/// The one ALK drug vocabulary every feature uses (record, symptoms, schedule, dosing, interactions, trials, importers, CLI):
/// "Lorbrena", "Lorviqua", "PF-06463922" and "lorlatinib" are the same drug everywhere.
/// </summary>
public static class AlkDrugs
{
    public static readonly AlkDrug[] All =
    [
        new("crizotinib", 1, ["Xalkori"], ["PF-02341066", "PF-2341066"], true),
        new("ceritinib", 2, ["Zykadia"], ["LDK378"], true),
        new("alectinib", 2, ["Alecensa", "Alecensaro"], ["CH5424802", "RG7853", "AF802"], true),
        new("brigatinib", 2, ["Alunbrig"], ["AP26113"], true),
        new("ensartinib", 2, ["Ensacove"], ["X-396", "X396"], true),
        new("lorlatinib", 3, ["Lorbrena", "Lorviqua"], ["PF-06463922"], true),
        // Investigational or approved outside the US/EU only: known by name (trials, history), no label rules.
        new("iruplinalkib", 2, [], ["WX-0593", "WX0593"], false),
        new("envonalkib", 2, [], ["TQ-B3139", "TQB3139"], false),
        new("neladalkib", 4, [], ["NVL-655", "NVL655"], false),
        new("zotizalkib", 4, [], ["TPX-0131", "TPX0131"], false),
    ];

    /// <summary>The six drugs with a label (the record's choices, in order of approval).</summary>
    public static readonly string[] Labelled = ["crizotinib", "ceritinib", "alectinib", "brigatinib", "lorlatinib", "ensartinib"];

    /// <summary>The ALK TKIs a free-text agent names, by generic name, each once, in vocabulary order
    /// ("Alecensa (alectinib) 600 mg" → alectinib; "NVL-655" → neladalkib). Case-insensitive; hyphens and spaces in codes optional.</summary>
    public static List<string> AllIn(string? text)
    {
        var found = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return found;
        var squeezed = Squeeze(text);
        foreach (var (d, names, squeezedNames) in Searched)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (!text.Contains(names[i], StringComparison.OrdinalIgnoreCase) && !squeezed.Contains(squeezedNames[i], StringComparison.Ordinal)) continue;
                found.Add(d.Generic);
                break;
            }
        }
        return found;
    }

    // Each drug's names and their squeezed forms, computed once: AllIn runs for every treatment line on most record pages.
    private static readonly (AlkDrug Drug, string[] Names, string[] Squeezed)[] Searched =
        [.. All.Select(d => (d, d.Names.ToArray(), d.Names.Select(Squeeze).ToArray()))];

    /// <summary>The one ALK TKI a text names (generic, brand or code), or null when none or more than one.</summary>
    public static string? Generic(string? text) => AllIn(text) is [var one] ? one : null;

    /// <summary>The labelled TKI a text names ("Lorbrena" → lorlatinib); null for none, an unlabelled one, or an ambiguous text.</summary>
    public static string? LabelledIn(string? text) => Generic(text) is { } g && Labelled.Contains(g) ? g : null;

    public static AlkDrug? Find(string? text) => Generic(text) is { } g ? All.First(d => d.Generic == g) : null;

    /// <summary>The ongoing line of a labelled ALK TKI (no end date; the latest start, then the lowest id), or null.</summary>
    public static TreatmentLine? CurrentLine(IEnumerable<TreatmentLine> lines) =>
        lines.Where(t => t.End is null && LabelledIn(t.Agent) is not null)
            .OrderByDescending(t => t.Start).ThenBy(t => t.Id).FirstOrDefault();

    /// <summary>The current ALK drug (generic name of a labelled TKI) of a record's treatment lines, or null.</summary>
    public static string? Current(IEnumerable<TreatmentLine> lines) => CurrentLine(lines) is { } l ? LabelledIn(l.Agent) : null;

    /// <summary>"Lorlatinib (Lorbrena)" for display.</summary>
    public static string Display(string generic) =>
        All.FirstOrDefault(d => d.Generic == generic) is { Brands: [var brand, ..] } ? $"{char.ToUpperInvariant(generic[0])}{generic[1..]} ({brand})" : generic;

    private static string Squeeze(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
