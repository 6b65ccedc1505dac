using System.Globalization;
using AlkNavigator.Features.Record;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AlkNavigator.Features.Symptoms;

public sealed record Answer(string Term, string Attribute, int Value);

/// <summary>
/// The measurements of a check-in. OxygenSaturation is a pulse-oximeter reading at rest (%); UsualOxygenSaturation the
/// patient's usual reading (settings, or the last check-in's), against which a drop is measured.
/// </summary>
public sealed record Measurements(decimal? TemperatureC = null, decimal? WeightKg = null, int? Systolic = null, int? Diastolic = null, int? HeartRate = null,
    int? OxygenSaturation = null, int? UsualOxygenSaturation = null)
{
    /// <summary>The measurement names rules use; oxygenSaturationDrop is derived (usual minus now, in points).</summary>
    public static IReadOnlyList<string> Names { get; } = ["temperatureC", "systolic", "diastolic", "heartRate", "weightKg", "oxygenSaturation", "oxygenSaturationDrop"];

    /// <summary>The measurement names an answers file may give (the CLI): oxygenSaturationUsual is the usual reading.</summary>
    public static IReadOnlyList<string> Inputs { get; } = ["temperatureC", "systolic", "diastolic", "heartRate", "weightKg", "oxygenSaturation", "oxygenSaturationUsual"];

    /// <summary>Points the reading is below the usual one (negative when above); null unless both are known.</summary>
    public int? OxygenSaturationDrop => OxygenSaturation is { } now && UsualOxygenSaturation is { } usual ? usual - now : null;

    /// <summary>The value of a measurement by its rule name; null when not given.</summary>
    public decimal? Get(string name) => name switch
    {
        "temperatureC" => TemperatureC,
        "systolic" => Systolic,
        "diastolic" => Diastolic,
        "heartRate" => HeartRate,
        "weightKg" => WeightKg,
        "oxygenSaturation" => OxygenSaturation,
        "oxygenSaturationDrop" => OxygenSaturationDrop,
        _ => null,
    };

    /// <summary>What the patient calls it: "Temperature", "Heart rate", "Oxygen saturation", "Blood pressure", "Weight".</summary>
    public static string DisplayName(string name) => name switch
    {
        "temperatureC" => "Temperature",
        "systolic" or "diastolic" => "Blood pressure",
        "heartRate" => "Heart rate",
        "weightKg" => "Weight",
        "oxygenSaturation" or "oxygenSaturationDrop" => "Oxygen saturation",
        _ => name,
    };

    /// <summary>A threshold in words with its unit: "38 °C", "49 per minute", "91 %", "3 points".</summary>
    public static string WithUnit(string name, decimal v)
    {
        var n = v.ToString("0.##", CultureInfo.InvariantCulture);
        return name switch
        {
            "temperatureC" => $"{n} °C",
            "systolic" or "diastolic" => $"{n} mmHg",
            "heartRate" => $"{n} per minute",
            "weightKg" => $"{n} kg",
            "oxygenSaturation" => $"{n} %",
            "oxygenSaturationDrop" => v == 1 ? "1 point" : $"{n} points",
            _ => n,
        };
    }

    /// <summary>The reading as shown in an alert's heading: "38.4 °C", "44 per minute", "93 %, 4 points below your usual 97 %".</summary>
    public string Describe(string name) => name switch
    {
        "temperatureC" => $"{TemperatureC?.ToString("0.0", CultureInfo.InvariantCulture)} °C",
        "systolic" or "diastolic" => Systolic is { } s && Diastolic is { } d ? $"{s}/{d} mmHg" : name == "systolic" ? $"upper {Systolic} mmHg" : $"lower {Diastolic} mmHg",
        "heartRate" => $"{HeartRate} per minute",
        "weightKg" => $"{WeightKg?.ToString("0.#", CultureInfo.InvariantCulture)} kg",
        "oxygenSaturation" => $"{OxygenSaturation} %",
        "oxygenSaturationDrop" => $"{OxygenSaturation} %, {OxygenSaturationDrop} points below your usual {UsualOxygenSaturation} %",
        _ => name,
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
        Urgent => "Urgent: call your care team now (or emergency services)",
        Contact => "Contact your care team today (within 24 hours)",
        _ => "Mention it at your next visit",
    };
}

/// <summary>
/// One condition of a rule: an answer threshold (Term, Attribute, AtLeast; Term "*" = any PRO-CTCAE item and Attribute
/// "*" = any of its 0–4 attributes), a measurement threshold (Measurement with AtLeast or AtMost), alternatives (Any), or
/// a count of the other alerts of one level that fired in the same check-in (Alerts = "contact", AtLeast).
/// </summary>
public sealed record RuleCondition(string? Term = null, string? Attribute = null, string? Measurement = null, decimal? AtLeast = null,
    decimal? AtMost = null, IReadOnlyList<RuleCondition>? Any = null, string? Alerts = null)
{
    public bool IsWildcard => Term == "*" || (Any?.Any(a => a.IsWildcard) ?? false);

    /// <summary>In words, e.g. "Shortness of breath severity at least 2 (Moderate)", "Heart rate at most 39 per minute", "(A or B)".</summary>
    public string Describe()
    {
        if (Any is not null) return "(" + string.Join(" or ", Any.Select(a => a.Describe())) + ")";
        if (Alerts is not null) return $"at least {Num(AtLeast ?? 0)} different {Alerts}-level alerts in the same check-in";
        if (Measurement is not null)
        {
            var name = Measurement == "oxygenSaturationDrop" ? "Oxygen saturation drop below the usual reading" : Measurements.DisplayName(Measurement);
            return AtLeast is { } min ? $"{name} at least {Measurements.WithUnit(Measurement, min)}" : $"{name} at most {Measurements.WithUnit(Measurement, AtMost ?? 0)}";
        }
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

    /// <summary>What the alert is about when the rule names it (otherwise the symptom or measurement that met its first condition).</summary>
    public string? Symptom { get; init; }

    /// <summary>A "*" rule (any PRO-CTCAE item): it fires once per term that meets it.</summary>
    public bool IsGeneric => Conditions.Any(c => c.IsWildcard);

    /// <summary>A rule over the other alerts of the check-in (escalation): applied after every other rule.</summary>
    public bool IsEscalation => Conditions.Any(c => c.Alerts is not null);

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
/// (1 for presence conditions); a measurement that met it scores its grade (see <see cref="Triage.MeasurementGrade"/>).
/// Attribute is the attribute of that answer (null for measurements). Symptom names what it is about ("Shortness of
/// breath", "Oxygen saturation"); Heading says it with the answer or reading ("Shortness of breath: moderate",
/// "Temperature: 38.4 °C"); Message is the rule's message with the symptom filled in.
/// </summary>
public sealed record Triggered(AlertRule Rule, string? Term, int Score)
{
    public string? Attribute { get; init; }
    public string Symptom { get; init; } = "";
    public string Heading { get; init; } = "";
    public string Message { get; init; } = "";
}

/// <summary>
/// How a fired rule compares with the patient's history: New (first time, or not there at the last check-in), Worse
/// (fired before, higher score now), Ongoing (fired last time at the same or higher score: shown at its level, not
/// notified again), AtBaseline (a next-visit alert no worse than the patient's own baseline: not raised), Known (a
/// contact alert, no worse than last time, whose alert someone confirmed the care team knows about: not raised, kept as
/// acknowledged). A contact or urgent alert is never AtBaseline (the baseline may quieten a repeat, never demote it), and
/// an urgent one is never Known. The product's own safety questions (fever, chest pain, ...) are events, not chronic
/// symptoms: they have no baseline.
/// </summary>
public enum AlertChange { New, Worse, Ongoing, AtBaseline, Known }

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

    /// <summary>True when the rule's drug and day filters hold in this situation.</summary>
    public static bool AppliesTo(AlertRule rule, SymptomContext context)
    {
        if (rule.Drugs.Count > 0 && !rule.Drugs.Contains(context.Drug ?? "", StringComparer.OrdinalIgnoreCase)) return false;
        if (rule.DaysOnDrugAtMost is { } max && (context.DaysOnDrug is not { } days || days < 0 || days > max)) return false;
        return true;
    }

    /// <summary>Applies every rule; most urgent first.</summary>
    /// <remarks>
    /// A rule applies when its drug/day filters hold (a rule naming drugs needs the current TKI to be one of them;
    /// daysOnDrugAtMost needs a known start within that many days) and all its conditions hold. A rule yields one
    /// <see cref="Triggered"/>: Term/Attribute/Score of the first condition (in table order) met by an answer, taking the
    /// highest value among its alternatives; measurement-only rules have Term null and Score the highest grade of the
    /// measurements that met them (<see cref="MeasurementGrade"/>). A "*" rule yields one per PRO-CTCAE item that meets it
    /// (its highest attribute). Each alert is named: its Symptom is the item or measurement that met the rule's first
    /// condition, its Heading that with the answer or reading ("Shortness of breath: moderate", "Heart rate: 44 per minute
    /// (with Dizziness: mild)"). Then a rule is dropped when a higher-level rule fired on the same term or symptom, and a "*"
    /// rule gives way to a named rule of the same level on that term (and to an earlier "*" rule of the same level). Last, an escalation rule (alerts: contact, atLeast: N)
    /// fires when N or more different symptoms raised contact-level alerts, naming them. Order: level (urgent, contact,
    /// next-visit), then table order. Answers for unknown terms are ignored; terms are case-insensitive.
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
            if (!AppliesTo(rule, context) || rule.IsEscalation) continue;

            if (rule.IsGeneric)
            {
                var c = rule.Conditions.Single();
                foreach (var item in ProCtcae.Items.Where(i => i.IsProCtcae))
                {
                    var best = item.Attributes.Where(at => at != Attributes.Presence && (c.Attribute == "*" || c.Attribute == at))
                        .Select(at => (At: at, V: values.GetValueOrDefault((item.Term, at))))
                        .Where(x => x.V >= c.AtLeast).OrderByDescending(x => x.V).FirstOrDefault();
                    if (best.At is not null)
                        fired.Add((Named(new Triggered(rule, item.Term, best.V) { Attribute = best.At }, [AnswerFact(item.Term, best.At, best.V)], measurements), order));
                }
                continue;
            }

            Fact? first = null;
            var firstGrade = 0;
            var grade = 0;
            var all = true;
            var facts = new List<Fact>();
            foreach (var c in rule.Conditions)
            {
                var (met, fact) = Check(c, values, measurements);
                if (!met) { all = false; break; }
                if (fact is not null) facts.Add(fact);
                var g = Grade(c, measurements);
                grade = Math.Max(grade, g);
                if (first is null && fact is { Term: not null }) (first, firstGrade) = (fact, g);
            }
            if (!all) continue;
            var t = first is { } h
                ? new Triggered(rule, h.Term, Math.Max(h.Value, firstGrade)) { Attribute = h.Attribute }
                : new Triggered(rule, null, Math.Max(1, grade));
            fired.Add((Named(t, facts, measurements), order));
        }

        var kept = fired.Where(f => !fired.Any(o => !ReferenceEquals(o.T, f.T)
            && (Outranks(o.T.Rule, f.T.Rule) || (o.T.Rule.IsGeneric && f.T.Rule.IsGeneric && o.T.Rule.Level == f.T.Rule.Level && o.Order < f.Order))
            && ((f.T.Term is not null && o.T.Term == f.T.Term) || string.Equals(o.T.Symptom, f.T.Symptom, StringComparison.OrdinalIgnoreCase)))).ToList();

        // Escalation (UKONS: two or more amber alerts in one assessment make it red).
        order = 0;
        foreach (var rule in Rules)
        {
            order++;
            if (!rule.IsEscalation || !AppliesTo(rule, context)) continue;
            var c = rule.Conditions.Single(x => x.Alerts is not null);
            var named = kept.Where(k => k.T.Rule.Level == c.Alerts).GroupBy(k => k.T.Symptom, StringComparer.OrdinalIgnoreCase).Select(g => g.First().T).ToList();
            if (named.Count < (c.AtLeast ?? 2)) continue;
            var symptoms = string.Join("; ", named.Select(n => n.Heading));
            var heading = $"{rule.Symptom ?? "Several symptoms"}: " + string.Join(", ", named.Select(n => n.Symptom));
            kept.Add((new Triggered(rule, null, named.Count)
            {
                Symptom = rule.Symptom ?? "Several symptoms",
                Heading = heading.Length > 200 ? heading[..199] + "…" : heading,
                Message = rule.Message.Replace("{symptom}", symptoms, StringComparison.Ordinal).Replace("{alerts}", symptoms, StringComparison.Ordinal),
            }, order));
        }
        return kept.OrderByDescending(f => AlertLevels.Rank(f.T.Rule.Level)).ThenBy(f => f.Order).Select(f => f.T).ToList();
    }

    /// <summary>What met a condition: an answer (Term, Attribute, Value) or a measurement, with its name and detail for the heading.</summary>
    private sealed record Fact(string Name, string Detail, string? Term = null, string? Attribute = null, int Value = 0, string? Measurement = null);

    private static Fact AnswerFact(string term, string attribute, int value) => new(term, AnswerDetail(attribute, value), term, attribute, value);

    /// <summary>An answer in words for a heading: "moderate", "almost constantly", "interferes quite a bit", "yes".</summary>
    public static string AnswerDetail(string attribute, int value)
    {
        var scale = ProCtcae.Scale(attribute);
        var label = value >= 0 && value < scale.Count ? scale[value].ToLowerInvariant() : value.ToString(CultureInfo.InvariantCulture);
        return attribute == Attributes.Interference ? "interferes " + label : label;
    }

    private static Triggered Named(Triggered t, IReadOnlyList<Fact> facts, Measurements m)
    {
        var primary = facts.FirstOrDefault();
        var symptom = t.Rule.Symptom ?? primary?.Name ?? t.Term ?? t.Rule.Id;
        var heading = primary is null ? symptom : $"{symptom}: {primary.Detail}";
        var others = facts.Skip(1).Where(f => f.Name != primary?.Name).GroupBy(f => f.Name).Select(g => $"{g.Key}: {g.First().Detail}").ToList();
        if (others.Count > 0) heading += $" (with {string.Join("; ", others)})";
        return t with
        {
            Symptom = symptom,
            Heading = heading.Length > 200 ? heading[..199] + "…" : heading,
            Message = t.Rule.Message.Replace("{symptom}", symptom, StringComparison.Ordinal),
        };
    }

    /// <summary>
    /// The CTCAE v5 grade of a measurement (1 or more, for a measurement that met a rule): temperatureC by fever grade
    /// (1: 38.0–39.0 °C, 2: above 39.0–40.0, 3: above 40.0); systolic and diastolic by hypertension grade of the whole blood
    /// pressure, the higher of the two numbers' grades (1: 120–139 or 80–89, 2: 140–159 or 90–99, 3: 160 or more or 100 or
    /// more); oxygenSaturation by the points below 92 % and oxygenSaturationDrop by the points below the usual reading (so a
    /// lower reading scores higher and is judged worse); heartRate and weightKg 1. 0 when the measurement is missing or below grade 1.
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
            case "oxygenSaturation":
                return m.OxygenSaturation is { } spo2 && spo2 < 92 ? 92 - spo2 : 0;
            case "oxygenSaturationDrop":
                return m.OxygenSaturationDrop is { } drop && drop > 0 ? drop : 0;
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

    private static (bool Met, Fact? Fact) Check(RuleCondition c, Dictionary<(string, string), int> values, Measurements m)
    {
        if (c.Any is not null)
        {
            var met = false;
            Fact? best = null;
            foreach (var alt in c.Any)
            {
                var (ok, fact) = Check(alt, values, m);
                if (!ok || fact is null) { met |= ok; continue; }
                met = true;
                // The highest answer wins; a measurement counts only when no answer met the alternatives.
                if (best is null || (fact.Term is not null && (best.Term is null || fact.Value > best.Value))) best = fact;
            }
            return (met, best);
        }
        if (c.Measurement is not null)
        {
            var v = m.Get(c.Measurement);
            var ok = v is not null && (c.AtLeast is null || v >= c.AtLeast) && (c.AtMost is null || v <= c.AtMost);
            return ok ? (true, new Fact(Measurements.DisplayName(c.Measurement), m.Describe(c.Measurement), Measurement: c.Measurement)) : (false, null);
        }
        var term = ProCtcae.Find(c.Term ?? "")?.Term ?? c.Term ?? "";
        var value = values.GetValueOrDefault((term, c.Attribute ?? ""));
        return value >= c.AtLeast ? (true, AnswerFact(term, c.Attribute!, value)) : (false, null);
    }

    /// <summary>
    /// Compares what fired now with the patient's baseline answers (null = no baseline yet), the alerts the previous
    /// submitted check-in produced (key → score) and, of those, the ones someone acknowledged (the care team knows; key → score).
    /// </summary>
    /// <remarks>
    /// For each alert, in order: <b>Known</b> when it is a contact or next-visit alert and the previous check-in's alert for
    /// the same key was acknowledged at a score at least as high (the care team knows; not raised); <b>AtBaseline</b> when the
    /// rule is next-visit, its term is a PRO-CTCAE item (not one of the product's safety questions such as fever) and the
    /// baseline answer for the same term and attribute is at least the alert's score; otherwise <b>Ongoing</b> when the
    /// previous check-in had the same key at a score at least as high (shown at its level, not notified again); <b>Worse</b>
    /// when it had it lower; else <b>New</b>. A contact or urgent alert is never AtBaseline: the baseline may quieten its
    /// repeat (Ongoing), never demote it, and it keeps its level until someone confirms the care team knows. Urgent alerts
    /// are never Known, except the escalation (it adds no symptom of its own). Previous alerts are looked up by <see cref="Key"/> ("rule" or, for "*" rules, "rule:term"; build them
    /// with <see cref="PreviousOf(IEnumerable{Triggered})"/>), falling back to the bare rule id. Measurement alerts have no
    /// baseline, and their score is the measurement's grade, so a rising grade (fever 38.2 → 40.5 °C) is Worse.
    /// </remarks>
    public static IReadOnlyList<JudgedAlert> Judge(IReadOnlyList<Triggered> now, IReadOnlyCollection<Answer>? baseline, IReadOnlyDictionary<string, int> previous,
        IReadOnlyDictionary<string, int>? known = null)
    {
        var result = new List<JudgedAlert>();
        foreach (var t in now)
        {
            var level = t.Rule.Level;
            // An escalation (two contact alerts at once) may be known too: it adds no symptom of its own.
            if ((level != AlertLevels.Urgent || t.Rule.IsEscalation) && known is not null && (known.TryGetValue(Key(t), out var k) || known.TryGetValue(t.Rule.Id, out k)) && k >= t.Score)
            {
                result.Add(new JudgedAlert(t, AlertChange.Known));
                continue;
            }
            if (level == AlertLevels.NextVisit && baseline is not null && t.Term is not null && t.Attribute is not null && ProCtcae.Find(t.Term) is { IsProCtcae: true })
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
            Symptom = string.IsNullOrWhiteSpace(d.Symptom) ? null : d.Symptom,
        }).ToList();
    }

    private static RuleCondition ToCondition(ConditionDto c) =>
        new(c.Term, c.Attribute, c.Measurement, c.AtLeast, c.AtMost, c.Any?.Select(ToCondition).ToList(), c.Alerts);

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
            if (r.IsEscalation && r.Conditions.Count != 1) problems.Add($"{at}: an alerts condition must be the rule's only condition");
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
        var kinds = (c.Term is not null ? 1 : 0) + (c.Measurement is not null ? 1 : 0) + (c.Any is not null ? 1 : 0) + (c.Alerts is not null ? 1 : 0);
        if (kinds != 1)
        {
            problems.Add($"{at}: a condition is exactly one of term, measurement, any or alerts");
            return;
        }
        if (c.Alerts is not null)
        {
            if (!top) problems.Add($"{at}: alerts must be a top-level condition");
            if (c.Alerts is not (AlertLevels.Contact or AlertLevels.NextVisit)) problems.Add($"{at}: alerts counts contact or next-visit alerts");
            if (c.AtLeast is not { } n || n < 2 || n != decimal.Truncate(n)) problems.Add($"{at}: alerts needs a whole atLeast of 2 or more");
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
        public string? Symptom { get; set; }
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
        public string? Alerts { get; set; }
    }
}
