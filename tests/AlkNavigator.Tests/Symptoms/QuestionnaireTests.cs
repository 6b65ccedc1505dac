using System.Text;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The item library (alk-facts E1) and the choice of items per situation.</summary>
public class QuestionnaireTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static SymptomContext On(string? drug, int days = 60) => new(drug, drug is null ? null : Today.AddDays(-days), Today);

    private static List<string> Terms(SymptomContext c) => Questionnaire.For(c).Select(q => q.Item.Term).ToList();

    // alk-facts.md section E1, as written there: term (attributes).
    private const string E1 = "Nausea (F,S); Vomiting (F,S); Loose or watery stools (diarrhea) (F); Constipation (S); Fatigue, tiredness, or lack of energy (S,I); " +
        "Arm or leg swelling (F,S,I); Aching muscles (F,S,I); Shortness of breath (S,I); Cough (S,I); Blurry vision (S,I); Flashing lights (P); " +
        "Spots or lines (floaters) (P); Problems with concentration (S,I); Problems with memory (S,I); Sad or unhappy feelings (F,S,I); " +
        "Feel that nothing could cheer you up (F,S,I); Anxiety (F,S,I); Insomnia (S,I); Decreased appetite (S,I); Taste changes (S); Rash (P); " +
        "Increased skin sensitivity to sunlight (P); Numbness or tingling (S,I); Dizziness (S,I); Aching joints (F,S,I); Pain (F,S,I); " +
        "Pounding or racing heartbeat (F,S); Shivering or shaking chills (F,S)";

    public static TheoryData<string, string[]> E1Items()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var entry in E1.Split("; "))
        {
            var open = entry.LastIndexOf(" (", StringComparison.Ordinal);
            var letters = entry[(open + 2)..^1].Split(',');
            data.Add(entry[..open], letters.Select(l => l switch { "F" => "frequency", "S" => "severity", "I" => "interference", _ => "presence" }).ToArray());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(E1Items))]
    public void Every_E1_item_is_in_the_library_with_its_exact_attributes_in_order(string term, string[] attributes)
    {
        var item = ProCtcae.Find(term);
        Assert.NotNull(item);
        Assert.Equal(term, item.Term);
        Assert.True(item.IsProCtcae);
        Assert.Equal(attributes, item.Attributes);
    }

    [Fact]
    public void The_library_has_only_E1_items_plus_presence_only_safety_items()
    {
        var e1 = E1Items().Select(row => (string)row[0]).ToHashSet();
        foreach (var item in ProCtcae.Items)
        {
            if (item.IsProCtcae) Assert.Contains(item.Term, e1);
            else Assert.Equal([Attributes.Presence], item.Attributes);
        }
        Assert.Equal(["Chest pain", "Fever", "Seeing or hearing things that are not there", "Thoughts of harming yourself", "Sudden loss of vision",
            "Fainting", "Seizure", "New confusion, one-sided weakness or trouble speaking", "Yellow skin or eyes, or dark urine",
            "Very high thirst or passing much more urine", "Severe belly pain"],
            ProCtcae.Items.Where(i => !i.IsProCtcae).Select(i => i.Term));
        Assert.Equal(ProCtcae.Items.Count, ProCtcae.Items.Select(i => i.Term).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Find_is_case_insensitive_and_unknown_terms_are_null()
    {
        Assert.Equal("Loose or watery stools (diarrhea)", ProCtcae.Find("  loose or WATERY stools (diarrhea) ")?.Term);
        Assert.Null(ProCtcae.Find("Diarrhoea"));
    }

    [Fact]
    public void Questions_follow_the_PRO_CTCAE_wording_with_a_7_day_recall()
    {
        Assert.Equal("In the last 7 days, what was the SEVERITY of your SHORTNESS OF BREATH at its WORST?",
            ProCtcae.Question(ProCtcae.Find("Shortness of breath")!, Attributes.Severity));
        Assert.Equal("In the last 7 days, how OFTEN did you have LOOSE OR WATERY STOOLS (DIARRHEA)?",
            ProCtcae.Question(ProCtcae.Find("Loose or watery stools (diarrhea)")!, Attributes.Frequency));
        Assert.Equal("In the last 7 days, how much did FATIGUE, TIREDNESS, OR LACK OF ENERGY INTERFERE with your usual or daily activities?",
            ProCtcae.Question(ProCtcae.Find("Fatigue, tiredness, or lack of energy")!, Attributes.Interference));
        Assert.Equal("In the last 7 days, did you have any RASH?", ProCtcae.Question(ProCtcae.Find("Rash")!, Attributes.Presence));
        foreach (var item in ProCtcae.Items)
            foreach (var attribute in item.Attributes)
                Assert.StartsWith("In the last 7 days, ", ProCtcae.Question(item, attribute));
    }

    [Fact]
    public void Scales_have_five_labels_and_presence_two()
    {
        Assert.Equal(["Never", "Rarely", "Occasionally", "Frequently", "Almost constantly"], ProCtcae.Scale(Attributes.Frequency));
        Assert.Equal(["None", "Mild", "Moderate", "Severe", "Very severe"], ProCtcae.Scale(Attributes.Severity));
        Assert.Equal(["Not at all", "A little bit", "Somewhat", "Quite a bit", "Very much"], ProCtcae.Scale(Attributes.Interference));
        Assert.Equal(["No", "Yes"], ProCtcae.Scale(Attributes.Presence));
    }

    [Fact]
    public void Follow_ups_are_skipped_when_the_first_answer_is_never_or_none()
    {
        var swelling = ProCtcae.Find("Arm or leg swelling")!;
        Assert.Empty(ProCtcae.FollowUps(swelling, new Dictionary<string, int> { ["frequency"] = 0 }));
        Assert.Equal(["severity", "interference"], ProCtcae.FollowUps(swelling, new Dictionary<string, int> { ["frequency"] = 1 }));
        Assert.Equal(["severity", "interference"], ProCtcae.FollowUps(swelling, new Dictionary<string, int>())); // not yet answered: still to ask
        var breath = ProCtcae.Find("Shortness of breath")!;
        Assert.Empty(ProCtcae.FollowUps(breath, new Dictionary<string, int> { ["severity"] = 0 }));
        Assert.Equal(["interference"], ProCtcae.FollowUps(breath, new Dictionary<string, int> { ["severity"] = 2 }));
        Assert.Empty(ProCtcae.FollowUps(ProCtcae.Find("Rash")!, new Dictionary<string, int> { ["presence"] = 1 }));
        Assert.True(ProCtcae.IsSkipped(swelling, "interference", new Dictionary<string, int> { ["frequency"] = 0 }));
        Assert.False(ProCtcae.IsSkipped(swelling, "interference", new Dictionary<string, int> { ["frequency"] = 2 }));
    }

    [Fact]
    public void Complete_scores_skipped_follow_ups_zero()
    {
        var done = ProCtcae.Complete([
            new Answer("arm or leg swelling", "frequency", 0),
            new Answer("Arm or leg swelling", "severity", 3), // given although skipped: scored 0
            new Answer("Shortness of breath", "severity", 2),
            new Answer("Shortness of breath", "interference", 1),
            new Answer("Rash", "presence", 1),
        ]);
        Assert.Equal([
            new Answer("Arm or leg swelling", "frequency", 0), new Answer("Arm or leg swelling", "severity", 0), new Answer("Arm or leg swelling", "interference", 0),
            new Answer("Shortness of breath", "severity", 2), new Answer("Shortness of breath", "interference", 1),
            new Answer("Rash", "presence", 1),
        ], done);
    }

    [Theory]
    [InlineData("syncope", "Fainting")]
    [InlineData("Fainting or nearly fainting", "Fainting")]
    [InlineData("Seizure (fit)", "Seizure")]
    [InlineData("new confusion", "New confusion, one-sided weakness or trouble speaking")]
    [InlineData("Trouble speaking", "New confusion, one-sided weakness or trouble speaking")]
    [InlineData("Jaundice", "Yellow skin or eyes, or dark urine")]
    [InlineData("Dark urine", "Yellow skin or eyes, or dark urine")]
    [InlineData("Excessive thirst", "Very high thirst or passing much more urine")]
    [InlineData("Severe abdominal pain", "Severe belly pain")]
    [InlineData("Palpitations", "Pounding or racing heartbeat")]
    [InlineData("Rigors", "Shivering or shaking chills")]
    public void Safety_questions_are_found_by_their_other_names(string alias, string term) => Assert.Equal(term, ProCtcae.Find(alias)?.Term);

    [Fact]
    public void No_alias_is_another_items_term_or_shared()
    {
        var aliases = ProCtcae.Items.SelectMany(i => i.Aliases.Select(a => (Alias: a, i.Term))).ToList();
        Assert.Equal(aliases.Count, aliases.Select(a => a.Alias).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var (alias, term) in aliases) Assert.Equal(term, ProCtcae.Find(alias)!.Term);
        Assert.DoesNotContain(aliases, a => ProCtcae.Items.Any(i => string.Equals(i.Term, a.Alias, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Every_new_safety_question_reads_as_a_question()
    {
        foreach (var term in new[] { "Fainting", "Seizure", "New confusion, one-sided weakness or trouble speaking", "Yellow skin or eyes, or dark urine",
            "Very high thirst or passing much more urine", "Severe belly pain" })
        {
            var q = ProCtcae.Question(ProCtcae.Find(term)!, "presence");
            Assert.StartsWith("In the last 7 days, did you have any ", q);
            Assert.DoesNotContain(" any A ", q);
        }
    }

    [Fact]
    public void The_hallucinations_question_reads_as_a_question()
    {
        var item = ProCtcae.Find("Seeing or hearing things that are not there")!;
        Assert.Equal("In the last 7 days, did you have any HALLUCINATIONS (SEEING OR HEARING THINGS THAT OTHER PEOPLE COULD NOT SEE OR HEAR)?",
            ProCtcae.Question(item, "presence"));
    }

    [Fact]
    public void Complete_skips_follow_ups_whatever_the_case_of_the_attribute()
    {
        var done = ProCtcae.Complete([new Answer("Pain", "Frequency", 0), new Answer("Pain", "SEVERITY", 4)]);
        Assert.Equal([new Answer("Pain", "frequency", 0), new Answer("Pain", "severity", 0), new Answer("Pain", "interference", 0)], done);
    }

    private static readonly string[] Core = ["Shortness of breath", "Cough", "Pain", "Fatigue, tiredness, or lack of energy", "Decreased appetite"];
    private static readonly string[] CommonTki = ["Nausea", "Vomiting", "Loose or watery stools (diarrhea)", "Constipation", "Fatigue, tiredness, or lack of energy", "Arm or leg swelling"];

    /// <summary>Asked of everyone, in this order, last.</summary>
    private static readonly string[] SafetyItems = ["Chest pain", "Fever", "Shivering or shaking chills", "Fainting", "Seizure",
        "New confusion, one-sided weakness or trouble speaking", "Yellow skin or eyes, or dark urine", "Very high thirst or passing much more urine",
        "Severe belly pain", "Seeing or hearing things that are not there", "Sudden loss of vision", "Thoughts of harming yourself"];

    private static readonly string[] Heart = ["Dizziness", "Pounding or racing heartbeat"];

    [Fact]
    public void Without_a_TKI_the_core_set_the_common_side_effects_the_heart_questions_and_every_safety_question_are_asked()
    {
        var items = Questionnaire.For(On(null));
        Assert.Equal([.. Core, .. CommonTki.Where(t => !Core.Contains(t)), .. Heart, .. SafetyItems], items.Select(q => q.Item.Term));
        Assert.All(items.Take(5), q => Assert.Equal("core", q.Group));
        Assert.All(items.TakeLast(SafetyItems.Length), q => Assert.Equal("safety", q.Group));
    }

    public static TheoryData<string, string[]> DrugItems() => new()
    {
        { "crizotinib", ["Blurry vision", "Flashing lights", "Spots or lines (floaters)", .. Heart] },
        { "lorlatinib", ["Sad or unhappy feelings", "Feel that nothing could cheer you up", "Anxiety", "Problems with memory", "Problems with concentration", "Numbness or tingling", "Insomnia", .. Heart] },
        { "brigatinib", ["Aching muscles", .. Heart, "Blurry vision", "Rash"] },
        { "alectinib", ["Aching muscles", .. Heart, "Increased skin sensitivity to sunlight"] },
        { "ceritinib", [.. Heart] },
        { "ensartinib", ["Rash", "Increased skin sensitivity to sunlight", "Aching muscles", .. Heart] },
    };

    [Theory]
    [MemberData(nameof(DrugItems))]
    public void Each_TKI_adds_the_common_side_effects_and_its_own_items(string drug, string[] drugItems)
    {
        var items = Questionnaire.For(On(drug, 60));
        var terms = items.Select(q => q.Item.Term).ToList();
        Assert.Equal(Core, terms.Take(5));
        foreach (var t in CommonTki) Assert.Contains(t, terms);
        foreach (var t in drugItems) Assert.Equal("drug", items.Single(q => q.Item.Term == t).Group);
        // The safety questions are asked of everyone, last, self-harm the very last.
        Assert.Equal(SafetyItems, items.Where(q => q.Group == "safety").Select(q => q.Item.Term));
        Assert.Equal(items.Count, terms.Distinct().Count());
        Assert.Equal(Core.Length + (CommonTki.Length - 1) + drugItems.Length + SafetyItems.Length, items.Count);
        // Items of other drugs are not asked.
        var others = DrugItems().Where(row => (string)row[0] != drug).SelectMany(row => (string[])row[1]).Except(drugItems).Except(CommonTki);
        foreach (var t in others) Assert.DoesNotContain(t, terms);
        // The order is stable: core, common, drug, safety.
        var groupOrder = items.Select(q => Array.IndexOf(["core", "tki", "drug", "safety"], q.Group)).ToList();
        Assert.Equal(groupOrder.Order(), groupOrder);
        Assert.Equal(terms, Terms(On(drug, 60)));
        Assert.All(items, q => Assert.False(string.IsNullOrWhiteSpace(q.Why)));
    }

    [Theory]
    [InlineData("crizotinib")]
    [InlineData("ceritinib")]
    [InlineData("alectinib")]
    [InlineData("brigatinib")]
    [InlineData("lorlatinib")]
    [InlineData("ensartinib")]
    public void Dizziness_fainting_and_palpitations_are_asked_on_every_drug_whose_label_warns_of_a_slow_heart_or_its_rhythm(string drug)
    {
        var terms = Questionnaire.For(On(drug)).Select(q => q.Item.Term).ToList();
        Assert.Contains("Dizziness", terms);
        Assert.Contains("Fainting", terms);
        Assert.Contains("Pounding or racing heartbeat", terms);
    }

    public static TheoryData<string> RuleIds() => new(Triage.Rules.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_term_is_asked_for_every_drug_the_rule_applies_to(string id)
    {
        // A rule whose question is never put could never fire: each term it reads (every alternative) must be asked.
        var rule = Triage.Rules.Single(r => r.Id == id);
        static IEnumerable<RuleCondition> Leaves(IEnumerable<RuleCondition> cs) => cs.SelectMany(c => c.Any is null ? [c] : Leaves(c.Any));
        var terms = Leaves(rule.Conditions).Select(c => c.Term).OfType<string>().Where(t => t != "*").Distinct().ToList();
        string?[] drugs = rule.Drugs.Count > 0 ? [.. rule.Drugs] : [null, .. AlkNavigator.Features.Record.Vocabulary.Tkis];
        foreach (var drug in drugs)
            foreach (var day in rule.DaysOnDrugAtMost is { } max ? new[] { 0, max } : [0, 30, 400])
            {
                var asked = Questionnaire.For(On(drug, day)).Select(q => q.Item.Term).ToHashSet();
                foreach (var term in terms) Assert.True(asked.Contains(term), $"{id}: \"{term}\" is not asked on {drug ?? "no drug"} (day {day})");
            }
    }

    [Fact]
    public void A_term_asked_by_two_groups_stays_in_the_first_and_gives_both_reasons()
    {
        var lorlatinib = Questionnaire.For(On("lorlatinib"));
        var swelling = lorlatinib.Single(q => q.Item.Term == "Arm or leg swelling");
        Assert.Equal("tki", swelling.Group);
        Assert.Contains("lorlatinib", swelling.Why);
        var ceritinib = Questionnaire.For(On("ceritinib"));
        Assert.Equal("tki", ceritinib.Single(q => q.Item.Term == "Nausea").Group);
        Assert.Contains("ceritinib", ceritinib.Single(q => q.Item.Term == "Nausea").Why);
        Assert.Equal("core", ceritinib.Single(q => q.Item.Term == "Decreased appetite").Group);
        Assert.Contains("ceritinib", ceritinib.Single(q => q.Item.Term == "Decreased appetite").Why);
        Assert.Contains("alectinib", Questionnaire.For(On("alectinib")).Single(q => q.Item.Term == "Arm or leg swelling").Why);
    }

    [Fact]
    public void Brigatinib_says_breathing_matters_especially_in_the_first_week()
    {
        var day3 = Questionnaire.For(On("brigatinib", days: 3)).Single(q => q.Item.Term == "Shortness of breath");
        Assert.Equal("core", day3.Group);
        Assert.Contains("especially in the first week", day3.Why);
        Assert.Contains("especially in the first week", Questionnaire.For(On("brigatinib", days: 7)).Single(q => q.Item.Term == "Cough").Why);
        var day20 = Questionnaire.For(On("brigatinib", days: 20)).Single(q => q.Item.Term == "Shortness of breath");
        Assert.DoesNotContain("first week", day20.Why);
        Assert.Contains("Brigatinib", day20.Why);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("crizotinib")]
    [InlineData("alectinib")]
    [InlineData("brigatinib")]
    [InlineData("ceritinib")]
    [InlineData("ensartinib")]
    [InlineData("lorlatinib")]
    public void Every_patient_is_asked_about_thoughts_of_self_harm_last_and_about_hallucinations(string? drug)
    {
        var items = Questionnaire.For(On(drug));
        var selfHarm = items.Single(q => q.Item.Term == "Thoughts of harming yourself");
        Assert.Equal("safety", selfHarm.Group);
        Assert.Equal(selfHarm, items[^1]);
        Assert.Contains("Asked of everyone", selfHarm.Why);
        Assert.Equal(drug == "lorlatinib", selfHarm.Why.Contains("Lorlatinib", StringComparison.Ordinal));
        Assert.Contains(items, q => q.Item.Term == "Seeing or hearing things that are not there");
        // Its rule is urgent and not limited to a drug, so it fires for everyone.
        var rule = Triage.Rules.Single(r => r.Id == "self-harm");
        Assert.Equal(AlertLevels.Urgent, rule.Level);
        Assert.Empty(rule.Drugs);
    }

    [Fact]
    public void A_typical_lorlatinib_check_in_keeps_its_rated_items_and_asks_the_safety_questions_as_yes_or_no()
    {
        var items = Questionnaire.For(On("lorlatinib"));
        // 20 rated PRO-CTCAE items and 11 yes/no safety questions; with nothing to report each rated item is one question.
        Assert.Equal(20, items.Count(q => q.Item.IsProCtcae));
        Assert.Equal(11, items.Count(q => !q.Item.IsProCtcae));
    }

    [Fact]
    public void The_context_comes_from_the_ongoing_TKI_line_with_its_start()
    {
        var record = new PatientRecord();
        record.Treatments.Add(new TreatmentLine { Agent = "alectinib", Start = new(2021, 2, 1), End = new(2024, 5, 1), StopReason = "progression" });
        record.Treatments.Add(new TreatmentLine { Agent = "Lorlatinib", Start = new(2024, 5, 10) });
        record.Treatments.Add(new TreatmentLine { Agent = "denosumab", Start = new(2025, 1, 1) });
        var c = SymptomContext.FromRecord(record, Today);
        Assert.Equal("lorlatinib", c.Drug);
        Assert.Equal(new DateOnly(2024, 5, 10), c.DrugStart);
        Assert.Equal(Today.DayNumber - new DateOnly(2024, 5, 10).DayNumber, c.DaysOnDrug);
        Assert.Null(SymptomContext.FromRecord(new PatientRecord(), Today).Drug);
    }

    [Fact]
    public void The_context_comes_from_a_profile_file_ongoing_therapy()
    {
        var lorlatinib = File.ReadAllBytes(Path.Combine(Repo.Root, "tests/AlkNavigator.Tests/Fixtures/symptoms/lorlatinib.json"));
        var c = SymptomContext.FromProfileJson(lorlatinib, Today, out var import);
        Assert.True(import.IsValid);
        Assert.Equal(new SymptomContext("lorlatinib", new DateOnly(2024, 5, 10), Today), c);

        var crizotinib = SymptomContext.FromProfileJson(File.ReadAllBytes(Path.Combine(Repo.Root, "tests/AlkNavigator.Tests/Fixtures/symptoms/crizotinib.json")), Today, out _);
        Assert.Equal("crizotinib", crizotinib?.Drug); // no end date = ongoing

        var ended = SymptomContext.FromProfileJson(File.ReadAllBytes(Path.Combine(Repo.Root, "tests/AlkNavigator.Tests/Fixtures/profiles/D02.json")), Today, out _);
        Assert.Null(ended?.Drug);
        Assert.NotNull(ended);

        Assert.Null(SymptomContext.FromProfileJson(Encoding.UTF8.GetBytes("[1]"), Today, out var bad));
        Assert.False(bad.IsValid);
    }
}
