namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// The one place that names an alert and says what to do about it, for every place that shows one: the check-in result,
/// the alerts page, the symptoms overview, the summary, the record overview and home page box, the alert email and the API.
/// </summary>
/// <remarks>
/// The heading is the stored <see cref="SymptomAlert.Heading"/> ("Shortness of breath: moderate", "Oxygen saturation: 88 %"),
/// set by the triage when the alert is raised. Alerts stored before headings existed get one built from what the row holds:
/// the term and the PRO-CTCAE answer label of its score ("Nausea: severe"), or for a measurement rule the measurement's name
/// ("Heart rate"); never a generic "a symptom".
/// </remarks>
public static class AlertText
{
    /// <summary>The alert's heading, e.g. "Shortness of breath: moderate".</summary>
    public static string Heading(SymptomAlert a) => Heading(a, answers: null);

    /// <summary>
    /// The alert's heading; when the row has no stored heading and <paramref name="answers"/> (the check-in's answers) are given,
    /// they tell which attribute the score came from.
    /// </summary>
    public static string Heading(SymptomAlert a, IEnumerable<CheckInAnswer>? answers)
    {
        if (!string.IsNullOrWhiteSpace(a.Heading)) return a.Heading.Trim();
        if (!string.IsNullOrWhiteSpace(a.Term)) return $"{TermName(a.Term)}: {ScoreLabel(a.RuleId, a.Term, a.Score, answers)}";
        return MeasurementHeading(a.RuleId);
    }

    /// <summary>What the alert is about, without the level: the symptom's term ("Shortness of breath"), or the heading's part before ":" ("Oxygen saturation").</summary>
    public static string Symptom(SymptomAlert a)
    {
        if (!string.IsNullOrWhiteSpace(a.Term)) return TermName(a.Term);
        var heading = Heading(a);
        var colon = heading.IndexOf(':');
        return colon > 0 ? heading[..colon].Trim() : heading;
    }

    /// <summary>What to do now: the rule's action, or the level's own wording when the stored action is missing.</summary>
    public static string Action(SymptomAlert a) =>
        !string.IsNullOrWhiteSpace(a.Action) ? a.Action.Trim()
        : Level(a) == AlertLevels.Urgent ? AlertLevels.Label(AlertLevels.Urgent) + ". If you cannot reach your care team, or you feel very unwell, call emergency services."
        : AlertLevels.Label(Level(a)) + ".";

    /// <summary>The level, with anything unknown treated as next-visit for display (urgent and contact are kept).</summary>
    public static string Level(SymptomAlert a) => a.Level is AlertLevels.Urgent or AlertLevels.Contact ? a.Level : AlertLevels.NextVisit;

    /// <summary>The level's label (AlertLevels.Label), e.g. "Contact your care team today (within 24 hours)".</summary>
    public static string LevelLabel(SymptomAlert a) => AlertLevels.Label(Level(a));

    private static string TermName(string term) => ProCtcae.Find(term)?.Term ?? term.Trim();

    /// <summary>"moderate", "almost constantly", "yes"; the labels of every attribute the score may have come from when unsure.</summary>
    private static string ScoreLabel(string ruleId, string term, int score, IEnumerable<CheckInAnswer>? answers)
    {
        var item = ProCtcae.Find(term);
        if (item is null) return "reported";
        var graded = item.Attributes.Where(at => at != Attributes.Presence).ToList();
        if (graded.Count == 0) return "yes";

        // The attributes the rule looks at for this term; a "*" rule (or an unknown one) may have fired on any of them.
        var rule = Triage.Rules.FirstOrDefault(r => r.Id == ruleId);
        var named = rule is null ? new List<string>() : Conditions(rule.Conditions)
            .Where(c => string.Equals(c.Term, item.Term, StringComparison.OrdinalIgnoreCase) && c.Attribute is { } at && graded.Contains(at))
            .Select(c => c.Attribute!).Distinct().ToList();
        var candidates = named.Count > 0 ? named : graded;

        if (candidates.Count > 1 && answers is not null)
        {
            var matching = answers.Where(x => string.Equals(x.Term, item.Term, StringComparison.OrdinalIgnoreCase) && x.Value == score)
                .Select(x => x.Attribute).Where(candidates.Contains).ToList();
            if (matching.Count > 0) candidates = [candidates.First(matching.Contains)];
        }
        var labels = candidates.Select(at => Label(at, score)).Distinct().ToList();
        return labels.Count == 1 ? labels[0] : string.Join(", ", labels.Take(labels.Count - 1)) + " or " + labels[^1];
    }

    private static string Label(string attribute, int score)
    {
        var scale = ProCtcae.Scale(attribute);
        return score >= 0 && score < scale.Count ? scale[score].ToLowerInvariant() : $"{score} of {scale.Count - 1}";
    }

    private static IEnumerable<RuleCondition> Conditions(IEnumerable<RuleCondition> conditions) =>
        conditions.SelectMany(c => c.Any is { } any ? Conditions(any) : [c]);

    /// <summary>A measurement rule's heading: the measurements its conditions read ("Heart rate"), else the rule in words.</summary>
    private static string MeasurementHeading(string ruleId)
    {
        if (ruleId == "multiple-contact") return "Several warning signs at once";
        var rule = Triage.Rules.FirstOrDefault(r => r.Id == ruleId);
        var names = rule is null ? new List<string>() : Conditions(rule.Conditions).Where(c => c.Measurement is not null)
            .Select(c => MeasurementName(c.Measurement!)).Distinct().ToList();
        if (names.Count > 0) return string.Join(" and ", names);
        var words = ruleId.Replace('-', ' ').Trim();
        return words.Length == 0 ? "Symptom alert" : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>The measurement's name as the check-in shows it.</summary>
    public static string MeasurementName(string measurement) => measurement switch
    {
        "temperatureC" => "Temperature",
        "heartRate" => "Heart rate",
        "systolic" or "diastolic" => "Blood pressure",
        "weightKg" => "Weight",
        "oxygenSaturation" => "Oxygen saturation",
        _ => measurement,
    };
}
