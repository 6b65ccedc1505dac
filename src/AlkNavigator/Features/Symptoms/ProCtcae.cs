namespace AlkNavigator.Features.Symptoms;

// CONTRACT (filled in by the symptoms-core work): names and signatures here are used by the pages.

public static class Attributes
{
    public const string Frequency = "frequency";
    public const string Severity = "severity";
    public const string Interference = "interference";
    public const string Presence = "presence";
}

/// <summary>
/// One item of the library: a PRO-CTCAE term with its attributes in asking order (IsProCtcae = true), or one
/// of the product's own safety questions that PRO-CTCAE has no item for (chest pain, fever, hallucinations,
/// thoughts of self-harm, sudden vision loss; IsProCtcae = false, presence only).
/// </summary>
public sealed record ProItem(string Term, IReadOnlyList<string> Attributes, string Phrase, bool IsProCtcae = true);

/// <summary>The PRO-CTCAE item library (NCI; terms spelled as in the library) and its scales.</summary>
public static class ProCtcae
{
    public const string Recall = "In the last 7 days";

    public static IReadOnlyList<ProItem> Items { get; } =
    [
        new("Shortness of breath", [Attributes.Severity, Attributes.Interference], "shortness of breath"),
    ];

    /// <summary>Case-insensitive lookup by term; null when unknown.</summary>
    public static ProItem? Find(string term) =>
        Items.FirstOrDefault(i => string.Equals(i.Term, term.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The question as the patient reads it, e.g. "In the last 7 days, what was the SEVERITY of your SHORTNESS OF BREATH at its WORST?"</summary>
    public static string Question(ProItem item, string attribute) => $"{Recall}, {attribute} of {item.Phrase}?";

    /// <summary>The answer labels for values 0..4 (presence: "No", "Yes").</summary>
    public static IReadOnlyList<string> Scale(string attribute) => attribute switch
    {
        Attributes.Presence => ["No", "Yes"],
        Attributes.Frequency => ["Never", "Rarely", "Occasionally", "Frequently", "Almost constantly"],
        Attributes.Severity => ["None", "Mild", "Moderate", "Severe", "Very severe"],
        Attributes.Interference => ["Not at all", "A little bit", "Somewhat", "Quite a bit", "Very much"],
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "unknown attribute"),
    };

    /// <summary>
    /// The attributes still to ask after <paramref name="answered"/>: when the first (frequency or severity)
    /// is Never/None (0), the follow-ups are skipped and score 0.
    /// </summary>
    public static IReadOnlyList<string> FollowUps(ProItem item, IReadOnlyDictionary<string, int> answered) =>
        item.Attributes.Skip(1).ToList();
}
