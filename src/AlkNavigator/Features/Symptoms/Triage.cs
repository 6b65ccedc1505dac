namespace AlkNavigator.Features.Symptoms;

// CONTRACT (filled in by the symptoms-core work).

public sealed record Answer(string Term, string Attribute, int Value);

public sealed record Measurements(decimal? TemperatureC = null, decimal? WeightKg = null, int? Systolic = null, int? Diastolic = null, int? HeartRate = null);

public static class AlertLevels
{
    public const string Urgent = "urgent";
    public const string Contact = "contact";
    public const string NextVisit = "next-visit";

    /// <summary>2 urgent, 1 contact, 0 next-visit.</summary>
    public static int Rank(string level) => level switch { Urgent => 2, Contact => 1, _ => 0 };

    public static string Label(string level) => level switch
    {
        Urgent => "Urgent: call your care team now, or emergency services",
        Contact => "Contact your care team within a day",
        _ => "Mention at your next visit",
    };
}

/// <summary>A rule of the reviewed table (Features/Symptoms/rules.yaml).</summary>
public sealed record AlertRule(string Id, string Level, string Message, string Action, string Basis, string Source);

/// <summary>A rule that fired: the term it fired on (null for measurement rules) and the worst answer value that met it.</summary>
public sealed record Triggered(AlertRule Rule, string? Term, int Score);

/// <summary>
/// How a fired rule compares with the patient's history: New (not above baseline before / first time),
/// Worse (fired before, higher score now), Ongoing (fired last time at the same or higher score: shown,
/// not raised again), AtBaseline (contact/next-visit no worse than the patient's own baseline: not raised).
/// Urgent rules are never AtBaseline.
/// </summary>
public enum AlertChange { New, Worse, Ongoing, AtBaseline }

public sealed record JudgedAlert(Triggered Alert, AlertChange Change)
{
    /// <summary>True when the alert should be raised (shown as new and notified): New or Worse.</summary>
    public bool Raise => Change is AlertChange.New or AlertChange.Worse;
}

public static class Triage
{
    /// <summary>The rule table, loaded once from the embedded rules.yaml.</summary>
    public static IReadOnlyList<AlertRule> Rules { get; } = [];

    /// <summary>Applies every rule; most urgent first.</summary>
    public static IReadOnlyList<Triggered> Evaluate(SymptomContext context, IReadOnlyCollection<Answer> answers, Measurements? measurements = null) => [];

    /// <summary>
    /// Compares what fired now with the patient's baseline answers (null = no baseline yet) and the alerts the
    /// previous submitted check-in produced (rule id → score).
    /// </summary>
    public static IReadOnlyList<JudgedAlert> Judge(IReadOnlyList<Triggered> now, IReadOnlyCollection<Answer>? baseline, IReadOnlyDictionary<string, int> previous) =>
        now.Select(t => new JudgedAlert(t, AlertChange.New)).ToList();
}
