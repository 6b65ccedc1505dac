using System.Globalization;
using AlkNavigator.Features.Record;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AlkNavigator.Features.Symptoms;

public sealed record Answer(string Term, string Attribute, int Value);

public sealed record Measurements(decimal? TemperatureC = null, decimal? WeightKg = null, int? Systolic = null, int? Diastolic = null, int? HeartRate = null)
{
    /// <summary>The measurement names rules use.</summary>
    public static IReadOnlyList<string> Names { get; } = ["temperatureC", "systolic", "diastolic", "heartRate", "weightKg"];

    /// <summary>The value of a measurement by its rule name (temperatureC, systolic, diastolic, heartRate, weightKg); null when not given.</summary>
    public decimal? Get(string name) => name switch
    {
        "temperatureC" => TemperatureC,
        "systolic" => Systolic,
        "diastolic" => Diastolic,
        "heartRate" => HeartRate,
        "weightKg" => WeightKg,
        _ => null,
    };
}

public static class AlertLevels
{
    public const string Urgent = "urgent";
    public const string Contact = "contact";
    public const string NextVisit = "next-visit";

    public static IReadOnlyList<string> All { get; } = [Urgent, Contact, NextVisit];

    /// <summary>2 urgent, 1 contact, 0 next-visit.</summary>
    public static int Rank(string level) => level switch { Urgent => 2, Contact => 1, _ => 0 };

    public static string Label(string level) => level switch
    {
        Urgent => "Urgent: call your care team now, or emergency services",
        Contact => "Contact your care team within a day",
        _ => "Mention at your next visit",
    };
}

/// <summary>
/// One condition of a rule: an answer threshold (Term, Attribute, AtLeast; Term "*" = any PRO-CTCAE item and Attribute
/// "*" = any of its 0–4 attributes), a measurement threshold (Measurement with AtLeast or AtMost), or alternatives (Any).
/// </summary>
public sealed record RuleCondition(string? Term = null, string? Attribute = null, string? Measurement = null, decimal? AtLeast = null,
    decimal? AtMost = null, IReadOnlyList<RuleCondition>? Any = null)
{
    public bool IsWildcard => Term == "*" || (Any?.Any(a => a.IsWildcard) ?? false);

    /// <summary>In words, e.g. "Shortness of breath severity at least 3 (Severe)", "heartRate at most 49", "(A or B)".</summary>
    public string Describe()
    {
        if (Any is not null) return "(" + string.Join(" or ", Any.Select(a => a.Describe())) + ")";
        if (Measurement is not null)
            return AtLeast is { } min ? $"{Measurement} at least {Num(min)}" : $"{Measurement} at most {Num(AtMost ?? 0)}";
        var term = Term == "*" ? "any PRO-CTCAE item" : Term;
        var attribute = Attribute == "*" ? "any attribute" : Attribute;
        var value = (int)(AtLeast ?? 0);
        var label = Attribute is Attributes.Frequency or Attributes.Severity or Attributes.Interference or Attributes.Presence
            && value < ProCtcae.Scale(Attribute).Count ? ProCtcae.Scale(Attribute)[value] : null;
        if (Attribute == Attributes.Presence && value == 1) return $"{term}: yes";
        return $"{term} {attribute} at least {value}" + (label is null ? "" : $" ({label})");
    }

    private static string Num(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>A rule of the reviewed table (Features/Symptoms/rules.yaml).</summary>
public sealed record AlertRule(string Id, string Level, string Message, string Action, string Basis, string Source)
{
    /// <summary>All must hold.</summary>
    public IReadOnlyList<RuleCondition> Conditions { get; init; } = [];

    /// <summary>When not empty, the rule applies only while the current TKI is one of these.</summary>
    public IReadOnlyList<string> Drugs { get; init; } = [];

    /// <summary>When set, the rule applies only in the first N days of the current drug (day 0 = the start day).</summary>
    public int? DaysOnDrugAtMost { get; init; }

    /// <summary>A "*" rule (any PRO-CTCAE item): it fires once per term that meets it.</summary>
    public bool IsGeneric => Conditions.Any(c => c.IsWildcard);

    /// <summary>The conditions in words, for the reviewed table.</summary>
    public string When
    {
        get
        {
            var parts = Conditions.Select(c => c.Describe()).ToList();
            if (Drugs.Count > 0) parts.Add("on " + string.Join(" or ", Drugs));
            if (DaysOnDrugAtMost is { } days) parts.Add($"within {days} days of starting the drug (day 0 = start)");
            return string.Join(" and ", parts);
        }
    }
}

/// <summary>
/// A rule that fired: the term it fired on (null for measurement rules) and the worst answer value that met it
/// (1 for presence conditions); a measurement that met it scores its CTCAE v5 grade (see <see cref="Triage.MeasurementGrade"/>).
/// Attribute is the attribute of that answer (null for measurements).
/// </summary>
public sealed record Triggered(AlertRule Rule, string? Term, int Score)
{
    public string? Attribute { get; init; }
}

/// <summary>
/// How a fired rule compares with the patient's history: New (not above baseline before / first time),
/// Worse (fired before, higher score now), Ongoing (fired last time at the same or higher score: shown,
/// not raised again), AtBaseline (contact/next-visit no worse than the patient's own baseline: not raised).
/// Urgent rules are never AtBaseline. The product's own safety questions (fever, chest pain, ...) are events, not
/// chronic symptoms: they have no baseline.
/// </summary>
public enum AlertChange { New, Worse, Ongoing, AtBaseline }

public sealed record JudgedAlert(Triggered Alert, AlertChange Change)
{
    /// <summary>True when the alert should be raised (shown as new and notified): New or Worse.</summary>
    public bool Raise => Change is AlertChange.New or AlertChange.Worse;
}

public static class Triage
{
    private static readonly Lazy<IReadOnlyList<AlertRule>> Table = new(() =>
    {
        using var stream = typeof(Triage).Assembly.GetManifestResourceStream("AlkNavigator.Features.Symptoms.rules.yaml")
            ?? throw new InvalidOperationException("The embedded Features/Symptoms/rules.yaml is missing.");
        using var reader = new StreamReader(stream);
        var rules = Parse(reader.ReadToEnd());
        var problems = Validate(rules);
        if (problems.Count > 0) throw new InvalidOperationException("Features/Symptoms/rules.yaml: " + string.Join("; ", problems));
        return rules;
    });

    /// <summary>The rule table, loaded once from the embedded rules.yaml (validated; most urgent level first as written).</summary>
    public static IReadOnlyList<AlertRule> Rules => Table.Value;

    /// <summary>Applies every rule; most urgent first.</summary>
    /// <remarks>
    /// A rule applies when its drug/day filters hold (a rule naming drugs needs the current TKI to be one of them;
    /// daysOnDrugAtMost needs a known start within that many days) and all its conditions hold. A rule yields one
    /// <see cref="Triggered"/>: Term/Attribute/Score of the first condition (in table order) met by an answer, taking the
    /// highest value among its alternatives; measurement-only rules have Term null and Score the highest CTCAE grade of the
    /// measurements that met them (<see cref="MeasurementGrade"/>). When the condition that gave Term also had a measurement
    /// alternative that was met (fever: "yes" or a temperature of 38 °C or more), Score is the higher of the answer and the
    /// grade, so a fever rising from 38.2 to 40.5 °C scores higher. A "*" rule yields one
    /// per PRO-CTCAE item that meets it (its highest attribute). Then a rule on a term is dropped when a higher-level rule
    /// fired on the same term, and a "*" rule gives way to a named rule of the same level on that term. Order: level
    /// (urgent, contact, next-visit), then table order. Answers for unknown terms are ignored; terms are case-insensitive.
    /// </remarks>
    public static IReadOnlyList<Triggered> Evaluate(SymptomContext context, IReadOnlyCollection<Answer> answers, Measurements? measurements = null)
    {
        var values = new Dictionary<(string Term, string Attribute), int>();
        foreach (var a in answers)
        {
            if (ProCtcae.Find(a.Term) is not { } item) continue;
            var key = (item.Term, a.Attribute.Trim().ToLowerInvariant());
            values[key] = Math.Max(values.GetValueOrDefault(key), a.Value);
        }
        measurements ??= new Measurements();

        var fired = new List<(Triggered T, int Order)>();
        var order = 0;
        foreach (var rule in Rules)
        {
            order++;
            if (rule.Drugs.Count > 0 && !rule.Drugs.Contains(context.Drug ?? "", StringComparer.OrdinalIgnoreCase)) continue;
            if (rule.DaysOnDrugAtMost is { } max && (context.DaysOnDrug is not { } days || days < 0 || days > max)) continue;

            if (rule.IsGeneric)
            {
                var c = rule.Conditions.Single();
                foreach (var item in ProCtcae.Items.Where(i => i.IsProCtcae))
                {
                    var best = item.Attributes.Where(at => at != Attributes.Presence && (c.Attribute == "*" || c.Attribute == at))
                        .Select(at => (At: at, V: values.GetValueOrDefault((item.Term, at))))
                        .Where(x => x.V >= c.AtLeast).OrderByDescending(x => x.V).FirstOrDefault();
                    if (best.At is not null) fired.Add((new Triggered(rule, item.Term, best.V) { Attribute = best.At }, order));
                }
                continue;
            }

            Hit? first = null;
            var firstGrade = 0;
            var grade = 0;
            var all = true;
            foreach (var c in rule.Conditions)
            {
                var (met, hit) = Check(c, values, measurements);
                if (!met) { all = false; break; }
                var g = Grade(c, measurements);
                grade = Math.Max(grade, g);
                if (first is null && hit is not null) (first, firstGrade) = (hit, g);
            }
            if (!all) continue;
            fired.Add((first is { } h
                ? new Triggered(rule, h.Term, Math.Max(h.Value, firstGrade)) { Attribute = h.Attribute }
                : new Triggered(rule, null, Math.Max(1, grade)), order));
        }

        var kept = fired.Where(f => f.T.Term is null || !fired.Any(o => o.T.Term == f.T.Term && !ReferenceEquals(o.T, f.T) && Outranks(o.T.Rule, f.T.Rule)));
        return kept.OrderByDescending(f => AlertLevels.Rank(f.T.Rule.Level)).ThenBy(f => f.Order).Select(f => f.T).ToList();
    }

    /// <summary>
    /// The CTCAE v5 grade of a measurement (1 or more, for a measurement that met a rule): temperatureC by fever grade
    /// (1: 38.0–39.0 °C, 2: above 39.0–40.0, 3: above 40.0); systolic and diastolic by hypertension grade of the whole blood
    /// pressure, the higher of the two numbers' grades (1: 120–139 or 80–89, 2: 140–159 or 90–99, 3: 160 or more or 100 or
    /// more); heartRate and weightKg 1. 0 when the measurement is missing or below grade 1.
    /// </summary>
    public static int MeasurementGrade(string measurement, Measurements m)
    {
        switch (measurement)
        {
            case "temperatureC":
                return m.TemperatureC switch { null => 0, > 40.0m => 3, > 39.0m => 2, >= 38.0m => 1, _ => 0 };
            case "systolic" or "diastolic":
                var sys = m.Systolic switch { null => 0, >= 160 => 3, >= 140 => 2, >= 120 => 1, _ => 0 };
                var dia = m.Diastolic switch { null => 0, >= 100 => 3, >= 90 => 2, >= 80 => 1, _ => 0 };
                return Math.Max(sys, dia);
            default:
                return m.Get(measurement) is null ? 0 : 1;
        }
    }

    /// <summary>The highest grade (at least 1) of the measurements of a condition that are met; 0 when none is.</summary>
    private static int Grade(RuleCondition c, Measurements m)
    {
        if (c.Any is not null) return c.Any.Select(a => Grade(a, m)).DefaultIfEmpty(0).Max();
        if (c.Measurement is null) return 0;
        var v = m.Get(c.Measurement);
        var met = v is not null && (c.AtLeast is null || v >= c.AtLeast) && (c.AtMost is null || v <= c.AtMost);
        return met ? Math.Max(1, MeasurementGrade(c.Measurement, m)) : 0;
    }

    private static bool Outranks(AlertRule a, AlertRule b) =>
        AlertLevels.Rank(a.Level) > AlertLevels.Rank(b.Level) || (AlertLevels.Rank(a.Level) == AlertLevels.Rank(b.Level) && b.IsGeneric && !a.IsGeneric);

    private readonly record struct Hit(string Term, string Attribute, int Value);

    private static (bool Met, Hit? Hit) Check(RuleCondition c, Dictionary<(string, string), int> values, Measurements m)
    {
        if (c.Any is not null)
        {
            var met = false;
            Hit? best = null;
            foreach (var alt in c.Any)
            {
                var (ok, hit) = Check(alt, values, m);
                if (!ok) continue;
                met = true;
                if (hit is { } h && (best is null || h.Value > best.Value.Value)) best = h;
            }
            return (met, best);
        }
        if (c.Measurement is not null)
        {
            var v = m.Get(c.Measurement);
            var ok = v is not null && (c.AtLeast is null || v >= c.AtLeast) && (c.AtMost is null || v <= c.AtMost);
            return (ok, null);
        }
        var term = ProCtcae.Find(c.Term ?? "")?.Term ?? c.Term ?? "";
        var value = values.GetValueOrDefault((term, c.Attribute ?? ""));
        return value >= c.AtLeast ? (true, new Hit(term, c.Attribute!, value)) : (false, null);
    }

    /// <summary>
    /// Compares what fired now with the patient's baseline answers (null = no baseline yet) and the alerts the
    /// previous submitted check-in produced (rule id → score).
    /// </summary>
    /// <remarks>
    /// For each alert, in order: <b>AtBaseline</b> when the rule is not urgent, its term is a PRO-CTCAE item (not one of the
    /// product's safety questions such as fever) and the baseline answer for the same term and attribute is at least the
    /// alert's score (the patient has had it at this level since before; not raised); otherwise <b>Ongoing</b> when the previous
    /// check-in had the same rule at a score at least as high (shown, not raised again); <b>Worse</b> when it had it lower;
    /// else <b>New</b>. Previous alerts are looked up by
    /// <see cref="Key"/> ("rule" or, for "*" rules, "rule:term"; build them with <see cref="PreviousOf(IEnumerable{Triggered})"/>),
    /// falling back to the bare rule id. Urgent alerts are never AtBaseline; measurement alerts have no baseline, and their
    /// score is the measurement's CTCAE grade, so a rising grade (fever 38.2 → 40.5 °C) is Worse.
    /// </remarks>
    public static IReadOnlyList<JudgedAlert> Judge(IReadOnlyList<Triggered> now, IReadOnlyCollection<Answer>? baseline, IReadOnlyDictionary<string, int> previous)
    {
        var result = new List<JudgedAlert>();
        foreach (var t in now)
        {
            var urgent = t.Rule.Level == AlertLevels.Urgent;
            if (!urgent && baseline is not null && t.Term is not null && t.Attribute is not null && ProCtcae.Find(t.Term) is { IsProCtcae: true })
            {
                var atBaseline = baseline.Where(a => string.Equals(ProCtcae.Find(a.Term)?.Term ?? a.Term, t.Term, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(a.Attribute, t.Attribute, StringComparison.OrdinalIgnoreCase)).Select(a => (int?)a.Value).Max();
                if (atBaseline >= t.Score)
                {
                    result.Add(new JudgedAlert(t, AlertChange.AtBaseline));
                    continue;
                }
            }
            var before = previous.TryGetValue(Key(t), out var p) ? p : previous.TryGetValue(t.Rule.Id, out var q) ? q : (int?)null;
            var change = before is null ? AlertChange.New : before >= t.Score ? AlertChange.Ongoing : AlertChange.Worse;
            result.Add(new JudgedAlert(t, change));
        }
        return result;
    }

    /// <summary>The key of an alert in Judge's <c>previous</c>: the rule id, or "rule:term" for a "*" rule.</summary>
    public static string Key(Triggered t) => Key(t.Rule.Id, t.Term, t.Rule.IsGeneric);

    /// <summary>The key from a stored alert's rule id and term (for "*" rules the term is part of the key).</summary>
    public static string Key(string ruleId, string? term) =>
        Key(ruleId, term, Rules.FirstOrDefault(r => r.Id == ruleId)?.IsGeneric ?? false);

    private static string Key(string ruleId, string? term, bool generic) => generic && term is not null ? $"{ruleId}:{term}" : ruleId;

    /// <summary>Judge's <c>previous</c> from what fired at the previous check-in (highest score per key).</summary>
    public static IReadOnlyDictionary<string, int> PreviousOf(IEnumerable<Triggered> fired) =>
        fired.GroupBy(Key).ToDictionary(g => g.Key, g => g.Max(t => t.Score));

    /// <summary>Judge's <c>previous</c> from stored alerts (rule id, term, score).</summary>
    public static IReadOnlyDictionary<string, int> PreviousOf(IEnumerable<(string RuleId, string? Term, int Score)> stored) =>
        stored.GroupBy(s => Key(s.RuleId, s.Term)).ToDictionary(g => g.Key, g => g.Max(s => s.Score));

    // ---------------------------------------------------------------- the table

    /// <summary>Reads a rules YAML text (no validation; see <see cref="Validate"/>).</summary>
    public static IReadOnlyList<AlertRule> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        List<RuleDto>? dtos;
        try
        {
            dtos = deserializer.Deserialize<List<RuleDto>>(yaml);
        }
        catch (YamlException e)
        {
            throw new InvalidOperationException($"rules YAML: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        return (dtos ?? []).Select(d => new AlertRule(d.Id ?? "", d.Level ?? "", d.Message ?? "", d.Action ?? "", d.Basis ?? "", d.Source ?? "")
        {
            Conditions = (d.Conditions ?? []).Select(ToCondition).ToList(),
            Drugs = d.Drugs ?? [],
            DaysOnDrugAtMost = d.DaysOnDrugAtMost,
        }).ToList();
    }

    private static RuleCondition ToCondition(ConditionDto c) =>
        new(c.Term, c.Attribute, c.Measurement, c.AtLeast, c.AtMost, c.Any?.Select(ToCondition).ToList());

    /// <summary>Problems with a rule table (empty when valid): ids, levels, terms and attributes of the library, thresholds, texts.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<AlertRule> rules)
    {
        var problems = new List<string>();
        var ids = new HashSet<string>();
        foreach (var r in rules)
        {
            var at = $"rule {(r.Id.Length > 0 ? r.Id : "(no id)")}";
            if (r.Id.Length == 0) problems.Add($"{at}: id is required");
            else if (!ids.Add(r.Id)) problems.Add($"{at}: duplicate id");
            if (!AlertLevels.All.Contains(r.Level)) problems.Add($"{at}: level must be urgent, contact or next-visit, not \"{r.Level}\"");
            foreach (var (name, text) in new[] { ("message", r.Message), ("action", r.Action), ("basis", r.Basis), ("source", r.Source) })
                if (string.IsNullOrWhiteSpace(text)) problems.Add($"{at}: {name} is required");
            if (r.Conditions.Count == 0) problems.Add($"{at}: at least one condition is required");
            if (r.IsGeneric && r.Conditions.Count != 1) problems.Add($"{at}: a \"*\" condition must be the rule's only condition");
            foreach (var drug in r.Drugs)
                if (!Vocabulary.Tkis.Contains(drug)) problems.Add($"{at}: unknown drug \"{drug}\"");
            if (r.DaysOnDrugAtMost is < 0) problems.Add($"{at}: daysOnDrugAtMost must be 0 or more");
            if (r.DaysOnDrugAtMost is not null && r.Drugs.Count == 0) problems.Add($"{at}: daysOnDrugAtMost needs drugs");
            foreach (var c in r.Conditions) ValidateCondition(c, at, problems, top: true);
        }
        return problems;
    }

    private static void ValidateCondition(RuleCondition c, string at, List<string> problems, bool top)
    {
        var kinds = (c.Term is not null ? 1 : 0) + (c.Measurement is not null ? 1 : 0) + (c.Any is not null ? 1 : 0);
        if (kinds != 1)
        {
            problems.Add($"{at}: a condition is exactly one of term, measurement or any");
            return;
        }
        if (c.Any is not null)
        {
            if (c.Any.Count == 0) problems.Add($"{at}: any needs at least one alternative");
            if (c.AtLeast is not null || c.AtMost is not null || c.Attribute is not null) problems.Add($"{at}: any takes only alternatives");
            foreach (var alt in c.Any) ValidateCondition(alt, at, problems, top: false);
            if (c.Any.Any(a => a.IsWildcard)) problems.Add($"{at}: \"*\" cannot be an alternative");
            return;
        }
        if (c.Measurement is not null)
        {
            if (!Measurements.Names.Contains(c.Measurement)) problems.Add($"{at}: unknown measurement \"{c.Measurement}\" (one of {string.Join(", ", Measurements.Names)})");
            if ((c.AtLeast is null) == (c.AtMost is null)) problems.Add($"{at}: measurement {c.Measurement} needs exactly one of atLeast or atMost");
            if (c.Attribute is not null) problems.Add($"{at}: a measurement has no attribute");
            return;
        }
        if (c.AtMost is not null) problems.Add($"{at}: answer conditions use atLeast");
        if (c.AtLeast is not { } min || min != decimal.Truncate(min) || min < 1) { problems.Add($"{at}: {c.Term}: atLeast must be a whole number of at least 1"); return; }
        if (c.Term == "*")
        {
            if (!top) problems.Add($"{at}: \"*\" must be a top-level condition");
            if (c.Attribute != "*" && !(c.Attribute is Attributes.Frequency or Attributes.Severity or Attributes.Interference))
                problems.Add($"{at}: \"*\" needs attribute \"*\", frequency, severity or interference");
            else if (min > 4) problems.Add($"{at}: atLeast {min} is above the scale (0-4)");
            return;
        }
        if (ProCtcae.Find(c.Term!) is not { } item || item.Term != c.Term) { problems.Add($"{at}: \"{c.Term}\" is not a term of the item library (spelled as there)"); return; }
        if (c.Attribute is null || !item.Attributes.Contains(c.Attribute)) { problems.Add($"{at}: {c.Term} has no attribute \"{c.Attribute}\" (it has {string.Join(", ", item.Attributes)})"); return; }
        if (min > Attributes.Max(c.Attribute)) problems.Add($"{at}: {c.Term} {c.Attribute}: atLeast {min} is above the scale (0-{Attributes.Max(c.Attribute)})");
    }

    private sealed class RuleDto
    {
        public string? Id { get; set; }
        public string? Level { get; set; }
        public List<string>? Drugs { get; set; }
        public int? DaysOnDrugAtMost { get; set; }
        public List<ConditionDto>? Conditions { get; set; }
        public string? Message { get; set; }
        public string? Action { get; set; }
        public string? Basis { get; set; }
        public string? Source { get; set; }
    }

    private sealed class ConditionDto
    {
        public string? Term { get; set; }
        public string? Attribute { get; set; }
        public string? Measurement { get; set; }
        public decimal? AtLeast { get; set; }
        public decimal? AtMost { get; set; }
        public List<ConditionDto>? Any { get; set; }
    }
}
