using System.Text.RegularExpressions;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The reviewed rule table (Features/Symptoms/rules.yaml): validity, every rule at and just below its threshold, the key safety rules, and Judge.</summary>
public partial class TriageRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static SymptomContext On(string? drug, int days = 60) => new(drug, drug is null ? null : Today.AddDays(-days), Today);

    private static IReadOnlyList<Triggered> Run(SymptomContext c, Measurements? m, params Answer[] answers) => Triage.Evaluate(c, answers, m);

    private static IReadOnlyList<Triggered> Run(SymptomContext c, params Answer[] answers) => Triage.Evaluate(c, answers);

    private static List<string> Ids(IEnumerable<Triggered> t) => t.Select(x => x.Rule.Id).ToList();

    /// <summary>No ALK drug recorded, and each of the six.</summary>
    private static readonly string?[] AllDrugs = [null, .. Vocabulary.Tkis];

    // ---------------------------------------------------------------- the table

    [GeneratedRegex(@"^- key: (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SourceKey();

    [Fact]
    public void The_rule_table_is_valid_and_every_rule_cites_a_basis_and_a_known_source()
    {
        var rules = Triage.Rules;
        Assert.Empty(Triage.Validate(rules));
        Assert.True(rules.Count >= 25, $"{rules.Count} rules");
        var sources = SourceKey().Matches(File.ReadAllText(Path.Combine(Repo.ContentDir, "sources.yaml"))).Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var r in rules)
        {
            Assert.Contains(r.Level, AlertLevels.All);
            Assert.False(string.IsNullOrWhiteSpace(r.Basis), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Message), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Action), r.Id);
            Assert.True(sources.Contains(r.Source), $"{r.Id}: source {r.Source} is not in content/sources.yaml");
            Assert.NotEmpty(r.Conditions);
            foreach (var term in Leaves(r.Conditions).Select(c => c.Term).OfType<string>().Where(t => t != "*"))
                Assert.Equal(term, ProCtcae.Find(term)?.Term);
        }
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        foreach (var level in AlertLevels.All) Assert.Contains(rules, r => r.Level == level);
        // Rules are listed most urgent first, so the table reads top-down.
        Assert.Equal(rules.OrderByDescending(r => AlertLevels.Rank(r.Level)).Select(r => r.Id), rules.Select(r => r.Id));
    }

    [Fact]
    public void Every_urgent_rule_says_what_to_do_now()
    {
        foreach (var r in Triage.Rules.Where(r => r.Level == AlertLevels.Urgent))
            Assert.True(r.Action.Contains("emergency services", StringComparison.Ordinal) || r.Action.Contains("988", StringComparison.Ordinal), r.Id);
        foreach (var r in Triage.Rules.Where(r => r.Level == AlertLevels.Urgent && r.Id != "self-harm"))
            Assert.Contains("call your care team now", r.Action, StringComparison.OrdinalIgnoreCase);
        foreach (var r in Triage.Rules.Where(r => r.Level == AlertLevels.Contact))
            Assert.Contains("today", r.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_unknown_terms_attributes_levels_and_missing_basis()
    {
        var rules = Triage.Parse("""
            - id: bad
              level: soon
              conditions:
                - { term: "Diarrhoea", attribute: frequency, atLeast: 3 }
                - { term: "Rash", attribute: severity, atLeast: 1 }
                - { term: "Nausea", attribute: severity, atLeast: 5 }
                - { measurement: bloodSugar, atLeast: 10 }
              message: "m"
              action: "a"
              source: ctcae-v5
            """);
        var problems = string.Join("\n", Triage.Validate(rules));
        Assert.Contains("level must be", problems);
        Assert.Contains("\"Diarrhoea\" is not a term", problems);
        Assert.Contains("Rash has no attribute \"severity\"", problems);
        Assert.Contains("above the scale", problems);
        Assert.Contains("unknown measurement", problems);
        Assert.Contains("basis is required", problems);
    }

    [Fact]
    public void The_review_text_of_a_rule_reads_as_conditions_with_units()
    {
        Assert.Equal("(Shortness of breath severity at least 1 (Mild) or Cough severity at least 1 (Mild) or Oxygen saturation drop below the usual reading at least 1 point) " +
            "and on brigatinib and within 14 days of starting the drug (day 0 = start)", Triage.Rules.Single(r => r.Id == "brigatinib-early-breathing").When);
        Assert.Equal("(Heart rate at most 49 per minute or Heart rate at least 121 per minute)", Triage.Rules.Single(r => r.Id == "heart-rate").When);
        Assert.Equal("Temperature at least 37.5 °C", Triage.Rules.Single(r => r.Id == "temperature-high").When);
        Assert.Equal("Temperature at most 35.9 °C", Triage.Rules.Single(r => r.Id == "temperature-low").When);
        Assert.Equal("Oxygen saturation at most 89 %", Triage.Rules.Single(r => r.Id == "oxygen-very-low").When);
        Assert.Equal("at least 2 different contact-level alerts in the same check-in", Triage.Rules.Single(r => r.Id == "multiple-contact").When);
    }

    [Theory]
    [InlineData("ukons-triage-v3")]
    [InlineData("bts-oxygen-2017")]
    [InlineData("nhs-pulse-oximetry")]
    public void The_triage_sources_are_cited_and_in_the_bibliography(string key)
    {
        Assert.Contains(key, SourceKey().Matches(File.ReadAllText(Path.Combine(Repo.ContentDir, "sources.yaml"))).Select(m => m.Groups[1].Value));
        Assert.Contains(Triage.Rules, r => r.Source == key);
    }

    private static IEnumerable<RuleCondition> Leaves(IEnumerable<RuleCondition> conditions) =>
        conditions.SelectMany(c => c.Any is null ? [c] : Leaves(c.Any));

    // ---------------------------------------------------------------- every rule, at and just below its threshold

    public static TheoryData<string> RuleIds() => new(Triage.Rules.Select(r => r.Id));

    /// <summary>
    /// Answers and measurements that meet every condition of the rule exactly at its threshold (the first alternative of an
    /// "any"); with <paramref name="below"/>, the first condition is one step short (an answer one lower, a measurement just
    /// on the safe side: 0.1 °C, 1 beat, 1 % or 1 point). "*" conditions use an item no named rule covers; an escalation rule
    /// gets as many (below: one fewer) contact-level alerts as it needs. A drug rule runs on its first drug, on the last day
    /// of its window.
    /// </summary>
    private static (SymptomContext, List<Answer>, Measurements) Case(AlertRule rule, bool below)
    {
        var drug = rule.Drugs.FirstOrDefault();
        var context = On(drug, rule.DaysOnDrugAtMost ?? 60);
        var answers = new List<Answer>();
        var m = new Measurements();
        for (var i = 0; i < rule.Conditions.Count; i++)
        {
            var c = rule.Conditions[i].Any?[0] ?? rule.Conditions[i];
            var step = below && i == 0;
            if (c.Alerts is not null)
            {
                Answer[] contacts = [new("Very high thirst or passing much more urine", "presence", 1), new("Pounding or racing heartbeat", "frequency", 1),
                    new("Dizziness", "severity", 2)];
                answers.AddRange(contacts.Take((int)c.AtLeast!.Value - (step ? 1 : 0)));
                continue;
            }
            if (c.Measurement is { } name)
            {
                var delta = step ? (name == "temperatureC" ? 0.1m : 1m) : 0m;
                var v = c.AtLeast is { } min ? min - delta : c.AtMost!.Value + delta;
                m = name switch
                {
                    "temperatureC" => m with { TemperatureC = v },
                    "systolic" => m with { Systolic = (int)v },
                    "diastolic" => m with { Diastolic = (int)v },
                    "heartRate" => m with { HeartRate = (int)v },
                    "oxygenSaturation" => m with { OxygenSaturation = (int)v },
                    "oxygenSaturationDrop" => m with { OxygenSaturation = 96 - (int)v, UsualOxygenSaturation = 96 },
                    _ => m with { WeightKg = v },
                };
                continue;
            }
            var value = (int)c.AtLeast!.Value - (step ? 1 : 0);
            if (c.Term == "*")
            {
                var attribute = c.Attribute == "*" ? "severity" : c.Attribute!;
                answers.Add(new Answer("Aching joints", attribute, value));
            }
            else answers.Add(new Answer(c.Term!, c.Attribute!, value));
        }
        return (context, answers, m);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_fires_at_its_threshold_and_names_its_symptom(string id)
    {
        var rule = Triage.Rules.Single(r => r.Id == id);
        var (context, answers, m) = Case(rule, below: false);
        var fired = Triage.Evaluate(context, answers, m);
        Assert.Contains(id, Ids(fired));
        var t = fired.First(x => x.Rule.Id == id);
        Assert.False(string.IsNullOrWhiteSpace(t.Symptom));
        Assert.StartsWith(t.Symptom + ": ", t.Heading);
        Assert.DoesNotContain("{", t.Message);
        Assert.DoesNotContain("a symptom", t.Message);
        if (rule.IsEscalation) Assert.Equal((int)rule.Conditions[0].AtLeast!.Value, t.Score);
        else if (answers.Count > 0 && t.Term is not null)
            Assert.Equal(answers.First(a => a.Term == t.Term && a.Attribute == t.Attribute).Value, t.Score);
        else Assert.True(t.Score >= 1);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_does_not_fire_just_below_its_threshold(string id)
    {
        var rule = Triage.Rules.Single(r => r.Id == id);
        var (context, answers, m) = Case(rule, below: true);
        Assert.DoesNotContain(id, Ids(Triage.Evaluate(context, answers, m)));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_drug_rule_is_quiet_on_other_drugs_and_each_window_ends_on_its_last_day(string id)
    {
        var rule = Triage.Rules.Single(r => r.Id == id);
        var (context, answers, m) = Case(rule, below: false);
        if (rule.Drugs.Count > 0)
            foreach (var other in Vocabulary.Tkis.Except(rule.Drugs))
                Assert.DoesNotContain(id, Ids(Triage.Evaluate(context with { Drug = other }, answers, m)));
        if (rule.DaysOnDrugAtMost is { } days)
        {
            Assert.DoesNotContain(id, Ids(Triage.Evaluate(On(rule.Drugs[0], days + 1), answers, m)));
            Assert.Contains(id, Ids(Triage.Evaluate(On(rule.Drugs[0], 0), answers, m)));
        }
    }

    [Fact]
    public void Mild_answers_of_the_ordinary_questions_raise_nothing_but_lorlatinibs_nerve_effects_for_the_next_visit()
    {
        // Mild side effects and "no" to every safety question: nothing to call about; on lorlatinib mild memory, concentration or
        // tingling problems are noted for the next visit (its CNS and neuropathy warnings).
        foreach (var drug in AllDrugs)
        {
            var context = On(drug, 90);
            var answers = Questionnaire.For(context).SelectMany(q => q.Item.Attributes.Select(a => new Answer(q.Item.Term, a,
                a == Attributes.Presence || q.Item.Term is "Pounding or racing heartbeat" or "Shivering or shaking chills" ? 0 : 1))).ToArray();
            var fired = Run(context, new Measurements(37.0m, 70m, 130, 85, 72, 97, 97), answers);
            Assert.Equal(drug == "lorlatinib" ? ["cognition-mild-lorlatinib"] : [], Ids(fired));
            var others = answers.Where(a => !(drug == "lorlatinib" && a.Term is "Problems with memory" or "Problems with concentration" or "Numbness or tingling")).ToArray();
            Assert.Empty(Run(context, new Measurements(37.0m, 70m, 130, 85, 72, 97, 97), others));
        }
        Assert.Empty(Run(On(null)));
    }

    // ---------------------------------------------------------------- key safety rules

    [Theory]
    [InlineData(2, "breathless-moderate", "contact")]
    [InlineData(3, "breathless-severe", "urgent")]
    [InlineData(4, "breathless-severe", "urgent")]
    public void Breathlessness_is_contact_when_moderate_and_urgent_when_severe_on_every_drug(int severity, string rule, string level)
    {
        foreach (var drug in AllDrugs)
        {
            var fired = Run(On(drug, 200), new Answer("Shortness of breath", "severity", severity));
            Assert.Equal(rule, fired[0].Rule.Id);
            Assert.Equal(level, fired[0].Rule.Level);
            Assert.Equal(["Shortness of breath"], fired.Select(f => f.Term).Distinct());
            var cough = Run(On(drug, 200), new Answer("Cough", "severity", severity));
            Assert.Equal(level, cough[0].Rule.Level);
            Assert.Equal("Cough", cough[0].Symptom);
        }
    }

    [Fact]
    public void Very_severe_shortness_of_breath_gives_one_urgent_alert_not_three()
    {
        var fired = Run(On(null), new Answer("Shortness of breath", "severity", 4), new Answer("Shortness of breath", "interference", 4));
        Assert.Equal(["breathless-severe"], Ids(fired));
        Assert.Equal(4, fired[0].Score);
        Assert.Equal("Shortness of breath: very severe", fired[0].Heading);
    }

    [Theory]
    [InlineData("Chest pain", "chest-pain")]
    [InlineData("Thoughts of harming yourself", "self-harm")]
    [InlineData("Seeing or hearing things that are not there", "hallucinations")]
    [InlineData("Sudden loss of vision", "vision-loss")]
    [InlineData("Fainting", "fainting")]
    [InlineData("Seizure", "seizure")]
    [InlineData("New confusion, one-sided weakness or trouble speaking", "neuro-new")]
    [InlineData("Severe belly pain", "belly-pain-severe")]
    [InlineData("Fever", "fever")]
    public void Safety_questions_answered_yes_are_urgent_on_every_drug(string term, string rule)
    {
        foreach (var drug in AllDrugs)
        {
            var fired = Run(On(drug), new Answer(term, "presence", 1));
            Assert.Equal([rule], Ids(fired));
            Assert.Equal(AlertLevels.Urgent, fired[0].Rule.Level);
            Assert.Equal(term, fired[0].Term);
            Assert.Equal($"{term}: yes", fired[0].Heading);
            Assert.Empty(Run(On(drug), new Answer(term, "presence", 0)));
        }
    }

    [Theory]
    [InlineData("Yellow skin or eyes, or dark urine", "liver-signs", "urgent")]
    [InlineData("Very high thirst or passing much more urine", "thirst-urine", "contact")]
    public void Liver_signs_are_urgent_and_high_thirst_is_contact_on_every_drug(string term, string rule, string level)
    {
        // Jaundice means a raised bilirubin: same-day liver tests (triaged up; the labels withhold the drug until they recover).
        foreach (var drug in AllDrugs)
        {
            var fired = Run(On(drug), new Answer(term, "presence", 1));
            Assert.Equal([rule], Ids(fired));
            Assert.Equal(level, fired[0].Rule.Level);
        }
    }

    [Fact]
    public void Thoughts_of_self_harm_give_crisis_lines()
    {
        var rule = Triage.Rules.Single(r => r.Id == "self-harm");
        Assert.Contains("988", rule.Action);
        Assert.Contains("116 123", rule.Action);
        Assert.Contains("emergency", rule.Action);
    }

    [Theory]
    [InlineData(37.5, "temperature-high")]
    [InlineData(38.0, "temperature-high")]
    [InlineData(40.2, "temperature-high")]
    [InlineData(35.9, "temperature-low")]
    [InlineData(35.0, "temperature-low")]
    public void A_temperature_of_37_5_or_more_or_below_36_is_urgent(double celsius, string rule)
    {
        var fired = Run(On("alectinib"), new Measurements(TemperatureC: (decimal)celsius));
        Assert.Equal([rule], Ids(fired));
        Assert.Equal(AlertLevels.Urgent, fired[0].Rule.Level);
        Assert.Equal($"Temperature: {celsius.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} °C", fired[0].Heading);
    }

    [Theory]
    [InlineData(36.0)]
    [InlineData(37.4)]
    public void A_normal_temperature_raises_nothing(double celsius) =>
        Assert.Empty(Run(On("alectinib"), new Measurements(TemperatureC: (decimal)celsius)));

    [Fact]
    public void Shivering_or_shaking_chills_are_urgent()
    {
        var fired = Run(On("lorlatinib"), new Answer("Shivering or shaking chills", "frequency", 1));
        Assert.Equal(["chills"], Ids(fired));
        Assert.Equal("Shivering or shaking chills: rarely", fired[0].Heading);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(14)]
    public void On_brigatinib_any_breathing_symptom_in_the_early_window_is_urgent(int day)
    {
        foreach (var a in new[] { new Answer("Shortness of breath", "severity", 1), new Answer("Shortness of breath", "severity", 2), new Answer("Cough", "severity", 1) })
        {
            var fired = Run(On("brigatinib", day), a);
            Assert.Equal("brigatinib-early-breathing", fired[0].Rule.Id);
            Assert.Equal(AlertLevels.Urgent, fired[0].Rule.Level);
            Assert.Equal(a.Term, fired[0].Symptom);
        }
        // A reading below the usual one counts too, without any answer.
        var spo2 = Run(On("brigatinib", day), new Measurements(OxygenSaturation: 95, UsualOxygenSaturation: 97));
        Assert.Equal(["brigatinib-early-breathing"], Ids(spo2));
        Assert.Equal("Oxygen saturation: 95 %, 2 points below your usual 97 %", spo2[0].Heading);
    }

    [Fact]
    public void On_brigatinib_after_the_window_the_levels_are_those_of_every_drug()
    {
        Assert.Empty(Run(On("brigatinib", 15), new Answer("Cough", "severity", 1)));
        Assert.Empty(Run(On("brigatinib", 22), new Answer("Cough", "severity", 1)));
        Assert.Equal(["breathless-moderate"], Ids(Run(On("brigatinib", 15), new Answer("Shortness of breath", "severity", 2))));
        Assert.Empty(Run(new SymptomContext("brigatinib", null, Today), new Answer("Cough", "severity", 1)));
        // Other drugs have no early window.
        Assert.Empty(Run(On("alectinib", 2), new Answer("Cough", "severity", 1)));
        // A restart or a dose increase entered as a new line restarts the window.
        var restart = SymptomContext.FromRecord(new AlkNavigator.Features.Record.PatientRecord
        {
            Treatments =
            [
                new() { Agent = "brigatinib", Start = Today.AddDays(-200), End = Today.AddDays(-30), StopReason = "side-effects" },
                new() { Agent = "Alunbrig", Dose = "90 mg", Start = Today.AddDays(-3) },
            ],
        }, Today);
        Assert.Equal(3, restart.DaysOnDrug);
        Assert.Equal(["brigatinib-early-breathing"], Ids(Run(restart, new Answer("Cough", "severity", 1))));
    }

    [Theory]
    [InlineData(39, null, "heart-rate-very-low", "urgent")]
    [InlineData(30, null, "heart-rate-very-low", "urgent")]
    [InlineData(40, null, "heart-rate", "contact")]
    [InlineData(49, null, "heart-rate", "contact")]
    [InlineData(49, "Dizziness", "heart-rate-low-symptoms", "urgent")]
    [InlineData(44, "Fainting", "fainting", "urgent")]
    [InlineData(121, null, "heart-rate", "contact")]
    public void A_slow_heart_rate_is_contact_and_urgent_below_40_or_with_dizziness_or_fainting(int rate, string? symptom, string rule, string level)
    {
        Answer[] answers = symptom switch
        {
            "Dizziness" => [new("Dizziness", "severity", 1)],
            "Fainting" => [new("Fainting", "presence", 1)],
            _ => [],
        };
        var fired = Run(On("crizotinib"), new Measurements(HeartRate: rate), answers);
        Assert.Equal(rule, fired[0].Rule.Id);
        Assert.Equal(level, fired[0].Rule.Level);
        if (symptom == "Fainting") Assert.Contains("heart-rate-low-symptoms", Ids(fired));
        // The slow pulse is one alert at its highest level, not also a contact one.
        Assert.True(Ids(fired).Count(i => i.StartsWith("heart-rate", StringComparison.Ordinal)) == 1);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(120)]
    public void A_heart_rate_of_60_to_120_raises_nothing(int rate) =>
        Assert.Empty(Run(On("crizotinib"), new Measurements(HeartRate: rate), new Answer("Dizziness", "severity", 1)));

    [Fact]
    public void A_heart_rate_of_50_to_59_on_a_bradycardic_drug_is_for_the_next_visit_and_with_dizziness_contact()
    {
        var fired = Run(On("crizotinib"), new Measurements(HeartRate: 50));
        Assert.Equal(["heart-rate-slow"], Ids(fired));
        Assert.Equal(AlertLevels.NextVisit, fired[0].Rule.Level);
        var dizzy = Run(On("crizotinib"), new Measurements(HeartRate: 59), new Answer("Dizziness", "severity", 1));
        Assert.Equal(["heart-rate-slow-dizzy"], Ids(dizzy));
        Assert.Equal(AlertLevels.Contact, dizzy[0].Rule.Level);
        Assert.Empty(Run(On("ensartinib"), new Measurements(HeartRate: 55)));
    }

    [Fact]
    public void A_slow_pulse_with_dizziness_is_named_by_both()
    {
        var t = Run(On("alectinib"), new Measurements(HeartRate: 44), new Answer("Dizziness", "severity", 1))[0];
        Assert.Equal("heart-rate-low-symptoms", t.Rule.Id);
        Assert.Equal("Heart rate", t.Symptom);
        Assert.Equal("Heart rate: 44 per minute (with Dizziness: mild)", t.Heading);
    }

    [Theory]
    [InlineData(92, "")]
    [InlineData(91, "oxygen-low")]
    [InlineData(90, "oxygen-low")]
    [InlineData(89, "oxygen-very-low")]
    [InlineData(80, "oxygen-very-low")]
    public void Oxygen_saturation_below_92_is_contact_and_below_90_urgent(int spo2, string rule)
    {
        var fired = Run(On("lorlatinib"), new Measurements(OxygenSaturation: spo2));
        Assert.Equal(rule == "" ? [] : [rule], Ids(fired));
        if (rule != "") Assert.Equal($"Oxygen saturation: {spo2} %", fired[0].Heading);
    }

    [Theory]
    [InlineData(97, 94, 1, true)]
    [InlineData(97, 94, 0, false)]
    [InlineData(97, 95, 2, false)]
    [InlineData(98, 92, 1, true)]
    public void A_drop_of_3_points_from_the_usual_reading_with_breathlessness_is_urgent(int usual, int now, int breath, bool urgent)
    {
        var fired = Run(On("alectinib", 300), new Measurements(OxygenSaturation: now, UsualOxygenSaturation: usual), new Answer("Shortness of breath", "severity", breath));
        Assert.Equal(urgent, Ids(fired).Contains("oxygen-drop-breathless"));
        if (urgent) Assert.Equal(AlertLevels.Urgent, fired[0].Rule.Level);
    }

    [Fact]
    public void Two_contact_alerts_escalate_to_urgent_naming_both()
    {
        var fired = Run(On("lorlatinib"), new Answer("Arm or leg swelling", "severity", 2), new Answer("Problems with memory", "severity", 2));
        Assert.Equal(["multiple-contact", "swelling-moderate", "cognition-moderate"], Ids(fired));
        Assert.Equal(AlertLevels.Urgent, fired[0].Rule.Level);
        Assert.Equal(2, fired[0].Score);
        Assert.Contains("Arm or leg swelling", fired[0].Heading);
        Assert.Contains("Problems with memory", fired[0].Heading);
        Assert.Contains("Arm or leg swelling: moderate", fired[0].Message);
        // One contact symptom, even raised by two rules, does not escalate.
        Assert.DoesNotContain("multiple-contact", Ids(Run(On("lorlatinib"), new Answer("Problems with memory", "severity", 2), new Answer("Problems with concentration", "severity", 2))));
        Assert.DoesNotContain("multiple-contact", Ids(Run(On("lorlatinib"), new Answer("Arm or leg swelling", "severity", 2))));
    }

    [Fact]
    public void Diarrhea_and_vomiting_follow_UKONS_amber_and_red()
    {
        const string D = "Loose or watery stools (diarrhea)";
        Assert.Equal(["diarrhea-frequent"], Ids(Run(On("ceritinib"), new Answer(D, "frequency", 3))));
        Assert.Equal(["moderate-any"], Ids(Run(On("ceritinib"), new Answer(D, "frequency", 2))));
        Assert.Equal(["diarrhea-constant"], Ids(Run(On("ceritinib"), new Answer(D, "frequency", 4))));
        Assert.Equal(["vomiting-moderate"], Ids(Run(On(null), new Answer("Vomiting", "frequency", 3), new Answer("Vomiting", "severity", 1))));
        Assert.Equal(["vomiting-moderate"], Ids(Run(On(null), new Answer("Vomiting", "frequency", 1), new Answer("Vomiting", "severity", 2))));
        var severe = Run(On(null), new Answer("Vomiting", "frequency", 3), new Answer("Vomiting", "severity", 4));
        Assert.Equal(["vomiting-severe"], Ids(severe));
        Assert.Equal(4, severe[0].Score);
        Assert.Equal("severity", severe[0].Attribute);
        Assert.Equal("Vomiting: very severe", severe[0].Heading);
    }

    [Fact]
    public void Palpitations_are_contact()
    {
        var fired = Run(On("ceritinib"), new Answer("Pounding or racing heartbeat", "frequency", 1), new Answer("Pounding or racing heartbeat", "severity", 1));
        Assert.Equal(["heartbeat"], Ids(fired));
        Assert.Equal("Pounding or racing heartbeat: rarely", fired[0].Heading);
    }

    [Theory]
    [InlineData(160, 80, true)]
    [InlineData(159, 99, false)]
    [InlineData(130, 100, true)]
    public void Blood_pressure_of_160_over_100_is_CTCAE_grade_3(int systolic, int diastolic, bool fires) =>
        Assert.Equal(fires ? ["blood-pressure"] : [], Ids(Run(On("brigatinib"), new Measurements(Systolic: systolic, Diastolic: diastolic))));

    [Fact]
    public void Moderate_aching_muscles_means_contact_on_alectinib_or_brigatinib_and_severe_on_any_drug()
    {
        var moderate = new Answer("Aching muscles", "severity", 2);
        Assert.Equal(["muscles-moderate"], Ids(Run(On("alectinib"), moderate)));
        Assert.Equal(["muscles-moderate"], Ids(Run(On("brigatinib", 100), moderate)));
        Assert.Equal(["moderate-any"], Ids(Run(On("lorlatinib"), moderate)));
        Assert.Equal(["severe-any"], Ids(Run(On("lorlatinib"), new Answer("Aching muscles", "severity", 3))));
    }

    [Fact]
    public void Alerts_are_most_urgent_first_and_each_term_once()
    {
        var fired = Run(On("lorlatinib"), new Measurements(HeartRate: 45),
            new Answer("Insomnia", "severity", 2),
            new Answer("Loose or watery stools (diarrhea)", "frequency", 3),
            new Answer("Chest pain", "presence", 1),
            new Answer("Taste changes", "severity", 2),
            new Answer("Problems with memory", "severity", 3),
            new Answer("Problems with memory", "interference", 4));
        Assert.Equal(["chest-pain", "multiple-contact", "heart-rate", "diarrhea-frequent", "cognition-moderate", "moderate-any", "insomnia"], Ids(fired));
        Assert.Equal("Taste changes", fired.Single(t => t.Rule.Id == "moderate-any").Term);
        Assert.Equal("You rated Taste changes as moderate (or occasionally, or somewhat interfering): worth talking about, there may be ways to ease it.",
            fired.Single(t => t.Rule.Id == "moderate-any").Message);
        Assert.Equal(3, fired.Single(t => t.Rule.Id == "cognition-moderate").Score);
        Assert.Equal(3, fired.Single(t => t.Rule.Id == "multiple-contact").Score);
    }

    [Fact]
    public void A_severe_side_effect_without_a_rule_of_its_own_is_contact_once()
    {
        var severe = Run(On("crizotinib"), new Answer("Constipation", "severity", 3));
        Assert.Equal(["severe-any"], Ids(severe));
        Assert.Equal("Constipation: severe", severe[0].Heading);
        Assert.Equal("You rated Constipation as severe.", severe[0].Message);
        Assert.Equal(["very-severe-any"], Ids(Run(On("crizotinib"), new Answer("Constipation", "severity", 4))));
        Assert.Equal(["very-severe-any"], Ids(Run(On("crizotinib"), new Answer("Aching joints", "interference", 4))));
        Assert.Equal("Aching joints: interferes very much", Run(On("crizotinib"), new Answer("Aching joints", "interference", 4))[0].Heading);
    }

    [Fact]
    public void Flashes_rash_and_sun_sensitivity_are_for_the_next_visit_except_a_rash_on_ensartinib()
    {
        Assert.Equal(["vision-flashes-floaters"], Ids(Run(On("crizotinib"), new Answer("Spots or lines (floaters)", "presence", 1))));
        Assert.Equal(["rash"], Ids(Run(On("brigatinib"), new Answer("Rash", "presence", 1))));
        Assert.Equal(["sun-sensitivity"], Ids(Run(On("alectinib"), new Answer("Increased skin sensitivity to sunlight", "presence", 1))));
        // Ensartinib: rash is its most common reaction and a label warning graded by extent, which a yes/no answer cannot tell.
        var ensartinib = Run(On("ensartinib"), new Answer("Rash", "presence", 1));
        Assert.Equal(["rash-ensartinib"], Ids(ensartinib));
        Assert.Equal(AlertLevels.Contact, ensartinib[0].Rule.Level);
    }

    [Fact]
    public void Mild_lorlatinib_nerve_effects_and_a_slow_pulse_on_a_bradycardic_drug_are_for_the_next_visit()
    {
        Assert.Equal(["cognition-mild-lorlatinib"], Ids(Run(On("lorlatinib", 60), new Answer("Problems with memory", "severity", 1))));
        Assert.Equal(["cognition-mild-lorlatinib"], Ids(Run(On("lorlatinib", 60), new Answer("Numbness or tingling", "severity", 1))));
        Assert.Empty(Run(On("alectinib", 60), new Answer("Problems with memory", "severity", 1)));
        Assert.Equal(["heart-rate-slow"], Ids(Run(On("crizotinib", 250), new Measurements(null, null, null, null, 56, null, null))));
        Assert.Empty(Run(On("lorlatinib", 250), new Measurements(null, null, null, null, 56, null, null)));
        // Below 50 the contact rule takes the heart rate; the next-visit one gives way.
        Assert.Equal(["heart-rate"], Ids(Run(On("alectinib", 250), new Measurements(null, null, null, null, 45, null, null))));
    }

    // ---------------------------------------------------------------- scenarios (UKONS toolkit v3 and the labels)

    /// <summary>"Term:attribute=value; ..." answers and "name=value; ..." measurements (usual = oxygenSaturationUsual).</summary>
    private static (Answer[], Measurements) Parse(string answers, string measurements)
    {
        var list = answers.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a =>
        {
            var (left, value) = (a[..a.LastIndexOf('=')], int.Parse(a[(a.LastIndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            return new Answer(left[..left.LastIndexOf(':')], left[(left.LastIndexOf(':') + 1)..], value);
        }).ToArray();
        var m = new Measurements();
        foreach (var part in measurements.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, v) = (part[..part.IndexOf('=')], decimal.Parse(part[(part.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            m = name switch
            {
                "temperatureC" => m with { TemperatureC = v },
                "heartRate" => m with { HeartRate = (int)v },
                "oxygenSaturation" => m with { OxygenSaturation = (int)v },
                "usual" => m with { UsualOxygenSaturation = (int)v },
                "systolic" => m with { Systolic = (int)v },
                "diastolic" => m with { Diastolic = (int)v },
                _ => throw new ArgumentException(name),
            };
        }
        return (list, m);
    }

    [Theory]
    // Brigatinib's early pulmonary events (label: 6.4 %, median day 2).
    [InlineData("brigatinib", 2, "Shortness of breath:severity=2", "", "urgent", "brigatinib-early-breathing")]
    [InlineData("brigatinib", 8, "Cough:severity=1; Cough:interference=1", "", "urgent", "brigatinib-early-breathing")]
    [InlineData("brigatinib", 5, "", "oxygenSaturation=95; usual=97", "urgent", "brigatinib-early-breathing")]
    [InlineData("brigatinib", 90, "Cough:severity=1", "", "none", "")]
    [InlineData("brigatinib", 90, "Shortness of breath:severity=2", "", "contact", "breathless-moderate")]
    // Pneumonitis/ILD warning on every label.
    [InlineData("alectinib", 150, "Cough:severity=2", "", "contact", "cough-moderate")]
    [InlineData("lorlatinib", 400, "Shortness of breath:severity=3", "", "urgent", "breathless-severe")]
    [InlineData("ensartinib", 30, "Cough:severity=3", "", "urgent", "cough-severe")]
    // UKONS: temperature 37.5 °C or above, or below 36, is red; rigors are red.
    [InlineData("crizotinib", 60, "", "temperatureC=38.4", "urgent", "temperature-high")]
    [InlineData("ceritinib", 60, "", "temperatureC=37.5", "urgent", "temperature-high")]
    [InlineData("ensartinib", 60, "", "temperatureC=35.8", "urgent", "temperature-low")]
    [InlineData("alectinib", 60, "", "temperatureC=37.4", "none", "")]
    [InlineData(null, 0, "Fever:presence=1", "", "urgent", "fever")]
    [InlineData("lorlatinib", 60, "Shivering or shaking chills:frequency=2; Shivering or shaking chills:severity=1", "", "urgent", "chills")]
    // Bradycardia (crizotinib, ceritinib, alectinib, brigatinib), AV block (lorlatinib).
    [InlineData("crizotinib", 60, "", "heartRate=44", "contact", "heart-rate")]
    [InlineData("crizotinib", 60, "Dizziness:severity=1; Dizziness:interference=0", "heartRate=44", "urgent", "heart-rate-low-symptoms")]
    [InlineData("alectinib", 60, "", "heartRate=38", "urgent", "heart-rate-very-low")]
    [InlineData("lorlatinib", 60, "Fainting:presence=1", "heartRate=48", "urgent", "heart-rate-low-symptoms")]
    [InlineData("ceritinib", 60, "Pounding or racing heartbeat:frequency=2; Pounding or racing heartbeat:severity=1", "", "contact", "heartbeat")]
    // Oxygen saturation (BTS, NHS pulse oximetry).
    [InlineData("alectinib", 60, "", "oxygenSaturation=88", "urgent", "oxygen-very-low")]
    [InlineData("lorlatinib", 60, "", "oxygenSaturation=91", "contact", "oxygen-low")]
    [InlineData("alectinib", 200, "Shortness of breath:severity=1", "oxygenSaturation=93; usual=97", "urgent", "oxygen-drop-breathless")]
    [InlineData("alectinib", 200, "", "oxygenSaturation=94; usual=97", "none", "")]
    // UKONS diarrhoea, vomiting, abdominal pain; ceritinib GI and pancreatitis warnings.
    [InlineData("ceritinib", 30, "Loose or watery stools (diarrhea):frequency=4", "", "urgent", "diarrhea-constant")]
    [InlineData("ceritinib", 30, "Loose or watery stools (diarrhea):frequency=3", "", "contact", "diarrhea-frequent")]
    [InlineData("ceritinib", 30, "Vomiting:frequency=2; Vomiting:severity=3", "", "urgent", "vomiting-severe")]
    [InlineData("ceritinib", 30, "Severe belly pain:presence=1", "", "urgent", "belly-pain-severe")]
    // Liver, blood sugar, brain.
    [InlineData("crizotinib", 40, "Yellow skin or eyes, or dark urine:presence=1", "", "urgent", "liver-signs")]
    [InlineData("brigatinib", 100, "Very high thirst or passing much more urine:presence=1", "", "contact", "thirst-urine")]
    [InlineData("lorlatinib", 100, "Seizure:presence=1", "", "urgent", "seizure")]
    [InlineData("alectinib", 700, "New confusion, one-sided weakness or trouble speaking:presence=1", "", "urgent", "neuro-new")]
    [InlineData("lorlatinib", 100, "Seeing or hearing things that are not there:presence=1", "", "urgent", "hallucinations")]
    // Label warnings at moderate: contact; two ambers: red.
    [InlineData("lorlatinib", 100, "Arm or leg swelling:frequency=3; Arm or leg swelling:severity=2; Problems with memory:severity=2", "", "urgent", "multiple-contact")]
    [InlineData("alectinib", 20, "Aching muscles:frequency=2; Aching muscles:severity=2", "", "contact", "muscles-moderate")]
    [InlineData("crizotinib", 10, "Blurry vision:severity=2", "", "contact", "blurry-moderate")]
    [InlineData("lorlatinib", 60, "Sad or unhappy feelings:frequency=3; Sad or unhappy feelings:severity=2", "", "contact", "mood-lorlatinib")]
    [InlineData("brigatinib", 100, "Very high thirst or passing much more urine:presence=1", "systolic=165; diastolic=95", "urgent", "multiple-contact")]
    // Mild, expected side effects: next visit at most.
    [InlineData("alectinib", 300, "Pain:frequency=1; Pain:severity=1; Fatigue, tiredness, or lack of energy:severity=1", "", "none", "")]
    [InlineData("lorlatinib", 300, "Insomnia:severity=2", "", "next-visit", "insomnia")]
    [InlineData("crizotinib", 5, "Flashing lights:presence=1", "", "next-visit", "vision-flashes-floaters")]
    public void Scenario(string? drug, int day, string answers, string measurements, string level, string rule)
    {
        var (a, m) = Parse(answers, measurements);
        var fired = Triage.Evaluate(On(drug, day), a, m);
        Assert.Equal(level, fired.Count == 0 ? "none" : fired[0].Rule.Level);
        if (rule != "") Assert.Contains(rule, Ids(fired));
        Assert.All(fired, f => Assert.StartsWith(f.Symptom + ": ", f.Heading));
    }

    // ---------------------------------------------------------------- Judge: baseline and worsening

    private static Triggered Fire(string rule, params Answer[] answers) =>
        Triage.Evaluate(On("lorlatinib"), answers).Single(t => t.Rule.Id == rule);

    private static readonly IReadOnlyDictionary<string, int> None = new Dictionary<string, int>();

    [Fact]
    public void A_next_visit_symptom_no_worse_than_the_patients_baseline_is_not_raised()
    {
        var now = Fire("moderate-any", new Answer("Aching joints", "severity", 2));
        var judged = Triage.Judge([now], [new Answer("Aching joints", "severity", 2)], None);
        Assert.Equal(AlertChange.AtBaseline, judged[0].Change);
        Assert.False(judged[0].Raise);
        Assert.Equal(AlertChange.New, Triage.Judge([now], [new Answer("aching joints", "severity", 1)], None)[0].Change);
        Assert.Equal(AlertChange.New, Triage.Judge([now], null, None)[0].Change);
        // Another attribute of the same term at baseline does not count.
        Assert.Equal(AlertChange.New, Triage.Judge([now], [new Answer("Aching joints", "interference", 4)], None)[0].Change);
    }

    [Fact]
    public void A_contact_symptom_at_baseline_is_never_demoted_it_stays_at_its_level_until_the_care_team_is_known_to_know()
    {
        var now = Fire("diarrhea-frequent", new Answer("Loose or watery stools (diarrhea)", "frequency", 3));
        Answer[] baseline = [new("Loose or watery stools (diarrhea)", "frequency", 3)];
        // At baseline, first time: raised.
        var first = Triage.Judge([now], baseline, None)[0];
        Assert.Equal(AlertChange.New, first.Change);
        Assert.True(first.Raise);
        // At baseline and reported last week: kept (ongoing, at its contact level), not notified again.
        var repeat = Triage.Judge([now], baseline, new Dictionary<string, int> { ["diarrhea-frequent"] = 3 })[0];
        Assert.Equal(AlertChange.Ongoing, repeat.Change);
        Assert.Equal(AlertLevels.Contact, repeat.Alert.Rule.Level);
        // Someone confirmed the care team knows about last week's alert: quiet while it is no worse.
        var known = new Dictionary<string, int> { ["diarrhea-frequent"] = 3 };
        Assert.Equal(AlertChange.Known, Triage.Judge([now], baseline, known, known)[0].Change);
        Assert.False(Triage.Judge([now], baseline, known, known)[0].Raise);
        var worse = Fire("diarrhea-frequent", new Answer("Loose or watery stools (diarrhea)", "frequency", 3), new Answer("Vomiting", "severity", 0));
        Assert.Equal(AlertChange.Worse, Triage.Judge([worse with { Score = 4 }], baseline, known, known)[0].Change);
        // Every contact and urgent rule: never AtBaseline, whatever the baseline.
        foreach (var rule in Triage.Rules.Where(r => r.Level != AlertLevels.NextVisit && !r.IsEscalation))
        {
            var (context, answers, m) = Case(rule, below: false);
            var fired = Triage.Evaluate(context, answers, m).Where(t => t.Rule.Id == rule.Id).ToList();
            var atBaseline = answers.Select(a => a with { Value = 4 }).ToList();
            Assert.All(Triage.Judge(fired, atBaseline, None), j => Assert.NotEqual(AlertChange.AtBaseline, j.Change));
        }
    }

    [Fact]
    public void Urgent_alerts_are_never_at_baseline_nor_quietened_by_an_acknowledgement()
    {
        var now = Fire("chest-pain", new Answer("Chest pain", "presence", 1));
        var judged = Triage.Judge([now], [new Answer("Chest pain", "presence", 1)], None);
        Assert.Equal(AlertChange.New, judged[0].Change);
        Assert.True(judged[0].Raise);
        var breath = Fire("breathless-severe", new Answer("Shortness of breath", "severity", 3));
        Assert.Equal(AlertChange.New, Triage.Judge([breath], [new Answer("Shortness of breath", "severity", 4)], None)[0].Change);
        var acknowledged = new Dictionary<string, int> { ["breathless-severe"] = 4 };
        Assert.Equal(AlertChange.Ongoing, Triage.Judge([breath], null, acknowledged, acknowledged)[0].Change);
    }

    [Fact]
    public void An_acknowledged_escalation_of_the_same_two_known_symptoms_is_known_and_a_third_symptom_raises_it_again()
    {
        var two = Run(On("lorlatinib"), new Answer("Arm or leg swelling", "severity", 2), new Answer("Problems with memory", "severity", 2));
        var known = Triage.PreviousOf(two);
        Assert.All(Triage.Judge(two, null, known, known), j => Assert.Equal(AlertChange.Known, j.Change));
        var three = Run(On("lorlatinib"), new Answer("Arm or leg swelling", "severity", 2), new Answer("Problems with memory", "severity", 2),
            new Answer("Very high thirst or passing much more urine", "presence", 1));
        var judged = Triage.Judge(three, null, known, known);
        Assert.Equal(AlertChange.Worse, judged.Single(j => j.Alert.Rule.Id == "multiple-contact").Change);
        Assert.Equal(AlertChange.New, judged.Single(j => j.Alert.Rule.Id == "thirst-urine").Change);
    }

    [Fact]
    public void An_alert_unchanged_since_the_last_check_in_is_ongoing_and_a_higher_score_is_worse()
    {
        var now = Fire("diarrhea-frequent", new Answer("Loose or watery stools (diarrhea)", "frequency", 3));
        Assert.Equal(AlertChange.Ongoing, Triage.Judge([now], null, new Dictionary<string, int> { ["diarrhea-frequent"] = 3 })[0].Change);
        Assert.Equal(AlertChange.Ongoing, Triage.Judge([now], null, new Dictionary<string, int> { ["diarrhea-frequent"] = 4 })[0].Change);
        var constant = Fire("diarrhea-constant", new Answer("Loose or watery stools (diarrhea)", "frequency", 4));
        var judged = Triage.Judge([constant], [new Answer("Loose or watery stools (diarrhea)", "frequency", 3)], new Dictionary<string, int> { ["diarrhea-constant"] = 3 });
        Assert.Equal(AlertChange.Worse, judged[0].Change);
        Assert.True(judged[0].Raise);
        Assert.Equal(AlertChange.New, Triage.Judge([now], null, new Dictionary<string, int> { ["fever"] = 1 })[0].Change);
        // Urgent alerts repeat as Ongoing too (shown, not notified again) when unchanged.
        var chest = Fire("chest-pain", new Answer("Chest pain", "presence", 1));
        Assert.Equal(AlertChange.Ongoing, Triage.Judge([chest], null, new Dictionary<string, int> { ["chest-pain"] = 1 })[0].Change);
    }

    [Fact]
    public void The_heartbeat_basis_names_QT_prolongation_only_for_the_drugs_whose_label_warns_of_it()
    {
        // alk-facts A: QT prolongation is a warning of crizotinib and ceritinib; alectinib and brigatinib warn of bradycardia.
        var basis = Triage.Rules.Single(r => r.Id == "heartbeat").Basis;
        Assert.Contains("QT prolongation (crizotinib, ceritinib)", basis);
        Assert.DoesNotContain("QT prolongation and bradycardia (crizotinib, ceritinib, alectinib, brigatinib)", basis);
    }

    [Fact]
    public void A_fever_is_never_suppressed_by_a_fever_at_baseline()
    {
        var fever = Fire("fever", new Answer("Fever", "presence", 1));
        var judged = Triage.Judge([fever], [new Answer("Fever", "presence", 1)], None)[0];
        Assert.Equal(AlertChange.New, judged.Change);
        Assert.True(judged.Raise);
    }

    [Fact]
    public void Generic_alerts_are_compared_per_term()
    {
        var previous = Triage.PreviousOf(Triage.Evaluate(On(null), [new Answer("Aching joints", "severity", 2)]));
        Assert.Equal(new Dictionary<string, int> { ["moderate-any:Aching joints"] = 2 }, previous);
        var now = Triage.Evaluate(On(null), [new Answer("Aching joints", "severity", 2), new Answer("Constipation", "severity", 2)]);
        var judged = Triage.Judge(now, null, previous);
        Assert.Equal(AlertChange.New, judged.Single(j => j.Alert.Term == "Constipation").Change);
        Assert.Equal(AlertChange.Ongoing, judged.Single(j => j.Alert.Term == "Aching joints").Change);
        Assert.Equal(previous, Triage.PreviousOf([("moderate-any", (string?)"Aching joints", 2)]));
    }

    // ---------------------------------------------------------------- graded measurements

    [Theory]
    [InlineData(37.5, 1)]
    [InlineData(38.0, 1)]
    [InlineData(39.0, 1)]
    [InlineData(39.1, 2)]
    [InlineData(40.0, 2)]
    [InlineData(40.1, 3)]
    public void A_measured_fever_scores_its_CTCAE_fever_grade_at_least_1(double celsius, int grade)
    {
        var fever = Run(On(null), new Measurements(TemperatureC: (decimal)celsius)).Single(t => t.Rule.Id == "temperature-high");
        Assert.Null(fever.Term);
        Assert.Equal(grade, fever.Score);
    }

    [Theory]
    [InlineData(118, 78, 0)]
    [InlineData(120, 70, 1)]
    [InlineData(139, 89, 1)]
    [InlineData(140, 85, 2)]
    [InlineData(159, 99, 2)]
    [InlineData(160, 80, 3)]
    [InlineData(130, 100, 3)]
    public void Blood_pressure_is_graded_by_CTCAE_hypertension_grade_the_higher_of_both_numbers(int systolic, int diastolic, int grade)
    {
        var m = new Measurements(Systolic: systolic, Diastolic: diastolic);
        Assert.Equal(grade, Triage.MeasurementGrade("systolic", m));
        Assert.Equal(grade, Triage.MeasurementGrade("diastolic", m));
        var fired = Run(On("brigatinib", 100), m).SingleOrDefault(t => t.Rule.Id == "blood-pressure");
        if (grade == 3)
        {
            Assert.Equal(3, fired!.Score);
            Assert.Equal($"Blood pressure: {systolic}/{diastolic} mmHg", fired.Heading);
        }
        else Assert.Null(fired);
    }

    [Fact]
    public void A_lower_oxygen_saturation_scores_higher_so_a_falling_reading_is_worse()
    {
        IReadOnlyList<Triggered> Spo2(int v) => Run(On(null), new Measurements(OxygenSaturation: v)).ToList();
        Assert.Equal(1, Spo2(91).Single().Score);
        Assert.Equal(2, Spo2(90).Single().Score);
        Assert.Equal(AlertChange.Ongoing, Triage.Judge(Spo2(91), null, Triage.PreviousOf(Spo2(90)))[0].Change);
        Assert.Equal(AlertChange.Worse, Triage.Judge(Spo2(86), null, Triage.PreviousOf(Spo2(88)))[0].Change);
    }

    [Fact]
    public void A_fever_rising_from_38_2_to_40_5_is_worse_and_a_falling_or_same_grade_fever_is_ongoing()
    {
        IReadOnlyList<Triggered> Fever(decimal c) => Run(On(null), new Measurements(TemperatureC: c)).ToList();
        var judged = Triage.Judge(Fever(40.5m), null, Triage.PreviousOf(Fever(38.2m)))[0];
        Assert.Equal(AlertChange.Worse, judged.Change);
        Assert.True(judged.Raise);
        Assert.Equal(AlertChange.Ongoing, Triage.Judge(Fever(38.9m), null, Triage.PreviousOf(Fever(38.2m)))[0].Change);
        Assert.Equal(AlertChange.Ongoing, Triage.Judge(Fever(39.5m), null, Triage.PreviousOf(Fever(40.5m)))[0].Change);
    }
}
