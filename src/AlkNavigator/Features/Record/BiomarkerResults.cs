using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Record;

/// <summary>
/// What a recorded biomarker result says: the alteration is absent ("negative", "not detected", "wild-type"), there is no result
/// yet or none could be had ("not tested", "pending", "insufficient tissue", "failed"), or — neither — the alteration was found.
/// Trial matching and the visit questions both read results through this, so a result means the same thing on every page.
/// </summary>
public static partial class BiomarkerResults
{
    /// <summary>The result says the alteration is absent: "negative", "not detected", "wild-type", "WT", "none", "no fusion", "normal".</summary>
    public static bool IsNegative(string alteration) => Negative().IsMatch(alteration);

    /// <summary>The entry gives no result: "not tested", "pending", "ordered", "insufficient tissue", "failed", "equivocal", "unknown".</summary>
    public static bool IsNoResult(string alteration) =>
        NoResult().IsMatch(alteration)
        // "L858R detected; sent for orthogonal confirmation", "exon 19 deletion (repeat NGS ordered)": a clause with a finding is a result.
        && !alteration.Split([';', ',', '(', ')']).Any(clause => Finding().IsMatch(clause) && !NoResult().IsMatch(clause) && !IsNegative(clause));

    /// <summary>The result shows the alteration: it is neither negative nor no result.</summary>
    public static bool ShowsAlteration(string alteration) => !IsNegative(alteration) && !IsNoResult(alteration);

    [GeneratedRegex(@"negative|not (?:detected|found|present|identified)|undetected|\bnone\b|wild[- ]?type|\bWT\b|\bno\b(?: \w+){0,2} (?:fusion|rearrangement|mutation|alteration|amplification|variant|deletion|insertion)s?\b|^\s*no\s*$|^\s*-\s*$|^\s*neg\b|\bnormal\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negative();

    [GeneratedRegex(@"\b(?:pending|awaited|awaiting|ordered|sent|requested|equivocal|inconclusive|indeterminate|failed|failure|insufficient|QNS|unknown|not\s+(?:tested|done|performed|assessed|available|evaluable))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoResult();

    [GeneratedRegex(@"\d|fusion|mutat|delet|insert|amplif|rearrang|skipp|positive|detected|translocat", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Finding();
}
