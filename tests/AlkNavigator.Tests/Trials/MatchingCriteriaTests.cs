using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>Criterion understanding: real eligibility sentences of the seed studies (and ALK-trial wording) → TrialCriteria.</summary>
public class MatchingCriteriaTests
{
    private static TrialCriteria Parse(string eligibility, string conditions = "Non-small Cell Lung Cancer", string title = "A study in NSCLC") =>
        CriteriaParser.Parse(new Trial { NctId = "NCT00000000", Title = title, Conditions = conditions, EligibilityText = eligibility });

    private static string Inclusion(params string[] items) => "Inclusion Criteria:\n\n" + string.Join("\n", items.Select(i => "* " + i));

    private static string Exclusion(params string[] items) => "Inclusion Criteria:\n\n* Age 18 or older\n\nExclusion Criteria:\n\n" + string.Join("\n", items.Select(i => "* " + i));

    [Theory]
    [InlineData("Participants with sensitising EGFR mutations or ALK translocations.")] // NCT05061550
    [InlineData("Patients whose tumors harbor known first line treatment druggable gene abnormalities (e.g. EGFR, BRAF, ALK, ROS1).")] // NCT05415358
    [InlineData("Any known major driver gene alterations other than RET.")] // NCT05443126
    [InlineData("Tumors harboring driver mutations/genetic aberrations for which targeted therapies are approved as frontline treatment (e.g. EGFR mutation, ALK fusion oncogene, ROS1 aberrations)")] // NCT06162572
    public void An_exclusion_listing_ALK_or_any_other_driver_excludes_ALK_positive_patients(string sentence)
    {
        var c = Parse(Exclusion(sentence));
        Assert.True(c.AlkExcluded);
        Assert.Equal(sentence, c.Quote(nameof(TrialCriteria.AlkExcluded)));
    }

    [Theory]
    [InlineData("Confirmed EGFR and ALK mutation-negative disease based on testing consistent with local guidelines.")] // NCT04093167
    [InlineData("Have histologically or cytologically confirmed diagnosis of Stage IV NSCLC without actionable EGFR mutation or ALK rearrangement")]
    [InlineData("Participants with nonsquamous NSCLC who are not eligible for an approved targeted therapy")]
    public void An_inclusion_asking_for_ALK_negative_or_no_driver_excludes_ALK_positive_patients(string sentence) =>
        Assert.True(Parse(Inclusion(sentence)).AlkExcluded);

    [Fact]
    public void A_driver_other_than_ALK_excluded_means_an_ALK_trial()
    {
        // NCT05384626 (NVL-655)
        var c = Parse("Inclusion Criteria:\n\n1. Phase 2 Cohorts except 2f: Histologically or cytologically confirmed locally advanced or metastatic NSCLC with a documented ALK rearrangement\n\n" +
                      "Exclusion criteria:\n\n1. Patient's cancer has a known oncogenic driver alteration other than ALK.");
        Assert.True(c.AlkRequired);
        Assert.False(c.AlkExcluded);
        Assert.True(c.AdvancedRequired);
    }

    [Fact]
    public void A_cohort_for_patients_without_drivers_is_set_aside_when_another_cohort_takes_them()
    {
        // NCT06907615: "1. Subjects without actionable genomic alterations (AGAs): ... negative test results for EGFR and ALK" / "2. Subjects with AGAs: ..."
        var c = Parse("Inclusion Criteria:\n\n* Histologically confirmed metastatic (stage IV) NSCLC, and should meet the following criteria:\n\n" +
                      "  1. Subjects without actionable genomic alterations (AGAs):\n\n     * Subjects with non-squamous NSCLC must have documented negative test results for EGFR and ALK alterations.\n" +
                      "  2. Subjects with AGAs:\n\n     * Previous test results confirming the presence of one or more actionable genomic alterations;\n" +
                      "     * Prior standard treatment failure of ≥ 1 line, including at least targeted therapy for driver gene alterations (patients with EGFR mutations must be previously treated with EGFR inhibitors) and platinum-based chemotherapy;");
        Assert.False(c.AlkExcluded);
        Assert.True(c.PriorChemoRequired);
        Assert.True(c.PretreatedRequired);
        Assert.Null(c.OtherDriverRequired);
    }

    [Theory]
    [InlineData("Must have received prior lorlatinib and had disease progression on it.", "lorlatinib")]
    [InlineData("Radiographic disease progression on lorlatinib as the most recent ALK TKI.", "lorlatinib")]
    public void A_named_prior_agent_is_required(string sentence, string agent)
    {
        var c = Parse(Inclusion("Locally advanced or metastatic ALK-positive NSCLC", sentence));
        Assert.Contains(agent, c.AgentsRequired);
        Assert.True(c.AlkRequired);
        Assert.Equal(1, c.MinPriorAlkTkis ?? 1);
    }

    [Fact]
    public void Counts_of_prior_ALK_TKIs_and_excluded_agents_are_read()
    {
        var c = Parse(Inclusion("Documented ALK rearrangement", "Received at least 2 prior ALK tyrosine kinase inhibitors", "No more than 3 prior ALK TKIs") +
                      "\n\nExclusion Criteria:\n\n* Prior treatment with lorlatinib.");
        Assert.Equal(2, c.MinPriorAlkTkis);
        Assert.Equal(3, c.MaxPriorAlkTkis);
        Assert.Contains("lorlatinib", c.AgentsExcluded);
    }

    [Theory]
    [InlineData("Has known active central nervous system (CNS) metastases and/or carcinomatous meningitis", false, true, true)] // NCT04165070
    [InlineData("Known central nervous system (CNS) and brain metastasis, including asymptomatic cases.", true, false, false)] // NCT06150664
    [InlineData("Individual with known or suspected uncontrolled central nervous system (CNS) metastases", false, true, false)] // NCT06400472
    [InlineData("Spinal cord compression or brain metastases, unless asymptomatic and are stable.", false, true, false)] // NCT05261399
    [InlineData("Known symptomatic brain metastases.", false, true, false)] // NCT05720117
    public void Brain_metastases_exclusions_tell_any_from_active_and_leptomeningeal(string sentence, bool any, bool active, bool lepto)
    {
        var c = Parse(Exclusion(sentence));
        Assert.Equal(any, c.BrainMetsExcluded);
        Assert.Equal(active, c.ActiveBrainMetsExcluded);
        Assert.Equal(lepto, c.LeptomeningealExcluded);
    }

    [Fact]
    public void A_primary_CNS_tumour_or_CNS_leukaemia_is_not_about_brain_metastases()
    {
        var c = Parse(Exclusion("SCREENING: Primary tumors of the central nervous system.", "Active CNS leukemia"));
        Assert.False(c.BrainMetsExcluded);
        Assert.False(c.ActiveBrainMetsExcluded);
    }

    [Theory]
    [InlineData("Clinical performance status of ECOG 0 or 1.", 1, 0)] // NCT00068003
    [InlineData("Zubrod performance status 0-2", 2, 0)] // NCT02178163
    [InlineData("ECOG score of 0, 1, or 2.", 2, 0)] // NCT05168566
    [InlineData("Eastern Cooperative Oncology Group (ECOG) performance status of less than or equal to 2", 2, 0)] // NCT02596490
    [InlineData("Have a Karnofsky performance status \\>= 60", 2, null)] // NCT07216404
    [InlineData("Eastern Cooperative Oncology Group (ECOG) 2-4", 4, 2)] // NCT07275216
    [InlineData("ECOG PS - 0/1-2.", 2, 0)]
    public void Performance_status_is_read_as_an_ECOG_range(string sentence, int max, int? min)
    {
        var (emax, emin) = CriteriaParser.EcogOf(sentence.Replace("\\", ""));
        Assert.Equal(max, emax);
        if (min is not null) Assert.Equal(min, emin);
    }

    [Fact]
    public void Neoadjuvant_resectable_setting_and_its_stages_are_read()
    {
        // NCT06385262
        var c = Parse(Inclusion("Clinical stage IB, IIA/IIB, or III (N0-2) amenable to surgical resection."), title: "Neoadjuvant Chemotherapy Before Surgery in NSCLC");
        Assert.True(c.EarlyRequired);
        Assert.True(c.NotYetResectedRequired);
        Assert.False(c.AdvancedRequired);
        Assert.Equal(["IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC"], c.Stages);
    }

    [Fact]
    public void Unresectable_stage_III_is_advanced_not_early()
    {
        // NCT06119581
        var c = Parse(Inclusion("Histologically or cytologically confirmed NSCLC with Stage IIIB-IIIC or Stage IV disease, not suitable for curative intent radical surgery or radiation therapy."));
        Assert.True(c.AdvancedRequired);
        Assert.False(c.EarlyRequired);
        Assert.Equal(["IIIB", "IIIC", "IVA", "IVB"], c.Stages);
    }

    [Theory]
    [InlineData("Stage IIA to Stage IIIB", new[] { "IIA", "IIB", "IIIA", "IIIB" })]
    [InlineData("stage III/IV", new[] { "IIIA", "IIIB", "IIIC", "IVA", "IVB" })]
    [InlineData("Stage IV or recurrent", new[] { "IVA", "IVB" })]
    [InlineData("Gold Stage IV COPD", new string[0])]
    public void Stage_ranges_expand_to_AJCC_groups(string text, string[] expected) => Assert.Equal(expected, CriteriaParser.Stages(text));

    [Fact]
    public void Pretreated_and_treatment_naive_requirements_are_read()
    {
        Assert.True(Parse(Inclusion("Advanced/metastatic solid tumors, for which no standard therapy exists or standard therapy has failed")).PretreatedRequired); // NCT04423029
        Assert.True(Parse(Inclusion("Participants must have Metastatic (Stage IV or recurrent) non-small cell lung cancer (NSCLC) with no prior systemic anti-cancer therapy for metastatic disease.")).TreatmentNaiveRequired); // NCT07063745
        // "has not received systemic therapy since the biopsy" is about the specimen, not treatment history (NCT02178163).
        Assert.False(Parse(Inclusion("A biopsy of the patient's tumor is required; this can be an already obtained specimen provided the patient has not received systemic therapy since the biopsy has been obtained.")).TreatmentNaiveRequired);
    }

    [Fact]
    public void A_required_second_driver_is_named_and_a_multi_cancer_list_does_not_invent_one()
    {
        Assert.Equal("KRAS G12C", Parse(Inclusion("Documented KRAS G12C mutation"), title: "Sotorasib in KRAS G12C-Mutant NSCLC").OtherDriverRequired);
        // NCT05720117: HER2 belongs to the breast cancer cohort.
        Assert.Null(Parse(Inclusion("Histologically or cytologically confirmed solid tumors including locally advanced/metastatic NSCLC, HR+ and HER2- breast cancer, HR- and HER2-positive breast cancer, TNBC, HNSCC"),
            conditions: "Solid Tumor|Advanced Solid Tumor").OtherDriverRequired);
    }

    [Fact]
    public void Resistance_mutations_are_ALK_kinase_domain_only() =>
        Assert.Equal(["G1202R", "L1196M"], CriteriaParser.MutationNames("ALK G1202R or L1196M; EGFR T790M and C797S are not ALK"));

    [Theory]
    [InlineData("Fanconi Anemia|Severe Marrow Failure", "A Phase II Trial of HSCT for Fanconi Anemia", "non-cancer")]
    [InlineData("Small Cell Lung Cancer|SCLC|Extensive Stage Small Cell Lung Cancer", "Durvalumab in extensive-stage SCLC", "other-cancer")]
    [InlineData("Advanced Solid Tumor", "A First-in-Human Study in Advanced Solid Tumors", "solid-tumours")]
    [InlineData("Carcinoma, Non-Small-Cell Lung", "KEYMAKER-U01", "nsclc")]
    public void The_disease_comes_from_conditions_and_titles(string conditions, string title, string disease) =>
        Assert.Equal(disease, Parse(Inclusion("Age 18 or older"), conditions, title).Disease);

    [Fact]
    public void A_survey_of_clinicians_is_not_for_patients()
    {
        var c = Parse(Inclusion("Board-certified pulmonologists practicing in the United States"), "COVID-19 Infection|Malignant Solid Neoplasm", "The Impact of COVID-19 on Pulmonary Procedures: A Nationwide Survey");
        Assert.Equal(DiseaseKinds.NonCancer, c.Disease);
    }

    [Fact]
    public void Apply_writes_criteria_json_and_categories_for_every_seed_study()
    {
        foreach (var t in MatchingFixtures.Trials)
        {
            var c = TrialCriteria.FromJson(t.CriteriaJson);
            Assert.NotEqual("{}", t.CriteriaJson);
            Assert.Equal(CriteriaParser.Parse(t).ToJson(), t.CriteriaJson);
            Assert.All(t.Categories.Split('|', StringSplitOptions.RemoveEmptyEntries), id => Assert.NotNull(TrialCategories.Label(id)));
            Assert.NotNull(c.Disease);
        }
        var nvl = MatchingFixtures.Trial("NCT05384626");
        Assert.Contains("alk-targeted", nvl.Categories.Split('|'));
    }

    [Fact]
    public void Eligibility_text_splits_into_inclusion_and_exclusion_with_headings_kept_as_parents()
    {
        var items = CriteriaParser.Split("Inclusion Criteria:\n\n* A\n  * A1\n* B\n\nExclusion Criteria:\n\n1. C\n2. D \\> 3");
        Assert.Equal(["A", "A1", "B"], items.Where(i => !i.Exclusion).Select(i => i.Text));
        Assert.Equal(["C", "D > 3"], items.Where(i => i.Exclusion).Select(i => i.Text));
        Assert.Equal("A", items.Single(i => i.Text == "A1").Parent);
    }

    [Theory]
    [InlineData("Patients with treated, stable brain metastases are eligible.", true)]
    [InlineData("Participants with untreated asymptomatic brain metastases smaller or equal to 2 cm in size and not requiring corticosteroid treatment are eligible.", false)] // NCT06593522
    [InlineData("Patients with asymptomatic CNS metastases are eligible.", false)]
    public void Brain_metastases_allowed_in_the_inclusion_criteria_say_whether_active_ones_are(string sentence, bool activeExcluded)
    {
        var c = Parse(Inclusion("Metastatic ALK-positive NSCLC", sentence));
        Assert.True(c.BrainMetsAllowed);
        Assert.Equal(activeExcluded, c.ActiveBrainMetsExcluded);
    }

    [Theory]
    [InlineData("ALK TKI-naïve patients", false)]
    [InlineData("No prior treatment with an ALK inhibitor", false)]
    [InlineData("Disease progression on at least one second-generation ALK TKI (alectinib, brigatinib or ceritinib)", true)]
    public void First_line_and_after_TKI_ALK_trials_are_told_apart(string sentence, bool afterTki)
    {
        var c = Parse(Inclusion("Locally advanced or metastatic NSCLC with a documented ALK rearrangement", sentence));
        Assert.True(c.AlkRequired);
        Assert.Equal(!afterTki, c.PriorAlkTkiExcluded);
        Assert.Equal(afterTki ? 1 : null, c.MinPriorAlkTkis);
        Assert.Empty(c.AgentsRequired);
    }

    // ------------------------------------------------------------------ review fixes

    [Fact]
    public void Progression_on_or_intolerance_to_an_agent_requires_it()
    {
        var c = Parse(Inclusion("Locally advanced or metastatic ALK-positive NSCLC", "Disease progression on or intolerance to lorlatinib"));
        Assert.Contains("lorlatinib", c.AgentsRequired);
        Assert.DoesNotContain("lorlatinib", c.AgentsExcluded);
        Assert.False(c.PriorAlkTkiExcluded);
    }

    [Fact]
    public void A_permitted_clause_leaves_the_required_agent_of_the_other_clause()
    {
        var c = Parse(Inclusion("Documented ALK rearrangement", "Must have progressed on lorlatinib and may have received prior chemotherapy"));
        Assert.Contains("lorlatinib", c.AgentsRequired);
        Assert.False(c.PriorChemoRequired);
    }

    [Theory]
    [InlineData("Prior treatment with crizotinib is allowed")]
    [InlineData("Prior treatment with crizotinib is permitted.")]
    [InlineData("Patients may have received prior crizotinib")]
    public void Permissive_wording_about_an_agent_is_neutral(string sentence)
    {
        var c = Parse(Inclusion("Documented ALK rearrangement", sentence));
        Assert.Empty(c.AgentsRequired);
        Assert.Empty(c.AgentsExcluded);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.Null(c.MinPriorAlkTkis);
    }

    [Fact]
    public void A_permitted_clause_does_not_turn_a_minimum_into_an_exclusion()
    {
        var c = Parse(Inclusion("Documented ALK rearrangement", "Previously treated with at least 1 ALK TKI; prior chemotherapy is permitted"));
        Assert.Equal(1, c.MinPriorAlkTkis);
        Assert.Null(c.MaxPriorAlkTkis);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.False(c.PriorChemoRequired);
    }

    [Theory]
    [InlineData("Received one or two prior ALK TKIs")]
    [InlineData("1 to 2 prior ALK TKIs")]
    public void A_range_of_prior_ALK_TKIs_sets_both_bounds(string sentence)
    {
        var c = Parse(Inclusion("Documented ALK rearrangement", sentence));
        Assert.Equal(1, c.MinPriorAlkTkis);
        Assert.Equal(2, c.MaxPriorAlkTkis);
        Assert.False(c.PriorAlkTkiExcluded);
    }

    [Fact]
    public void More_than_N_prior_ALK_TKIs_in_the_exclusions_caps_the_count()
    {
        var c = Parse(Exclusion("Received more than 2 prior ALK TKIs"));
        Assert.Equal(2, c.MaxPriorAlkTkis);
        Assert.False(c.PriorAlkTkiExcluded);
    }

    [Fact]
    public void An_ALK_inhibitor_other_than_crizotinib_spares_crizotinib()
    {
        var trial = CatalogTrial.From(Apply(Exclusion("Prior treatment with an ALK inhibitor other than crizotinib")));
        var c = trial.Criteria;
        Assert.True(c.PriorAlkTkiExcluded);
        Assert.DoesNotContain("crizotinib", c.AgentsExcluded);
        Assert.Equal(["crizotinib"], c.PriorAlkTkisAllowed);
        Assert.NotEqual(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("crizotinib"), trial).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("alectinib"), trial).Verdict);
    }

    [Fact]
    public void A_third_generation_ALK_inhibitor_means_lorlatinib_not_any_TKI()
    {
        var trial = CatalogTrial.From(Apply(Exclusion("Prior exposure to a third-generation ALK inhibitor")));
        Assert.False(trial.Criteria.PriorAlkTkiExcluded);
        Assert.Contains("lorlatinib", trial.Criteria.AgentsExcluded);
        Assert.DoesNotContain("alectinib", trial.Criteria.AgentsExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("alectinib"), trial).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("alectinib", "lorlatinib"), trial).Verdict);
    }

    [Fact]
    public void An_ALK_negative_keyword_is_not_an_ALK_trial_and_an_inclusion_ALK_exclusion_stands()
    {
        var negKeyword = CriteriaParser.Parse(new Trial
        {
            NctId = "NCT00000000", Title = "Chemotherapy in NSCLC", Conditions = "Non-small Cell Lung Cancer", Keywords = "EGFR|ALK Negative|Chemotherapy",
            EligibilityText = Inclusion("Stage IV NSCLC"),
        });
        Assert.False(negKeyword.AlkRequired);

        var both = Parse(Inclusion("No EGFR mutation or ALK rearrangement", "Stage IV NSCLC"), conditions: "Non-small Cell Lung Cancer|ALK Gene Rearrangement");
        Assert.True(both.AlkExcluded);
    }

    [Fact]
    public void An_unrelated_not_does_not_negate_a_required_ALK_fusion()
    {
        var c = Parse(Inclusion("Advanced solid tumour not amenable to standard therapy, harbouring an ALK fusion"), conditions: "Solid Tumor", title: "A study in solid tumours");
        Assert.True(c.AlkRequired);
        Assert.False(c.AlkExcluded);
    }

    [Theory]
    [InlineData("Tumours must not harbour an ALK fusion", true)]
    [InlineData("Patients must not have an ALK rearrangement", true)]
    [InlineData("No known ALK rearrangement", true)]
    [InlineData("Documented negative test for EGFR and ALK", true)]
    [InlineData("NSCLC without EGFR, ALK or ROS1 alterations", true)]
    [InlineData("Solid tumour not amenable to standard therapy, harbouring an ALK fusion", false)]
    [InlineData("Patients not candidates for curative therapy with a documented ALK rearrangement", false)]
    [InlineData("Advanced NSCLC with no standard options remaining and an ALK fusion", false)]
    public void An_ALK_negation_must_govern_ALK(string sentence, bool excluded)
    {
        var c = Parse(Inclusion(sentence), conditions: "Solid Tumor", title: "A study in solid tumours");
        Assert.Equal(excluded, c.AlkExcluded);
        Assert.Equal(!excluded, c.AlkRequired);
    }

    [Theory]
    [InlineData("ECOG performance status of 1 or less", 1)]
    [InlineData("ECOG performance status 2 or lower", 2)]
    [InlineData("ECOG performance status of 2 or below", 2)]
    [InlineData("ECOG performance status of 2 or better", 2)]
    [InlineData("ECOG performance status 0 through 2", 2)]
    [InlineData("ECOG performance status 0 to 2", 2)]
    [InlineData("ECOG performance status 0-2", 2)]
    [InlineData("ECOG performance status of 1", 1)]
    public void A_single_ECOG_number_is_a_maximum_never_a_minimum(string sentence, int max)
    {
        var (emax, emin) = CriteriaParser.EcogOf(sentence);
        Assert.Equal(max, emax);
        Assert.True(emin is null or 0, $"min {emin}");
        Assert.Null(Parse(Inclusion(sentence)).EcogMin);
    }

    [Theory]
    [InlineData("Prior treatment with an ALK TKI (e.g., crizotinib)")]
    [InlineData("Prior treatment with an ALK TKI such as alectinib")]
    [InlineData("Progression on prior ALK inhibitor therapy (including lorlatinib)")]
    [InlineData("Progression on prior ALK inhibitor therapy, for example lorlatinib")]
    public void Agents_given_as_examples_are_not_required(string sentence)
    {
        var c = Parse(Inclusion("Documented ALK rearrangement", sentence));
        Assert.Empty(c.AgentsRequired);
        Assert.Equal(1, c.MinPriorAlkTkis);
    }

    [Theory]
    [InlineData("Stage IC to IIIA NSCLC")]
    [InlineData("Stage IIIB to IVC")]
    [InlineData("stage to IVC")]
    public void Odd_stage_tokens_do_not_throw(string text)
    {
        var stages = CriteriaParser.Stages(text);
        Assert.NotNull(stages);
    }

    [Theory]
    [InlineData("Inclusion Criteria:\n\n* Stage IC to IIIA NSCLC\n* ECOG 0 through 2")]
    [InlineData("Exclusion Criteria:\n\n*\n* )(\n* stage IVC to\n* more than 3 prior ALK")]
    [InlineData("* ALK\n  * ALK\n    * ALK negative (\n* e.g.\n* other than")]
    public void Apply_never_throws_on_odd_text(string text)
    {
        var t = new Trial { NctId = "NCT00000000", Title = "ALK", Conditions = "|ALK|", Keywords = "|", EligibilityText = text };
        var ex = Xunit.Record.Exception(() => CriteriaParser.Apply(t));
        Assert.Null(ex);
        Assert.NotNull(TrialCriteria.FromJson(t.CriteriaJson));
    }

    [Fact]
    public void Brand_and_code_names_of_ALK_TKIs_are_read_as_agents()
    {
        var c = Parse(Inclusion("Documented ALK rearrangement", "Disease progression on Lorbrena") + "\n\nExclusion Criteria:\n\n* Prior treatment with NVL-655");
        Assert.Contains("lorlatinib", c.AgentsRequired);
        Assert.Contains("neladalkib", c.AgentsExcluded);
    }

    [Fact]
    public void An_unreadable_criteria_flag_says_so_in_the_reasons()
    {
        var trial = new CatalogTrial("NCT00000000", "A study", "RECRUITING", null, [], null, "", new TrialCriteria { Disease = DiseaseKinds.Nsclc, ParseIncomplete = true });
        var m = TrialMatcher.Match(Profile("alectinib"), trial);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Criterion == "eligibility");
    }

    [Theory]
    [InlineData("Prior treatment with a next-generation ALK inhibitor")]
    [InlineData("Prior treatment with a next generation ALK TKI")]
    [InlineData("Previous exposure to any later-generation ALK inhibitor")]
    public void A_next_generation_ALK_inhibitor_means_any_ALK_TKI_after_crizotinib(string sentence)
    {
        var trial = CatalogTrial.From(Apply(Exclusion(sentence)));
        var c = trial.Criteria;
        foreach (var agent in new[] { "ceritinib", "alectinib", "brigatinib", "lorlatinib", "ensartinib" })
            Assert.Contains(agent, c.AgentsExcluded);
        Assert.DoesNotContain("crizotinib", c.AgentsExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("crizotinib"), trial).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("alectinib"), trial).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("crizotinib", "ceritinib"), trial).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(Profile("ensartinib"), trial).Verdict);
    }

    [Fact]
    public void Next_generation_sequencing_is_not_a_generation_of_ALK_inhibitor()
    {
        var c = CatalogTrial.From(Apply(Exclusion("Prior ALK inhibitor therapy unless an ALK resistance mutation was found by next-generation sequencing"))).Criteria;
        Assert.DoesNotContain("alectinib", c.AgentsExcluded);
        Assert.DoesNotContain("lorlatinib", c.AgentsExcluded);
    }

    [Fact]
    public void A_second_generation_ALK_inhibitor_keeps_its_meaning_and_excludes_neither_crizotinib_nor_lorlatinib()
    {
        var c = CatalogTrial.From(Apply(Exclusion("Prior treatment with a second-generation ALK inhibitor"))).Criteria;
        foreach (var agent in new[] { "ceritinib", "alectinib", "brigatinib", "ensartinib" })
            Assert.Contains(agent, c.AgentsExcluded);
        Assert.DoesNotContain("crizotinib", c.AgentsExcluded);
        Assert.DoesNotContain("lorlatinib", c.AgentsExcluded);
    }

    private static Trial Apply(string eligibility)
    {
        var t = new Trial { NctId = "NCT00000000", Title = "A study in ALK-positive NSCLC", Conditions = "Non-small Cell Lung Cancer", EligibilityText = eligibility, Status = "RECRUITING" };
        CriteriaParser.Apply(t);
        return t;
    }

    private static MatchProfile Profile(params string[] tkis) => new()
    {
        AlkStatus = "positive", Stage = "IVB", Ecog = 1, Age = 55,
        Therapies = tkis.Select((a, k) => new MatchTherapy(a, k + 1, k == tkis.Length - 1 ? null : "progression", k == tkis.Length - 1)).ToList(),
        Metastases = [], Biomarkers = [],
    };
}
