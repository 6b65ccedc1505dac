namespace AlkNavigator.Features.Learn;

// The shapes of content/ (see content/README.md). Property names map to camelCase YAML keys.

public sealed class Source
{
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Publisher { get; set; }
    public string? Url { get; set; }
    public string? Ref { get; set; }
    /// <summary>Publication or version date of the source ("2025", "2025-03-01"); optional.</summary>
    public string? Date { get; set; }
    /// <summary>When the source was last checked against the content (YYYY-MM-DD); optional. YAML: lastReviewed.</summary>
    public string? LastReviewed { get; set; }
}

/// <summary>A sourced statement or number. Either Source or Sources names the bibliography keys.</summary>
public class Sourced
{
    public string? Source { get; set; }
    public List<string>? Sources { get; set; }

    public IEnumerable<string> SourceKeys =>
        (Source is null ? [] : new[] { Source }).Concat(Sources ?? []).Where(k => !string.IsNullOrWhiteSpace(k));
}

public sealed class Fact : Sourced
{
    public string? Title { get; set; }
    public string Text { get; set; } = "";
}

public sealed class Figure : Sourced
{
    public string Label { get; set; } = "";
    public string Value { get; set; } = "";
}

public sealed class CompareValue : Sourced
{
    public string Value { get; set; } = "";
}

public sealed class Approval : Sourced
{
    public string Date { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class Dose : Sourced
{
    public string Text { get; set; } = "";
    public int TimesPerDay { get; set; }
}

public sealed class Food : Sourced
{
    public string Text { get; set; } = "";
    public bool WithFood { get; set; }
}

public sealed class TrialCompare
{
    public CompareValue? MedianPfs { get; set; }
    public CompareValue? HazardRatio { get; set; }
    public CompareValue? Intracranial { get; set; }
}

public sealed class Trial
{
    public string Name { get; set; } = "";
    public string Citation { get; set; } = "";
    public string? Design { get; set; }
    public string? Comparator { get; set; }
    public List<Figure> Figures { get; set; } = [];
    public TrialCompare? Compare { get; set; }
}

public sealed class Drug
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Brand { get; set; } = "";
    public List<string>? OtherBrands { get; set; }
    public int Generation { get; set; }
    public string Maker { get; set; } = "";
    public string Reviewed { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<Approval> Approvals { get; set; } = [];
    public Dose Dose { get; set; } = new();
    public Food Food { get; set; } = new();
    public Fact MissedDose { get; set; } = new();
    /// <summary>What the label says to do after vomiting a dose; the same rule as the medication page (Symptoms/Dosing).</summary>
    public Fact? Vomiting { get; set; }
    public Fact? DoseReductions { get; set; }
    public Trial Trial { get; set; } = new();
    public List<Fact> CommonSideEffects { get; set; } = [];
    public List<Fact> Warnings { get; set; } = [];
    public List<Fact> SpecificEffects { get; set; } = [];
    public List<Fact> Monitoring { get; set; } = [];
    public List<Fact> Interactions { get; set; } = [];

    public string GenerationLabel => Generation switch { 1 => "First generation", 2 => "Second generation", 3 => "Third generation", _ => $"Generation {Generation}" };
    public string Url => $"/learn/drugs/{Id}";
    public Approval? FirstApproval => Approvals.OrderBy(a => a.Date, StringComparer.Ordinal).FirstOrDefault();
    public Approval? FirstLineApproval => Approvals.Where(a => a.Kind == "first-line").OrderBy(a => a.Date, StringComparer.Ordinal).FirstOrDefault();
    public Approval? AdjuvantApproval => Approvals.FirstOrDefault(a => a.Kind == "adjuvant");

    /// <summary>Every sourced item on the drug page, in page order (for numbering citations).</summary>
    public IEnumerable<Sourced> AllSourced()
    {
        foreach (var a in Approvals) yield return a;
        yield return Dose;
        yield return Food;
        yield return MissedDose;
        if (Vomiting is not null) yield return Vomiting;
        if (DoseReductions is not null) yield return DoseReductions;
        foreach (var f in Trial.Figures) yield return f;
        if (Trial.Compare is { } c)
            foreach (var v in new[] { c.MedianPfs, c.HazardRatio, c.Intracranial })
                if (v is not null) yield return v;
        foreach (var list in new[] { CommonSideEffects, Warnings, SpecificEffects, Monitoring, Interactions })
            foreach (var f in list) yield return f;
    }
}

public sealed class PageFrontMatter
{
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public int Order { get; set; }
    public string Reviewed { get; set; } = "";
    public List<string> Sources { get; set; } = [];
}

public sealed class LearnPage
{
    public required string Slug { get; init; }
    public required PageFrontMatter Meta { get; init; }
    public required string Html { get; init; }
    /// <summary>Sources in citation order: the numbers the body's [n] markers point at.</summary>
    public required IReadOnlyList<string> SourceOrder { get; init; }
    public required IReadOnlyList<(string Id, string Title, string Text)> Sections { get; init; }
    /// <summary>Ids given to the rows of a resistance-mutation table ("mutation-g1202"), see ContentStore.MutationRowId.</summary>
    public IReadOnlySet<string> MutationRowIds { get; init; } = new HashSet<string>();
    public string Url => $"/learn/{Slug}";
}

/// <summary>Numbers the sources cited on one page in order of first use.</summary>
public sealed class Citations(IReadOnlyDictionary<string, Source> bibliography)
{
    private readonly List<string> _order = [];

    public IReadOnlyList<string> Order => _order;

    public IReadOnlyList<(int Number, Source Source)> Cite(IEnumerable<string> keys)
    {
        var result = new List<(int, Source)>();
        foreach (var key in keys)
        {
            if (!bibliography.TryGetValue(key, out var source)) continue;
            var i = _order.IndexOf(key);
            if (i < 0) { _order.Add(key); i = _order.Count - 1; }
            result.Add((i + 1, source));
        }
        return result;
    }

    public IReadOnlyList<(int Number, Source Source)> Listed =>
        _order.Select((k, i) => (i + 1, bibliography[k])).ToList();
}
