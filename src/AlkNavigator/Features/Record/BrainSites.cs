using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Record;

/// <summary>What a recorded metastatic site says about the brain.</summary>
public enum BrainSite { NotBrain, None, Unknown, Active, Treated }

/// <summary>
/// Reads a metastatic site as written ("brain", "CNS", "Brain (treated)", "leptomeningeal", "intracranial") with its status
/// (none | active | treated-stable | leptomeningeal, or free text from older files). Used by the visit questions and the
/// monitoring plan, so both see the same brain.
/// </summary>
public static partial class BrainSites
{
    /// <summary>True when the site is in the brain and not recorded as none/resolved: active, treated or of unknown state.</summary>
    public static bool Present(string site, string? status) => State(site, status) is BrainSite.Active or BrainSite.Treated or BrainSite.Unknown;

    /// <summary>
    /// Whether a metastatic site (as written: "brain", "CNS", "Brain (treated)", "leptomeningeal", "intracranial") is in the brain,
    /// and its state from the status or the site's own words: leptomeningeal disease counts as active, "none" / "resolved" as none.
    /// </summary>
    public static BrainSite State(string site, string? status)
    {
        if (!BrainWords().IsMatch(site)) return BrainSite.NotBrain;
        var words = $"{site} {status}";
        if (Lepto().IsMatch(words)) return BrainSite.Active;
        if (status is { } st && NoBrainStatus().IsMatch(st)) return BrainSite.None;
        if (ActiveWords().IsMatch(words)) return BrainSite.Active;
        if (TreatedWords().IsMatch(words)) return BrainSite.Treated;
        return BrainSite.Unknown;
    }

    [GeneratedRegex(@"brain|\bCNS\b|central\s+nervous|intra-?cranial|cerebr|cerebell|mening|\bdural?\b|\bpons\b|brain-?stem", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BrainWords();

    [GeneratedRegex(@"lepto|\bLMD\b|meningeal", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Lepto();

    [GeneratedRegex(@"^\s*(none|no|absent|resolved|no\s+evidence.*|NED|clear)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoBrainStatus();

    [GeneratedRegex(@"\b(active|new|untreated|progress\w*|growing|enlarg\w*|symptomatic)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActiveWords();

    [GeneratedRegex(@"treated|stable|post-?(?:SRS|radiation|RT|surgery)|irradiated|resected", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TreatedWords();
}
