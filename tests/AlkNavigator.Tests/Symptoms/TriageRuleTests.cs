using System.Text.RegularExpressions;
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
            Assert.StartsWith("Call your care team now.", r.Action);
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
    public void The_review_text_of_a_rule_reads_as_conditions()
    {
        var rule = Triage.Rules.Single(r => r.Id == "brigatinib-week1-fever-cough");
        Assert.Equal("(Fever: yes or temperatureC at least 38) and (Cough severity at least 1 (Mild) or Shortness of breath severity at least 1 (Mild)) " +
            "and on brigatinib and within 7 days of starting the drug (day 0 = start)", rule.When);
        Assert.Equal("(heartRate at most 49 or heartRate at least 121)", Triage.Rules.Single(r => r.Id == "heart-rate").When);
    }

    private static IEnumerable<RuleCondition> Leaves(IEnumerable<RuleCondition> conditions) =>
        conditions.SelectMany(c => c.Any is null ? [c] : Leaves(c.Any));

    // ---------------------------------------------------------------- every rule, at and just below its threshold

    public static TheoryData<string> RuleIds() => new(Triage.Rules.Select(r => r.Id));

    /// <summary>
    /// Answers that meet every condition of the rule exactly at its threshold (the first alternative of an "any"); with
    /// <paramref name="below"/>, the first condition is one step short (an answer one lower, a measurement just on the safe side).
    /// "*" conditions use an item no named rule covers.
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
            if (c.Measurement is { } name)
            {
                var v = c.AtLeast is { } min ? min - (step ? (name == "temperatureC" ? 0.1m : 1m) : 0) : c.AtMost!.Value + (step ? 1 : 0);
                m = name switch
                {
                    "temperatureC" => m with { TemperatureC = v },
                    "systolic" => m with { Systolic = (int)v },
                    "diastolic" => m with { Diastolic = (int)v },
                    "heartRate" => m with { HeartRate = (int)v },
                    _ => m with { WeightKg = v },
                };
                continue;
            }
            var value = (int)c.AtLeast!.Value - (step ? 1 : 0);
            if (c.Term == "*")
            {
                var (term, attribute) = c.Attribute switch
                {
                    "frequency" => ("Shivering or shaking chills", "frequency"),
                    "interference" => ("Aching joints", "interference"),
                    _ => ("Taste changes", "severity"),
                };
                answers.Add(new Answer(term, attribute, value));
            }
            else answers.Add(new Answer(c.Term!, c.Attribute!, value));
        }
        return (context, answers, m);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_fires_at_its_threshold(string id)
    {
        var rule = Triage.Rules.Single(r => r.Id == id);
        var (context, answers, m) = Case(rule, below: false);
        var fired = Triage.Evaluate(context, answers, m);
        Assert.Contains(id, Ids(fired));
        var t = fired.First(x => x.Rule.Id == id);
        if (answers.Count > 0)
        {
            Assert.NotNull(t.Term);
            Assert.Equal(answers.First(a => a.Term == t.Term && a.Attribute == t.Attribute).Value, t.Score);
        }
        else
        {
            Assert.Null(t.Term);
            // A measurement scores its CTCAE grade: 160 mmHg systolic is hypertension grade 3; a heart rate is 1.
            Assert.Equal(rule.Id == "blood-pressure" ? 3 : 1, t.Score);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_rule_does_not_fire_just_below_its_threshold(string id)
    {
        var rule = Triage.Rules.Single(r => r.Id == id);
        var (context, answers, m) = Case(rule, below: true);
        Assert.DoesNotContain(id, Ids(Triage.Evaluate(context, answers, m)));
    }

    [Fact]
    public void Nothing_fires_for_mild_answers()
    {
        var answers = Questionnaire.For(On("lorlatinib")).SelectMany(q => q.Item.Attributes.Select(a => new Answer(q.Item.Term, a, a == Attributes.Presence ? 0 : 1))).ToArray();
        Assert.Empty(Run(On("lorlatinib"), new Measurements(37.0m, 70m, 130, 85, 72), answers));
        Assert.Empty(Run(On(null)));
    }

    // ---------------------------------------------------------------- key safety rules

    [Fact]
    public void Severe_shortness_of_breath_is_urgent_and_moderate_is_for_the_next_visit()
    {
        var severe = Run(On(null), new Answer("Shortness of breath", "severity", 3));
        Assert.Equal(["breathless-severe"], Ids(severe));
        Assert.Equal(AlertLevels.Urgent, severe[0].Rule.Level);
        Assert.Contains("911", severe[0].Rule.Action);
        Assert.Equal(["moderate-any"], Ids(Run(On(null), new Answer("Shortness of breath", "severity", 2))));
    }

    [Fact]
    public void Very_severe_shortness_of_breath_gives_one_urgent_alert_not_three()
    {
        var fired = Run(On(null), new Answer("Shortness of breath", "severity", 4), new Answer("Shortness of breath", "interference", 4));
        Assert.Equal(["breathless-severe"], Ids(fired));
        Assert.Equal(4, fired[0].Score);
    }

    [Theory]
    [InlineData("Chest pain", "chest-pain")]
    [InlineData("Thoughts of harming yourself", "self-harm")]
    [InlineData("Seeing or hearing things that are not there", "hallucinations")]
    [InlineData("Sudden loss of vision", "vision-loss")]
    public void Safety_questions_answered_yes_are_urgent(string term, string rule)
    {
        var fired = Run(On("lorlatinib"), new Answer(term, "presence", 1));
        Assert.Equal([rule], Ids(fired));
        Assert.Equal(AlertLevels.Urgent, fired[0].Rule.Level);
        Assert.Equal(term, fired[0].Term);
        Assert.Empty(Run(On("lorlatinib"), new Answer(term, "presence", 0)));
    }

    [Fact]
    public void Thoughts_of_self_harm_give_crisis_lines()
    {
        var rule = Triage.Rules.Single(r => r.Id == "self-harm");
        Assert.Contains("988", rule.Action);
        Assert.Contains("116 123", rule.Action);
        Assert.Contains("emergency", rule.Action);
    }

    [Fact]
    public void Brigatinib_fever_with_cough_is_urgent_in_week_one_only()
    {
        Answer[] answers = [new("Fever", "presence", 1), new("Cough", "severity", 1)];
        var day3 = Run(On("brigatinib", days: 3), answers);
        Assert.Equal(["brigatinib-week1-fever-cough"], Ids(day3)); // the contact "fever" rule on the same term is dropped
        Assert.Equal("Fever", day3[0].Term);

        Assert.Equal(["fever"], Ids(Run(On("brigatinib", days: 20), answers)));
        Assert.Equal(["fever"], Ids(Run(On("alectinib", days: 3), answers)));
        Assert.Contains("brigatinib-week1-fever-cough", Ids(Run(On("brigatinib", days: 0), new Measurements(TemperatureC: 38.2m), new Answer("Shortness of breath", "severity", 1))));
        Assert.DoesNotContain("brigatinib-week1-fever-cough", Ids(Run(On("brigatinib", days: 8), answers)));
        Assert.DoesNotContain("brigatinib-week1-fever-cough", Ids(Run(new SymptomContext("brigatinib", null, Today), answers)));
        Assert.DoesNotContain("brigatinib-week1-fever-cough", Ids(Run(On("brigatinib", days: 3), new Answer("Fever", "presence", 1), new Answer("Cough", "severity", 0))));
    }

    [Fact]
    public void A_temperature_of_38_with_moderate_breathlessness_is_urgent()
    {
        var fired = Run(On(null), new Measurements(TemperatureC: 38.0m), new Answer("Shortness of breath", "severity", 2));
        Assert.Equal(["fever-breathless", "fever"], Ids(fired));
        Assert.Equal("Shortness of breath", fired[0].Term);
        Assert.Null(fired[1].Term);
        var cooler = Run(On(null), new Measurements(TemperatureC: 37.9m), new Answer("Shortness of breath", "severity", 2));
        Assert.Equal(["moderate-any"], Ids(cooler));
    }

    [Fact]
    public void Diarrhea_frequently_means_contact_within_a_day()
    {
        var fired = Run(On("ceritinib"), new Answer("Loose or watery stools (diarrhea)", "frequency", 3));
        Assert.Equal(["diarrhea-frequent"], Ids(fired));
        Assert.Equal(AlertLevels.Contact, fired[0].Rule.Level);
        Assert.Equal(["moderate-any"], Ids(Run(On("ceritinib"), new Answer("Loose or watery stools (diarrhea)", "frequency", 2))));
        // Almost constantly: still the named contact rule, not also the generic one.
        Assert.Equal(["diarrhea-frequent"], Ids(Run(On("ceritinib"), new Answer("Loose or watery stools (diarrhea)", "frequency", 4))));
    }

    [Fact]
    public void Vomiting_and_a_racing_heart_fire_on_frequency_or_severity()
    {
        Assert.Equal(["vomiting-severe"], Ids(Run(On(null), new Answer("Vomiting", "frequency", 3), new Answer("Vomiting", "severity", 1))));
        var both = Run(On(null), new Answer("Vomiting", "frequency", 3), new Answer("Vomiting", "severity", 4));
        Assert.Equal(["vomiting-severe"], Ids(both));
        Assert.Equal(4, both[0].Score);
        Assert.Equal("severity", both[0].Attribute);
        Assert.Equal(["heartbeat"], Ids(Run(On(null), new Answer("Pounding or racing heartbeat", "severity", 3))));
    }

    [Theory]
    [InlineData(49, true)]
    [InlineData(50, false)]
    [InlineData(120, false)]
    [InlineData(121, true)]
    public void Heart_rate_below_50_or_above_120_means_contact(int rate, bool fires)
    {
        var fired = Run(On("crizotinib"), new Measurements(HeartRate: rate));
        Assert.Equal(fires ? ["heart-rate"] : [], Ids(fired));
    }

    [Theory]
    [InlineData(160, 80, true)]
    [InlineData(159, 99, false)]
    [InlineData(130, 100, true)]
    public void Blood_pressure_of_160_over_100_is_CTCAE_grade_3(int systolic, int diastolic, bool fires) =>
        Assert.Equal(fires ? ["blood-pressure"] : [], Ids(Run(On("brigatinib"), new Measurements(Systolic: systolic, Diastolic: diastolic))));

    [Fact]
    public void Severe_aching_muscles_means_contact_on_alectinib_or_brigatinib_only()
    {
        var severe = new Answer("Aching muscles", "severity", 3);
        Assert.Equal(["muscles-severe"], Ids(Run(On("alectinib"), severe)));
        Assert.Equal(["muscles-severe"], Ids(Run(On("brigatinib"), severe)));
        Assert.Equal(["moderate-any"], Ids(Run(On("lorlatinib"), severe)));
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
        Assert.Equal(["chest-pain", "diarrhea-frequent", "heart-rate", "cognition-severe", "moderate-any", "insomnia"], Ids(fired));
        Assert.Equal("Taste changes", fired.Single(t => t.Rule.Id == "moderate-any").Term);
        Assert.Equal(3, fired.Single(t => t.Rule.Id == "cognition-severe").Score);
    }

    [Fact]
    public void Flashes_rash_and_sun_sensitivity_are_for_the_next_visit()
    {
        Assert.Equal(["vision-flashes-floaters"], Ids(Run(On("crizotinib"), new Answer("Spots or lines (floaters)", "presence", 1))));
        Assert.Equal(["rash", "sun-sensitivity"], Ids(Run(On("ensartinib"), new Answer("Rash", "presence", 1), new Answer("Increased skin sensitivity to sunlight", "presence", 1))));
    }

    // ---------------------------------------------------------------- Judge: baseline and worsening

    private static Triggered Fire(string rule, params Answer[] answers) =>
        Triage.Evaluate(On("lorlatinib"), answers).Single(t => t.Rule.Id == rule);

    [Fact]
    public void A_symptom_no_worse_than_the_patients_baseline_is_not_raised()
    {
        var now = Fire("diarrhea-frequent", new Answer("Loose or watery stools (diarrhea)", "frequency", 3));
        var judged = Triage.Judge([now], [new Answer("Loose or watery stools (diarrhea)", "frequency", 3)], new Dictionary<string, int>());
        Assert.Equal(AlertChange.AtBaseline, judged[0].Change);
        Assert.False(judged[0].Raise);
        Assert.Equal(AlertChange.New, Triage.Judge([now], [new Answer("loose or watery stools (diarrhea)", "frequency", 2)], new Dictionary<string, int>())[0].Change);
        Assert.Equal(AlertChange.New, Triage.Judge([now], null, new Dictionary<string, int>())[0].Change);
        // Another attribute of the same term at baseline does not count.
        var memory = Fire("cognition-severe", new Answer("Problems with memory", "severity", 3));
        Assert.Equal(AlertChange.New, Triage.Judge([memory], [new Answer("Problems with memory", "interference", 4)], new Dictionary<string, int>())[0].Change);
    }

    [Fact]
    public void Urgent_alerts_are_never_at_baseline()
    {
        var now = Fire("chest-pain", new Answer("Chest pain", "presence", 1));
        var judged = Triage.Judge([now], [new Answer("Chest pain", "presence", 1)], new Dictionary<string, int>());
        Assert.Equal(AlertChange.New, judged[0].Change);
        Assert.True(judged[0].Raise);
        var breath = Fire("breathless-severe", new Answer("Shortness of breath", "severity", 3));
        Assert.Equal(AlertChange.New, Triage.Judge([breath], [new Answer("Shortness of breath", "severity", 4)], new Dictionary<string, int>())[0].Change);
    }

    [Fact]
    public void An_alert_unchanged_since_the_last_check_in_is_ongoing_and_a_higher_score_is_worse()
    {
        var now = Fire("diarrhea-frequent", new Answer("Loose or watery stools (diarrhea)", "frequency", 3));
        Assert.Equal(AlertChange.Ongoing, Triage.Judge([now], null, new Dictionary<string, int> { ["diarrhea-frequent"] = 3 })[0].Change);
        Assert.Equal(AlertChange.Ongoing, Triage.Judge([now], null, new Dictionary<string, int> { ["diarrhea-frequent"] = 4 })[0].Change);
        var worse = Fire("diarrhea-frequent", new Answer("Loose or watery stools (diarrhea)", "frequency", 4));
        var judged = Triage.Judge([worse], [new Answer("Loose or watery stools (diarrhea)", "frequency", 3)], new Dictionary<string, int> { ["diarrhea-frequent"] = 3 });
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
        // Fever is one of the product's safety questions (an event, not a chronic symptom): no baseline applies.
        var fever = Fire("fever", new Answer("Fever", "presence", 1));
        var judged = Triage.Judge([fever], [new Answer("Fever", "presence", 1)], new Dictionary<string, int>())[0];
        Assert.Equal(AlertChange.New, judged.Change);
        Assert.True(judged.Raise);
    }

    [Fact]
    public void Generic_alerts_are_compared_per_term()
    {
        var previous = Triage.PreviousOf(Triage.Evaluate(On(null), [new Answer("Pain", "severity", 2)]));
        Assert.Equal(new Dictionary<string, int> { ["moderate-any:Pain"] = 2 }, previous);
        var now = Triage.Evaluate(On(null), [new Answer("Pain", "severity", 2), new Answer("Cough", "severity", 2)]);
        var judged = Triage.Judge(now, null, previous);
        Assert.Equal(AlertChange.New, judged.Single(j => j.Alert.Term == "Cough").Change);
        Assert.Equal(AlertChange.Ongoing, judged.Single(j => j.Alert.Term == "Pain").Change);
        Assert.Equal(previous, Triage.PreviousOf([("moderate-any", (string?)"Pain", 2)]));
    }

    // ---------------------------------------------------------------- graded measurements

    [Theory]
    [InlineData(38.0, 1)]
    [InlineData(38.2, 1)]
    [InlineData(39.0, 1)]
    [InlineData(39.1, 2)]
    [InlineData(40.0, 2)]
    [InlineData(40.1, 3)]
    [InlineData(40.5, 3)]
    public void A_measured_fever_scores_its_CTCAE_fever_grade(double celsius, int grade)
    {
        var fever = Run(On(null), new Measurements(TemperatureC: (decimal)celsius)).Single(t => t.Rule.Id == "fever");
        Assert.Null(fever.Term);
        Assert.Equal(grade, fever.Score);
        Assert.Equal(grade, Triage.MeasurementGrade("temperatureC", new Measurements(TemperatureC: (decimal)celsius)));
        // Answering "yes" to fever as well keeps the term and takes the higher of the two.
        var both = Run(On(null), new Measurements(TemperatureC: (decimal)celsius), new Answer("Fever", "presence", 1)).Single(t => t.Rule.Id == "fever");
        Assert.Equal("Fever", both.Term);
        Assert.Equal(grade, both.Score);
    }

    [Fact]
    public void A_fever_answered_yes_without_a_temperature_scores_1()
    {
        var fever = Run(On(null), new Measurements(TemperatureC: 37.2m), new Answer("Fever", "presence", 1)).Single(t => t.Rule.Id == "fever");
        Assert.Equal(1, fever.Score);
        Assert.Equal(0, Triage.MeasurementGrade("temperatureC", new Measurements(TemperatureC: 37.9m)));
        Assert.Equal(0, Triage.MeasurementGrade("temperatureC", new Measurements()));
    }

    [Theory]
    [InlineData(118, 78, 0)]
    [InlineData(120, 70, 1)]
    [InlineData(139, 89, 1)]
    [InlineData(110, 80, 1)]
    [InlineData(140, 85, 2)]
    [InlineData(130, 90, 2)]
    [InlineData(159, 99, 2)]
    [InlineData(160, 80, 3)]
    [InlineData(130, 100, 3)]
    [InlineData(185, 110, 3)]
    public void Blood_pressure_is_graded_by_CTCAE_hypertension_grade_the_higher_of_both_numbers(int systolic, int diastolic, int grade)
    {
        var m = new Measurements(Systolic: systolic, Diastolic: diastolic);
        Assert.Equal(grade, Triage.MeasurementGrade("systolic", m));
        Assert.Equal(grade, Triage.MeasurementGrade("diastolic", m));
        var fired = Run(On("brigatinib"), m).SingleOrDefault(t => t.Rule.Id == "blood-pressure");
        if (grade == 3) Assert.Equal(3, fired!.Score);
        else Assert.Null(fired);
    }

    [Theory]
    [InlineData(45)]
    [InlineData(130)]
    public void A_heart_rate_alert_scores_1(int rate) =>
        Assert.Equal(1, Run(On("crizotinib"), new Measurements(HeartRate: rate)).Single(t => t.Rule.Id == "heart-rate").Score);

    [Fact]
    public void A_fever_rising_from_38_2_to_40_5_is_worse_and_a_falling_or_same_grade_fever_is_ongoing()
    {
        IReadOnlyList<Triggered> Fever(decimal c) => Run(On(null), new Measurements(TemperatureC: c)).Where(t => t.Rule.Id == "fever").ToList();
        var judged = Triage.Judge(Fever(40.5m), null, Triage.PreviousOf(Fever(38.2m)))[0];
        Assert.Equal(AlertChange.Worse, judged.Change);
        Assert.True(judged.Raise);
        Assert.Equal(AlertChange.Worse, Triage.Judge(Fever(39.5m), null, Triage.PreviousOf(Fever(38.2m)))[0].Change);
        Assert.Equal(AlertChange.Ongoing, Triage.Judge(Fever(38.9m), null, Triage.PreviousOf(Fever(38.2m)))[0].Change);
        Assert.Equal(AlertChange.Ongoing, Triage.Judge(Fever(39.5m), null, Triage.PreviousOf(Fever(40.5m)))[0].Change);
        // Stored alerts carry the grade as their score.
        Assert.Equal(AlertChange.Worse, Triage.Judge(Fever(40.5m), null, Triage.PreviousOf([("fever", (string?)null, 1)]))[0].Change);
    }
}
