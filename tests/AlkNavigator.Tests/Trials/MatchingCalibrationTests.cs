using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Calibration: "likely eligible" only with positive evidence on every deciding dimension and no criterion that could exclude
/// left unread. Each class of criterion is tested on several realistic phrasings (written in the registry's style, not copied
/// from one trial), each against the patient it must rule out, and most against the patient it must not.
/// </summary>
public class MatchingCalibrationTests
{
    // ---- patients

    /// <summary>ALK-positive stage IV adenocarcinoma, treatment-naive, no brain metastases, ECOG 1, 58, in the United States.</summary>
    private static MatchProfile StageIvNaive(string? country = "US", int? age = 58) => new()
    {
        Age = age, Sex = "female", Country = country, Histology = "adenocarcinoma", Stage = "IVB", AlkStatus = "positive", Ecog = 1,
        Metastases = [new MatchSite("bone", null)], Therapies = [], Procedures = [], Biomarkers = [("ALK", "EML4-ALK fusion")],
    };

    /// <summary>As <see cref="StageIvNaive"/> after alectinib then lorlatinib, with ALK G1202R.</summary>
    private static MatchProfile AfterLorlatinib() => StageIvNaive() with
    {
        Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("lorlatinib", 2, "progression", false)],
        Biomarkers = [("ALK", "EML4-ALK fusion"), ("ALK", "G1202R")],
    };

    /// <summary>ALK-positive resected stage IB adenocarcinoma, no treatment yet.</summary>
    private static MatchProfile ResectedEarly() => StageIvNaive() with { Stage = "IB", Metastases = [], Procedures = [("surgery", "lobectomy")] };

    private static MatchProfile WithBrain(string status) => StageIvNaive() with { Metastases = [new MatchSite("bone", null), new MatchSite("brain", status)] };

    // ---- trials

    private static Trial NewTrial(string eligibility, string title = "A Study of Drug X in Advanced Non-small Cell Lung Cancer",
        string conditions = "Non-small Cell Lung Cancer", string? countries = "United States|Canada")
    {
        var t = new Trial { NctId = "NCT09999999", Title = title, Conditions = conditions, EligibilityText = eligibility, Countries = countries, Status = "RECRUITING", MinAgeYears = 18 };
        CriteriaParser.Apply(t);
        return t;
    }

    private static TrialMatch Match(MatchProfile p, string eligibility, string title = "A Study of Drug X in Advanced Non-small Cell Lung Cancer",
        string conditions = "Non-small Cell Lung Cancer", string? countries = "United States|Canada") =>
        TrialMatcher.Match(p, CatalogTrial.From(NewTrial(eligibility, title, conditions, countries)));

    private static string Inc(params string[] items) => "Inclusion Criteria:\n\n" + string.Join("\n", items.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n* Pregnant or breastfeeding";

    private static string IncExc(string[] inclusion, string[] exclusion) =>
        "Inclusion Criteria:\n\n" + string.Join("\n", inclusion.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n" + string.Join("\n", exclusion.Select(i => "* " + i));

    private const string AdvancedAlk = "Histologically or cytologically confirmed locally advanced or metastatic NSCLC with a documented ALK rearrangement";

    private static void NotLikely(TrialMatch m) => Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);

    // ---- the baseline: a plain ALK trial is likely eligible, so every test below fails for its own reason

    [Fact]
    public void An_ALK_trial_for_advanced_disease_in_the_patients_country_is_likely_eligible()
    {
        var m = Match(StageIvNaive(), Inc(AdvancedAlk, "ECOG performance status 0-1", "Age ≥ 18 years"));
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    // ---- stage and setting

    [Theory]
    [InlineData("Completely resected stage IB–IIIA NSCLC with an ALK rearrangement")]
    [InlineData("Patients with resectable stage II-IIIB NSCLC who are candidates for surgery with curative intent, ALK-positive")]
    [InlineData("ALK-positive NSCLC eligible for adjuvant therapy after complete surgical resection")]
    [InlineData("Treatment-naive ALK-positive NSCLC planned for neoadjuvant treatment followed by lobectomy")]
    [InlineData("ALK-positive lung cancer without any metastasis")]
    [InlineData("Histologically confirmed ALK-positive NSCLC with no distant metastasis")]
    [InlineData("Non-metastatic (M0) ALK-rearranged NSCLC")]
    public void Early_stage_resection_and_non_metastatic_trials_exclude_a_stage_IV_patient(string sentence)
    {
        var m = Match(StageIvNaive(), Inc(sentence), title: "A Study of Drug X in ALK-positive Lung Cancer");
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    [Theory]
    [InlineData("Metastatic disease (stage IV)")]
    [InlineData("Evidence of distant metastases")]
    [InlineData("Patients with stage IV NSCLC")]
    public void Metastatic_disease_as_an_exclusion_rules_out_a_stage_IV_patient(string exclusion)
    {
        var m = Match(StageIvNaive(), IncExc(["Histologically confirmed ALK-positive NSCLC planned for surgery"], [exclusion]), title: "A Study of Drug X in ALK-positive Lung Cancer");
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    [Theory]
    [InlineData(AdvancedAlk)]
    [InlineData("Stage IIIB–IV ALK-positive NSCLC not amenable to curative treatment")]
    [InlineData("Metastatic ALK-rearranged non-small cell lung cancer")]
    [InlineData("Advanced or recurrent ALK-positive NSCLC")]
    public void Advanced_or_metastatic_trials_exclude_a_resected_early_stage_patient(string sentence)
    {
        var m = Match(ResectedEarly(), Inc(sentence));
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    [Fact]
    public void A_candidate_for_curative_treatment_excluded_means_an_advanced_disease_trial()
    {
        var c = NewTrial(IncExc(["ALK-positive NSCLC"], ["Patients who are candidates for curative surgery or definitive chemoradiation"]), title: "Drug X in ALK-positive Lung Cancer");
        Assert.True(TrialCriteria.FromJson(c.CriteriaJson).AdvancedRequired);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(ResectedEarly(), CatalogTrial.From(c)).Verdict);
    }

    [Fact]
    public void A_resected_early_stage_patient_fits_an_adjuvant_trial()
    {
        var m = Match(ResectedEarly(), Inc("Completely resected stage IB–IIIA ALK-positive NSCLC", "ECOG 0-1"), title: "Adjuvant Drug X in Resected ALK-positive NSCLC");
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    // ---- drivers

    [Theory]
    [InlineData("Documented KRAS G12C mutation in tumour tissue", "KRAS")]
    [InlineData("NSCLC harbouring an EGFR exon 19 deletion or L858R mutation", "EGFR")]
    [InlineData("ROS1 rearrangement confirmed by a validated test", "ROS1")]
    [InlineData("Presence of a RET fusion in tumour or plasma", "RET")]
    [InlineData("Tumour with MET exon 14 skipping mutation", "MET")]
    [InlineData("Confirmed HER2 (ERBB2) activating mutation", "HER2")]
    [InlineData("NSCLC with a BRAF V600E mutation", "BRAF")]
    public void A_trial_for_another_driver_excludes_an_ALK_positive_patient(string sentence, string gene)
    {
        var t = NewTrial(Inc("Histologically confirmed metastatic NSCLC", sentence));
        Assert.StartsWith(gene, TrialCriteria.FromJson(t.CriteriaJson).OtherDriverRequired);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(StageIvNaive(), CatalogTrial.From(t)).Verdict);
        Assert.DoesNotContain("alk-targeted", t.Categories);
    }

    [Theory]
    [InlineData("Metastatic NSCLC with no ALK rearrangement")]
    [InlineData("EGFR/ALK wild-type non-squamous NSCLC")]
    [InlineData("Stage IV NSCLC without known actionable genomic alterations")]
    [InlineData("Negative for EGFR mutation and ALK rearrangement")]
    [InlineData("ALK-negative advanced NSCLC")]
    public void A_trial_excluding_ALK_is_never_likely_eligible_nor_ALK_targeted(string sentence)
    {
        var t = NewTrial(Inc(sentence), title: "Drug X in NSCLC", conditions: "Non-small Cell Lung Cancer|ALK");
        Assert.True(TrialCriteria.FromJson(t.CriteriaJson).AlkExcluded);
        Assert.Equal(Verdicts.LikelyExcluded, TrialMatcher.Match(StageIvNaive(), CatalogTrial.From(t)).Verdict);
        Assert.DoesNotContain("alk-targeted", t.Categories);
    }

    // ---- histology and tumour type

    [Theory]
    [InlineData("Histologically confirmed squamous NSCLC, stage IV", "A Study in Advanced Lung Cancer")]
    [InlineData("Histologically or cytologically confirmed extensive-stage small cell lung cancer", "A Study in Lung Cancer")]
    [InlineData("Large cell neuroendocrine carcinoma of the lung, metastatic", "A Study in Lung Cancer")]
    [InlineData("DLL3-positive advanced solid tumour (small cell lung cancer or neuroendocrine carcinoma)", "A Study in Solid Tumours")]
    [InlineData("Histologically confirmed malignant pleural mesothelioma", "A Study in Thoracic Cancers")]
    [InlineData("Relapsed or refractory ALK-positive anaplastic large cell lymphoma (ALCL)", "A Study in ALK-positive Tumours")]
    [InlineData("ALK-positive neuroblastoma or inflammatory myofibroblastic tumour (IMT)", "A Study in ALK-positive Tumours")]
    public void A_trial_for_another_histology_is_not_for_an_ALK_positive_adenocarcinoma(string sentence, string title)
    {
        var m = Match(StageIvNaive(), Inc(sentence), title: title, conditions: title.Replace("A Study in ", ""));
        Assert.True(m.Verdict is Verdicts.LikelyExcluded or Verdicts.NotRelevant, $"{m.Verdict}: {string.Join(" / ", m.Reasons.Select(r => r.Text))}");
    }

    [Fact]
    public void Squamous_or_non_squamous_NSCLC_names_no_single_histology()
    {
        var c = TrialCriteria.FromJson(NewTrial(Inc("Stage IV NSCLC of squamous or non-squamous histology")).CriteriaJson);
        Assert.Null(c.HistologyRequired);
        var k = TrialCriteria.FromJson(NewTrial(Inc("Non-small cell or small cell lung cancer: stage III/IV")).CriteriaJson);
        Assert.Null(k.HistologyRequired);
    }

    [Fact]
    public void A_lymphoma_only_ALK_trial_is_not_ALK_targeted_lung_cancer()
    {
        var t = NewTrial(Inc("Relapsed ALK-positive anaplastic large cell lymphoma"), title: "Crizotinib in ALK-positive Anaplastic Large Cell Lymphoma",
            conditions: "Anaplastic Large Cell Lymphoma, ALK-Positive");
        Assert.DoesNotContain("alk-targeted", t.Categories);
    }

    // ---- treatment history

    [Theory]
    [InlineData("Newly diagnosed stage IV NSCLC, starting pembrolizumab as first-line treatment")]
    [InlineData("Newly diagnosed advanced NSCLC scheduled to begin treatment with pembrolizumab")]
    [InlineData("Treatment-naive advanced ALK-positive NSCLC")]
    [InlineData("No prior systemic therapy for advanced or metastatic disease")]
    [InlineData("Patients must not have received any prior ALK inhibitor")]
    public void Newly_diagnosed_or_treatment_naive_trials_exclude_a_pretreated_patient(string sentence)
    {
        var m = Match(AfterLorlatinib(), Inc(AdvancedAlk, sentence));
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    [Theory]
    [InlineData("Disease progression on at least one prior ALK TKI")]
    [InlineData("Must have progressed on ≥ 2 prior ALK tyrosine kinase inhibitors")]
    [InlineData("Radiographic progression after lorlatinib")]
    [InlineData("Previously treated with lorlatinib with documented disease progression")]
    [InlineData("Must have received prior platinum-based chemotherapy")]
    public void Trials_for_pretreated_patients_exclude_a_treatment_naive_patient(string sentence)
    {
        var m = Match(StageIvNaive(), Inc(AdvancedAlk, sentence));
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    [Fact]
    public void A_patient_after_lorlatinib_fits_a_trial_that_requires_it()
    {
        var m = Match(AfterLorlatinib(), Inc(AdvancedAlk, "Radiographic progression after lorlatinib"));
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("Allowable prior therapy includes chemotherapy, immunotherapy and up to 2 ALK TKIs")]
    [InlineData("Prior chemotherapy is allowed")]
    [InlineData("Patients may have received prior platinum-based chemotherapy")]
    public void What_is_allowed_is_not_required(string sentence)
    {
        var c = TrialCriteria.FromJson(NewTrial(Inc(AdvancedAlk, sentence)).CriteriaJson);
        Assert.False(c.PriorChemoRequired);
        Assert.False(c.PretreatedRequired);
        Assert.Null(c.MinPriorAlkTkis);
        Assert.Equal(Verdicts.LikelyEligible, Match(StageIvNaive(), Inc(AdvancedAlk, sentence)).Verdict);
    }

    [Theory]
    [InlineData("ALK G1202R or compound ALK resistance mutation detected after a second-generation TKI", "G1202R")]
    [InlineData("Documented ALK I1171N mutation", "I1171N")]
    public void A_required_resistance_mutation_decides(string sentence, string mutation)
    {
        var t = NewTrial(Inc(AdvancedAlk, sentence));
        var c = TrialCriteria.FromJson(t.CriteriaJson);
        Assert.Contains(mutation, c.ResistanceMutations);
        Assert.True(c.ResistanceMutationRequired);
        Assert.Contains("resistance-mutation", t.Categories);
        Assert.Equal(Verdicts.LikelyExcluded, Match(StageIvNaive() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("ALK", "L1196M")] }, Inc(AdvancedAlk, sentence)).Verdict);
    }

    // ---- age

    [Theory]
    [InlineData("Age > 70 years", 71, null)]
    [InlineData("Aged 18 to 75 years", 18, 75)]
    [InlineData("Patients under 50 years of age", null, 49)]
    [InlineData("≥ 65 years of age at screening", 65, null)]
    [InlineData("Age between 18 and 80 years", 18, 80)]
    [InlineData("Patients aged 70 years or older", 70, null)]
    [InlineData("Over the age of 18", 18, null)]
    public void Age_limits_are_read_in_all_phrasings(string sentence, int? min, int? max)
    {
        var (lo, hi) = CriteriaParser.AgeBounds(sentence);
        Assert.Equal(min, lo);
        Assert.Equal(max, hi);
    }

    [Theory]
    [InlineData("Life expectancy of at least 12 weeks")]
    [InlineData("No other malignancy within 5 years")]
    [InlineData("Former smokers who quit more than 15 years ago")]
    public void Numbers_that_are_not_ages_are_not_read_as_ages(string sentence) => Assert.Equal((null, null), CriteriaParser.AgeBounds(sentence));

    [Theory]
    [InlineData(new[] { "ALK-positive advanced NSCLC", "Age > 70" }, new string[0], 58)]
    [InlineData(new[] { "ALK-positive advanced NSCLC", "Patients under 50" }, new string[0], 58)]
    [InlineData(new[] { "ALK-positive advanced NSCLC" }, new[] { "Patients older than 80 are excluded" }, 84)]
    [InlineData(new[] { "ALK-positive advanced NSCLC", "Aged 18 to 75 years" }, new string[0], 77)]
    public void An_age_limit_in_the_text_excludes(string[] inclusion, string[] exclusion, int age)
    {
        var m = Match(StageIvNaive(age: age), IncExc(inclusion, exclusion.Length == 0 ? ["Pregnancy"] : exclusion));
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Criterion == "age" && r.Kind == "excludes");
    }

    // ---- brain metastases

    [Theory]
    [InlineData("Active or untreated brain metastases", "active", Verdicts.LikelyExcluded)]
    // "Active" in the record means untreated or growing, not symptomatic: an exclusion of symptomatic ones only is to check
    // (a blind-labelled set, 2026-12-07); one that names untreated or progressing ones too excludes.
    [InlineData("Symptomatic CNS metastases requiring steroids", "active", Verdicts.PossiblyEligible)]
    [InlineData("Symptomatic or untreated CNS metastases", "active", Verdicts.LikelyExcluded)]
    [InlineData("Leptomeningeal disease", "leptomeningeal", Verdicts.LikelyExcluded)]
    [InlineData("Known brain metastases", "treated-stable", Verdicts.LikelyExcluded)]
    [InlineData("Untreated or progressing brain metastases; treated, stable brain metastases are allowed", "treated-stable", Verdicts.LikelyEligible)]
    [InlineData("Active brain metastases", "present", Verdicts.PossiblyEligible)]
    public void Brain_metastasis_exclusions_use_the_patients_brain_status(string exclusion, string brain, string verdict)
    {
        var m = Match(WithBrain(brain), IncExc([AdvancedAlk], [exclusion]));
        Assert.Equal(verdict, m.Verdict);
    }

    [Fact]
    public void Must_not_have_CNS_metastases_among_the_inclusions_is_an_exclusion()
    {
        var m = Match(WithBrain("active"), Inc(AdvancedAlk, "Participants must not have symptomatic central nervous system (CNS) metastases"));
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    // ---- performance status

    [Theory]
    [InlineData("ECOG 0-1")]
    [InlineData("Performance status ≤ 1")]
    [InlineData("Karnofsky performance status ≥ 80")] // ≥ 70 leaves ECOG 2 to check: MatchingBlindSetTests
    [InlineData("WHO performance status 0 or 1")]
    public void Performance_status_limits_exclude_ECOG_2(string sentence)
    {
        var m = Match(StageIvNaive() with { Ecog = 2 }, Inc(AdvancedAlk, sentence));
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    // ---- calibration: an unread criterion that could exclude

    [Theory]
    [InlineData(new[] { AdvancedAlk, "Tumour must carry a KRAS alteration detected by an approved assay" }, new string[0])]
    [InlineData(new[] { AdvancedAlk, "Must be eligible for first-line treatment per investigator judgement" }, new string[0])]
    // "Received more than one prior line of systemic therapy" is read now (MaxPriorLines): MatchingBlindSetTests.
    public void A_criterion_the_parser_did_not_understand_makes_it_possibly_eligible_with_the_criterion_quoted(string[] inclusion, string[] exclusion)
    {
        var p = exclusion.Length > 0 ? AfterLorlatinib() with { Biomarkers = [("ALK", "EML4-ALK fusion")] } : StageIvNaive();
        var m = Match(p, IncExc(inclusion, exclusion.Length == 0 ? ["Pregnancy"] : exclusion));
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        var check = Assert.Single(m.Reasons, r => r.Criterion == "to check");
        Assert.Equal("unknown", check.Kind);
        Assert.Contains((inclusion.Skip(1).Concat(exclusion)).Single(), check.Text);
    }

    [Fact]
    public void Missing_patient_data_on_a_deciding_dimension_gives_possibly_not_likely()
    {
        var eligibility = Inc(AdvancedAlk, "At least one prior ALK TKI");
        Assert.Equal(Verdicts.PossiblyEligible, Match(AfterLorlatinib() with { Stage = null, Metastases = null }, eligibility).Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(AfterLorlatinib() with { Therapies = null }, eligibility).Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(AfterLorlatinib() with { AlkStatus = null, Biomarkers = null }, eligibility).Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(AfterLorlatinib() with { Histology = null }, Inc(AdvancedAlk, "Non-squamous histology")).Verdict);
    }

    // ---- location

    [Theory]
    [InlineData("US")]
    [InlineData("USA")]
    [InlineData("United States")]
    [InlineData("UNITED STATES")]
    public void The_patients_country_matches_however_it_is_written(string country)
    {
        Assert.Equal(Verdicts.LikelyEligible, Match(StageIvNaive(country), Inc(AdvancedAlk)).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(StageIvNaive(country), Inc(AdvancedAlk), countries: "Canada|United States of America").Verdict);
    }

    [Theory]
    [InlineData("GB")]
    [InlineData("UK")]
    [InlineData("United Kingdom")]
    [InlineData("GBR")]
    public void The_United_Kingdom_matches_however_it_is_written(string country) =>
        Assert.Equal(Verdicts.LikelyEligible, Match(StageIvNaive(country), Inc(AdvancedAlk), countries: "France|United Kingdom").Verdict);

    [Fact]
    public void A_trial_with_all_sites_abroad_is_possibly_eligible_with_travel_and_ranks_below_one_at_home()
    {
        var p = StageIvNaive("DE");
        var abroad = Match(p, Inc(AdvancedAlk), countries: "United States|Japan");
        Assert.Equal(Verdicts.PossiblyEligible, abroad.Verdict);
        Assert.Contains(abroad.Reasons, r => r.Criterion == "country" && r.Text.Contains("nearest sites: United States, Japan, travel needed", StringComparison.Ordinal));

        var home = NewTrial(Inc(AdvancedAlk, "Measurable disease per RECIST 1.1"), countries: "Germany");
        home.NctId = "NCT09999998";
        var away = NewTrial(Inc(AdvancedAlk), countries: "United States");
        var ranked = TrialMatcher.Rank(p, [CatalogTrial.From(away), CatalogTrial.From(home)]);
        Assert.Equal("NCT09999998", ranked[0].Nct);
    }

    [Fact]
    public void A_trial_without_listed_sites_is_at_most_possibly_eligible()
    {
        var m = Match(StageIvNaive(), Inc(AdvancedAlk), countries: null);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Criterion == "country" && r.Kind == "unknown");
    }

    // ---- categories

    [Fact]
    public void After_lorlatinib_and_resistance_mutation_categories_find_the_trials_about_them()
    {
        var after = NewTrial(Inc(AdvancedAlk, "Disease progression on lorlatinib"), title: "Drug X in ALK-positive NSCLC After Lorlatinib");
        Assert.Contains("after-lorlatinib", after.Categories);
        Assert.Contains("alk-targeted", after.Categories);
        var third = NewTrial(Inc(AdvancedAlk, "At least one prior ALK TKI"), title: "Drug X in ALK-positive NSCLC Previously Treated With a Third-generation ALK Inhibitor");
        Assert.Contains("after-lorlatinib", third.Categories);
        var mutations = NewTrial(Inc(AdvancedAlk, "At least one prior ALK TKI"), title: "Drug X for ALK Resistance Mutations Including Compound Mutations");
        Assert.Contains("resistance-mutation", mutations.Categories);
        var plain = NewTrial(Inc(AdvancedAlk), title: "Drug X in ALK-positive NSCLC");
        Assert.DoesNotContain("after-lorlatinib", plain.Categories);
        Assert.DoesNotContain("resistance-mutation", plain.Categories);
    }
}
