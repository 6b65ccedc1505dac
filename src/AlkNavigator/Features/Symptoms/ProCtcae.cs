namespace AlkNavigator.Features.Symptoms;

public static class Attributes
{
    public const string Frequency = "frequency";
    public const string Severity = "severity";
    public const string Interference = "interference";
    public const string Presence = "presence";

    /// <summary>Every attribute, in the order PRO-CTCAE asks them.</summary>
    public static IReadOnlyList<string> All { get; } = [Frequency, Severity, Interference, Presence];

    /// <summary>The highest answer value on the attribute's scale (presence 1, the others 4).</summary>
    public static int Max(string attribute) => attribute == Presence ? 1 : 4;
}

/// <summary>
/// One item of the library: a PRO-CTCAE term with its attributes in asking order (IsProCtcae = true), or one
/// of the product's own safety questions that PRO-CTCAE has no item for (chest pain, fever, hallucinations,
/// thoughts of self-harm, sudden vision loss, fainting, seizure, new neurological symptoms, liver signs, high thirst,
/// severe belly pain; IsProCtcae = false, presence only).
/// </summary>
public sealed record ProItem(string Term, IReadOnlyList<string> Attributes, string Phrase, bool IsProCtcae = true)
{
    /// <summary>Other names an answers file may use for a safety question ("Syncope", "Jaundice"); the item is stored under Term.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>
/// The PRO-CTCAE item library (NCI; terms spelled as in the library, attributes frequency → severity →
/// interference, or presence alone; alk-facts E1) and its 0–4 scales, plus the product's own safety items.
/// </summary>
public static class ProCtcae
{
    public const string Recall = "In the last 7 days";

    private const string F = Attributes.Frequency, S = Attributes.Severity, I = Attributes.Interference, P = Attributes.Presence;

    public static IReadOnlyList<ProItem> Items { get; } =
    [
        new("Shortness of breath", [S, I], "shortness of breath"),
        new("Cough", [S, I], "cough"),
        new("Pain", [F, S, I], "pain"),
        new("Fatigue, tiredness, or lack of energy", [S, I], "fatigue, tiredness, or lack of energy"),
        new("Decreased appetite", [S, I], "decreased appetite"),
        new("Nausea", [F, S], "nausea"),
        new("Vomiting", [F, S], "vomiting"),
        new("Loose or watery stools (diarrhea)", [F], "loose or watery stools (diarrhea)"),
        new("Constipation", [S], "constipation"),
        new("Arm or leg swelling", [F, S, I], "arm or leg swelling"),
        new("Aching muscles", [F, S, I], "aching muscles"),
        new("Aching joints", [F, S, I], "aching joints (such as elbows, knees, shoulders)"),
        new("Blurry vision", [S, I], "blurry vision"),
        new("Flashing lights", [P], "flashing lights in front of your eyes"),
        new("Spots or lines (floaters)", [P], "spots or lines (floaters) that float in front of your eyes"),
        new("Dizziness", [S, I], "dizziness"),
        new("Pounding or racing heartbeat", [F, S], "pounding or racing heartbeat (palpitations)") { Aliases = ["Palpitations"] },
        new("Problems with concentration", [S, I], "problems with concentration"),
        new("Problems with memory", [S, I], "problems with memory"),
        new("Sad or unhappy feelings", [F, S, I], "sad or unhappy feelings"),
        new("Feel that nothing could cheer you up", [F, S, I], "feelings that nothing could cheer you up"),
        new("Anxiety", [F, S, I], "anxiety"),
        new("Insomnia", [S, I], "insomnia (including difficulty falling asleep, staying asleep, or waking up early)"),
        new("Numbness or tingling", [S, I], "numbness or tingling in your hands or feet"),
        new("Rash", [P], "rash"),
        new("Increased skin sensitivity to sunlight", [P], "increased skin sensitivity to sunlight"),
        new("Taste changes", [S], "problems with tasting food or drink"),
        new("Shivering or shaking chills", [F, S], "shivering or shaking chills") { Aliases = ["Shaking chills", "Chills", "Rigors"] },

        // The product's own safety questions (PRO-CTCAE has no item for these): presence only.
        new("Chest pain", [P], "chest pain", IsProCtcae: false),
        new("Fever", [P], "fever (feeling feverish, or a temperature of 38 °C / 100.4 °F or higher)", IsProCtcae: false),
        new("Seeing or hearing things that are not there", [P], "hallucinations (seeing or hearing things that other people could not see or hear)", IsProCtcae: false),
        new("Thoughts of harming yourself", [P], "thoughts of harming yourself or of ending your life", IsProCtcae: false),
        new("Sudden loss of vision", [P], "sudden loss of vision, in one or both eyes", IsProCtcae: false),
        new("Fainting", [P], "fainting, or nearly fainting (passing out or almost passing out)", IsProCtcae: false)
            { Aliases = ["Fainting or nearly fainting", "Fainting or near fainting", "Nearly fainting", "Syncope", "Passing out"] },
        new("Seizure", [P], "seizure (fit), or jerking or shaking of part of the body that you could not stop", IsProCtcae: false)
            { Aliases = ["Seizure (fit)", "Seizures", "Fit", "Fits", "Convulsion", "Convulsions"] },
        new("New confusion, one-sided weakness or trouble speaking", [P],
            "new confusion, new weakness or numbness on one side of the body or face, or new trouble speaking or finding words", IsProCtcae: false)
            {
                Aliases = ["New confusion", "Confusion", "New weakness or numbness on one side", "Weakness or numbness on one side", "Weakness on one side",
                    "One-sided weakness", "Trouble speaking", "Difficulty speaking", "New confusion, weakness or trouble speaking",
                    "New confusion, new weakness or numbness on one side, trouble speaking", "New neurological symptoms"],
            },
        new("Yellow skin or eyes, or dark urine", [P], "yellowing of your skin or of the whites of your eyes, or dark (tea-coloured) urine", IsProCtcae: false)
            { Aliases = ["Yellow skin or eyes", "Yellow skin or eyes / dark urine", "Yellow skin or eyes or dark urine", "Jaundice", "Dark urine", "Yellowing of the skin or eyes"] },
        new("Very high thirst or passing much more urine", [P], "very high thirst, or passing much more urine than usual", IsProCtcae: false)
            { Aliases = ["Very high thirst", "Excessive thirst", "High thirst", "Passing much more urine", "Very high thirst or passing much urine", "Thirst or passing much more urine"] },
        new("Severe belly pain", [P], "severe pain in your belly (abdomen), which may spread to your back", IsProCtcae: false)
            { Aliases = ["Severe abdominal pain", "Severe stomach pain", "Severe belly (abdominal) pain", "Severe pain in the belly"] },
    ];

    /// <summary>Case-insensitive lookup by term (or a safety question's alias); null when unknown.</summary>
    public static ProItem? Find(string term)
    {
        var t = term.Trim();
        return Items.FirstOrDefault(i => string.Equals(i.Term, t, StringComparison.OrdinalIgnoreCase))
            ?? Items.FirstOrDefault(i => i.Aliases.Any(a => string.Equals(a, t, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// The question as the patient reads it, in the PRO-CTCAE style with the key words upper-cased, e.g.
    /// "In the last 7 days, what was the SEVERITY of your SHORTNESS OF BREATH at its WORST?"
    /// </summary>
    public static string Question(ProItem item, string attribute)
    {
        var x = item.Phrase.ToUpperInvariant();
        return attribute switch
        {
            Attributes.Frequency => $"{Recall}, how OFTEN did you have {x}?",
            Attributes.Severity => $"{Recall}, what was the SEVERITY of your {x} at its WORST?",
            Attributes.Interference => $"{Recall}, how much did {x} INTERFERE with your usual or daily activities?",
            Attributes.Presence => $"{Recall}, did you have any {x}?",
            _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "unknown attribute"),
        };
    }

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
    /// The attributes still to ask after <paramref name="answered"/> (attribute → value): when the first
    /// (frequency or severity) is Never/None (0), the follow-ups are skipped and score 0 (empty list); otherwise (also
    /// before the first is answered) the attributes after the first, in asking order. Single-attribute items have none.
    /// </summary>
    public static IReadOnlyList<string> FollowUps(ProItem item, IReadOnlyDictionary<string, int> answered) =>
        item.Attributes.Count < 2 || (answered.TryGetValue(item.Attributes[0], out var first) && first == 0) ? [] : item.Attributes.Skip(1).ToList();

    /// <summary>True when the follow-up <paramref name="attribute"/> is skipped because the item's first answer is 0.</summary>
    public static bool IsSkipped(ProItem item, string attribute, IReadOnlyDictionary<string, int> answered) =>
        item.Attributes.Count > 1 && attribute != item.Attributes[0]
        && answered.TryGetValue(item.Attributes[0], out var first) && first == 0;

    /// <summary>
    /// Normalises an answer set: for every item whose first attribute was answered 0 (Never/None), its
    /// follow-ups are scored 0 (replacing any value given for them, as PRO-CTCAE scores skipped follow-ups).
    /// Answers for unknown terms or attributes are kept as given. Terms are spelled as in the library.
    /// </summary>
    public static IReadOnlyList<Answer> Complete(IEnumerable<Answer> answers)
    {
        var list = answers.Select(a => a with { Attribute = a.Attribute.Trim().ToLowerInvariant() }).ToList();
        var result = new List<Answer>();
        foreach (var group in list.GroupBy(a => Find(a.Term)?.Term ?? a.Term, StringComparer.OrdinalIgnoreCase))
        {
            var item = Find(group.Key);
            if (item is null)
            {
                result.AddRange(group);
                continue;
            }
            var byAttribute = new Dictionary<string, int>();
            foreach (var a in group) byAttribute[a.Attribute] = a.Value;
            var skipped = item.Attributes.Count > 1 && byAttribute.TryGetValue(item.Attributes[0], out var first) && first == 0;
            foreach (var attribute in item.Attributes)
            {
                if (skipped && attribute != item.Attributes[0]) result.Add(new Answer(item.Term, attribute, 0));
                else if (byAttribute.TryGetValue(attribute, out var v)) result.Add(new Answer(item.Term, attribute, v));
            }
            result.AddRange(group.Where(a => !item.Attributes.Contains(a.Attribute)));
        }
        return result;
    }
}
