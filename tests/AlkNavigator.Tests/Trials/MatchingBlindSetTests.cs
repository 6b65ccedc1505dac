using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Classes of criteria a blind-labelled set (60 cases written and labelled by a helper that never saw the matcher) found read
/// wrongly, each written here in other phrasings than that set's: stages an inclusion names to rule them out, squamous histology
/// excluded inside an inclusion, permissive prior-therapy items ("permitted but not required"), performance status given as an
/// exclusion or on another scale or for some patients only, a non-TKI ALK-directed class, and an exclusion about the trial's own
/// cancer in an adjuvant trial.
/// </summary>
public class MatchingBlindSetTests
{
    private static MatchProfile Advanced(int ecog = 1, params string[] tkis) => new()
    {
        Age = 60, Sex = "male", Country = "US", Histology = "adenocarcinoma", Stage = "IVB", AlkStatus = "positive", Ecog = ecog,
        Metastases = [new MatchSite("bone", null)], Procedures = [], Biomarkers = [("ALK", "EML4-ALK fusion")],
        Therapies = tkis.Select((a, k) => new MatchTherapy(a, k + 1, "progression", false)).ToList(),
    };

    private static MatchProfile Resected(string stage) => new()
    {
        Age = 57, Sex = "female", Country = "US", Histology = "adenocarcinoma", Stage = stage, AlkStatus = "positive", Ecog = 0,
        Metastases = [], Therapies = [], Procedures = [("surgery", "lobectomy")], Biomarkers = [("ALK", "EML4-ALK fusion")],
    };

    private static Trial NewTrial(string[] inclusion, string[] exclusion, string title)
    {
        var t = new Trial
        {
            NctId = "NCT09999996", Title = title, Conditions = "Non-small Cell Lung Cancer", StudyType = "INTERVENTIONAL",
            EligibilityText = "Inclusion Criteria:\n\n" + string.Join("\n", inclusion.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n" + string.Join("\n", exclusion.Select(i => "* " + i)),
            Countries = "United States", Status = "RECRUITING", MinAgeYears = 18,
        };
        CriteriaParser.Apply(t);
        return t;
    }

    private const string AlkTitle = "A Study of Drug Y in ALK-positive Non-small Cell Lung Cancer";
    private const string AdvancedAlk = "Locally advanced or metastatic ALK-rearranged NSCLC (stage IIIB-IV)";

    private static TrialMatch Match(MatchProfile p, string[] inclusion, string[] exclusion, string title = AlkTitle) =>
        TrialMatcher.Match(p, CatalogTrial.From(NewTrial(inclusion, exclusion, title)));

    private static TrialCriteria Criteria(string[] inclusion, string[] exclusion, string title = AlkTitle) =>
        TrialCriteria.FromJson(NewTrial(inclusion, exclusion, title).CriteriaJson);

    // ---- stages named to rule them out

    [Theory]
    [InlineData("Completely resected stage IB to IIIA NSCLC. Stage IA disease is not eligible, whatever the tumour size")]
    [InlineData("Resected NSCLC of stage IA3-IIIA, excluding stage IA3")]
    [InlineData("R0 resection of stage IB-IIIB non-small cell lung cancer; patients with stage IA tumours are excluded")]
    public void A_stage_an_inclusion_names_to_rule_out_is_not_taken(string inclusion)
    {
        var c = Criteria([inclusion, "ALK-positive by IHC or FISH"], ["Prior ALK inhibitor"], "Adjuvant Drug Y in Resected ALK-positive NSCLC");
        Assert.DoesNotContain("IA2", c.Stages);
        Assert.Contains("IIIA", c.Stages);
        var m = Match(Resected("IA2"), [inclusion, "ALK-positive by IHC or FISH"], ["Prior ALK inhibitor"], "Adjuvant Drug Y in Resected ALK-positive NSCLC");
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
        var fits = Match(Resected("IIA"), [inclusion, "ALK-positive by IHC or FISH"], ["Prior ALK inhibitor"], "Adjuvant Drug Y in Resected ALK-positive NSCLC");
        Assert.NotEqual(Verdicts.LikelyExcluded, fits.Verdict);
    }

    [Fact]
    public void An_adjuvant_trial_that_excludes_earlier_therapy_for_the_current_cancer_is_still_a_cancer_trial()
    {
        string[] inclusion = ["Complete resection (lobectomy or pneumonectomy) of stage II-IIIA NSCLC with a documented ALK rearrangement", "ECOG 0-1"];
        string[] exclusion = ["Preoperative chemotherapy or radiotherapy for the present lung cancer", "Distant metastases"];
        var m = Match(Resected("IIB"), inclusion, exclusion, "Adjuvant Drug Y After Resection of ALK-positive Non-small Cell Lung Cancer");
        Assert.NotEqual(Verdicts.NotRelevant, m.Verdict);
        Assert.NotEqual(Verdicts.LikelyExcluded, m.Verdict);
    }

    // ---- squamous histology excluded inside an inclusion

    [Theory]
    [InlineData("Stage IV NSCLC with an ALK or ROS1 fusion after at least one targeted therapy. Tumours of squamous histology are excluded.")]
    [InlineData("Advanced ALK-positive NSCLC other than squamous cell carcinoma")]
    [InlineData("Metastatic ALK-positive NSCLC; predominantly squamous tumours are not eligible")]
    public void Squamous_histology_excluded_inside_an_inclusion_makes_a_non_squamous_trial(string inclusion)
    {
        Assert.Equal("non-squamous", Criteria([inclusion], ["Pregnancy"]).HistologyRequired);
        var squamous = Advanced(1, "alectinib") with { Histology = "squamous cell carcinoma" };
        Assert.Equal(Verdicts.LikelyExcluded, Match(squamous, [inclusion], ["Pregnancy"]).Verdict);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), [inclusion], ["Pregnancy"]).Verdict);
    }

    // ---- what is allowed is not required

    [Theory]
    [InlineData("Previous therapy allowed: chemotherapy, immunotherapy; prior ALK inhibitors are permitted but not required")]
    [InlineData("Prior platinum doublet chemotherapy is allowed but not mandatory")]
    [InlineData("Prior immune checkpoint inhibitor therapy is permitted, but is not required")]
    public void A_prior_therapy_that_is_permitted_but_not_required_is_not_a_requirement(string inclusion)
    {
        var c = Criteria([AdvancedAlk, inclusion], ["Pregnancy"]);
        Assert.False(c.PriorChemoRequired);
        Assert.False(c.ImmunotherapyRequired);
        Assert.Null(c.MinPriorAlkTkis);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
    }

    // ---- performance status

    [Theory]
    [InlineData("ECOG ≥ 3", 2)]
    [InlineData("ECOG performance status 3-4", 2)]
    [InlineData("WHO performance status of 2 or more", 1)]
    [InlineData("ECOG PS > 1", 1)]
    public void Performance_status_in_an_exclusion_bounds_the_grades_allowed(string exclusion, int max)
    {
        var c = Criteria([AdvancedAlk], [exclusion]);
        Assert.Equal(max, c.EcogMax);
        Assert.DoesNotContain(c.ToCheck, t => t.Text == exclusion);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(max), [AdvancedAlk], [exclusion]).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(max + 1), [AdvancedAlk], [exclusion]).Verdict);
    }

    [Theory]
    [InlineData("Karnofsky performance status ≥ 70%")]
    [InlineData("KPS of at least 70")]
    public void A_Karnofsky_bound_at_a_grade_the_conversion_tables_disagree_on_is_to_check(string inclusion)
    {
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(1), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
        var boundary = Match(Advanced(2), [AdvancedAlk, inclusion], ["Pregnancy"]);
        Assert.Equal(Verdicts.PossiblyEligible, boundary.Verdict);
        Assert.Contains(boundary.Reasons, r => r.Kind == "unknown" && r.Criterion == "ECOG");
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(3), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
        // Karnofsky 80 is ECOG 1 in both tables: ECOG 2 is out.
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(2), [AdvancedAlk, "Karnofsky performance status ≥ 80"], ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void A_higher_grade_permitted_for_some_patients_is_to_check_not_excluded()
    {
        string[] inclusion = [AdvancedAlk, "ECOG 0 or 1 (ECOG 2 is allowed for participants aged 75 or older)"];
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced(2) with { Age = 78 }, inclusion, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(3) with { Age = 78 }, inclusion, ["Pregnancy"]).Verdict);
    }

    // ---- an ALK-directed class that is not a TKI

    [Theory]
    [InlineData("Prior treatment with an ALK-targeted protein degrader")]
    [InlineData("Previous ALK-directed antibody-drug conjugate")]
    public void Excluding_a_non_TKI_ALK_directed_class_does_not_exclude_TKI_pretreated_or_ALK_positive_patients(string exclusion)
    {
        string[] inclusion = ["ALK-positive advanced NSCLC with progression on at least one ALK TKI", "ECOG 0-1"];
        var c = Criteria(inclusion, [exclusion]);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.False(c.AlkExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "brigatinib"), inclusion, [exclusion]).Verdict);
    }

    // ---- from a third blind set (60 cases, 14 read wrongly before these): each class in other words

    [Theory]
    [InlineData("Prior c-MET inhibitor therapy (crizotinib received as ALK-directed treatment is permitted)")]
    [InlineData("History of interstitial lung disease or drug-related pneumonitis, including pneumonitis on an earlier ALK inhibitor")]
    [InlineData("Known hypersensitivity to any ALK tyrosine kinase inhibitor excipient")]
    public void An_exclusion_about_another_drug_or_a_condition_does_not_exclude_earlier_ALK_TKIs(string exclusion)
    {
        string[] inclusion = [AdvancedAlk, "Progression on at least one prior ALK TKI"];
        var c = Criteria(inclusion, [exclusion]);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.DoesNotContain("crizotinib", c.AgentsExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "crizotinib", "alectinib"), inclusion, [exclusion]).Verdict);
    }

    [Fact]
    public void No_upper_limit_on_lines_of_targeted_therapy_is_not_a_driver_exclusion()
    {
        string[] inclusion = ["Stage IV NSCLC with a documented actionable alteration (EGFR, ALK, ROS1, RET or BRAF)",
            "Received at least one approved targeted therapy for the alteration and platinum chemotherapy. There is no upper limit on the number of prior targeted therapies."];
        var c = Criteria(inclusion, ["Pregnancy"], "Drug Z in Previously Treated Driver-Positive NSCLC");
        Assert.False(c.AlkExcluded);
        var treated = Advanced(1, "alectinib", "lorlatinib") with { Therapies = [new("alectinib", 1, "progression", false), new("lorlatinib", 2, "progression", false), new("carboplatin + pemetrexed", 3, "progression", false)] };
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(treated, inclusion, ["Pregnancy"], "Drug Z in Previously Treated Driver-Positive NSCLC").Verdict);
    }

    [Theory]
    [InlineData("One prior ALK TKI (alectinib or brigatinib) with progression on that TKI. Pts may be chemotherapy-naive or have had one platinum doublet")]
    [InlineData("Progressed on exactly one second-generation ALK TKI. Patients may be IO-naive")]
    [InlineData("Cohort 1: 1-2 prior ALK TKIs. Cohort 2 (ROS1+): ROS1 TKI-naive or pretreated")]
    public void Naive_about_another_treatment_does_not_exclude_earlier_ALK_TKIs(string inclusion)
    {
        var c = Criteria([AdvancedAlk, inclusion], ["Pregnancy"]);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.Empty(c.AgentsExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void Agents_joined_by_or_in_a_title_are_alternatives()
    {
        const string title = "Drug Y in ALK-positive NSCLC After Alectinib or Brigatinib";
        var c = Criteria([AdvancedAlk], ["Pregnancy"], title);
        Assert.Empty(c.AgentsRequired);
        Assert.Equal(1, c.MinPriorAlkTkis);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), [AdvancedAlk], ["Pregnancy"], title).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1), [AdvancedAlk], ["Pregnancy"], title).Verdict);
    }

    [Fact]
    public void Patients_with_more_ALK_TKIs_stated_ineligible_inside_an_inclusion_cap_the_count()
    {
        string[] inclusion = [AdvancedAlk, "Prior lorlatinib is required. Patients who received more than two prior ALK TKIs are not eligible for either cohort."];
        Assert.Equal(2, Criteria(inclusion, ["Pregnancy"]).MaxPriorAlkTkis);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1, "crizotinib", "alectinib", "lorlatinib"), inclusion, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void A_stage_list_goes_on_after_a_bracketed_aside()
    {
        const string inclusion = "Completely resected NSCLC of pathological stage IB (tumour ≥ 4 cm), II, IIIA or IIIB (T3N2 only)";
        var c = Criteria([inclusion, "ALK-positive by FISH"], ["Prior ALK inhibitor"], "Adjuvant Drug Y in Resected ALK-positive NSCLC");
        Assert.Contains("IIB", c.Stages);
        Assert.Contains("IIIB", c.Stages);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Resected("IIB"), [inclusion, "ALK-positive by FISH"], ["Prior ALK inhibitor"], "Adjuvant Drug Y in Resected ALK-positive NSCLC").Verdict);
    }

    [Theory]
    [InlineData("Age 70 years or older. Note: patients aged 65 to 69 are not eligible", 70, null)]
    [InlineData("Age ≥ 6 months and ≤ 35 years", null, 35)]
    [InlineData("Performance status: Karnofsky ≥ 60 for patients > 16 years of age; Lansky ≥ 60 for patients ≤ 16 years", null, null)]
    public void Ages_named_for_another_purpose_are_not_limits(string inclusion, int? min, int? max)
    {
        var c = Criteria([AdvancedAlk, inclusion], ["Pregnancy"]);
        if (min is not null) Assert.Equal(min, c.MinAge);
        else Assert.True(c.MinAge is null or <= 18);
        Assert.Equal(max, c.MaxAge);
    }

    [Theory]
    [InlineData("Female sex. Men are not enrolled in this study of ovarian function.", "male", true)]
    [InlineData("Women only (the study measures ovarian reserve)", "male", true)]
    [InlineData("Male or female patients aged 18 or older", "male", false)]
    public void A_sex_restriction_written_in_the_text_is_read(string inclusion, string sex, bool excluded)
    {
        var m = Match(Advanced(1, "lorlatinib") with { Sex = sex }, [AdvancedAlk, inclusion], ["Pregnancy"]);
        Assert.Equal(excluded, m.Verdict == Verdicts.LikelyExcluded);
    }

    [Theory]
    [InlineData("A Support Programme for Caregivers of People With ALK-positive Lung Cancer", "Adult family caregiver of a person with ALK-positive NSCLC")]
    [InlineData("Online Coping Skills for Family Members of Patients With Lung Cancer", "Adult (18 or older) relative or friend who provides unpaid care to a patient with stage IV NSCLC")]
    public void A_study_of_caregivers_is_not_for_the_patient(string title, string inclusion)
    {
        Assert.Equal(Verdicts.NotRelevant, Match(Advanced(1, "alectinib"), [inclusion, "Able to attend online sessions in English"], ["Unable to consent"], title).Verdict);
    }

    [Fact]
    public void A_dyad_study_of_patients_and_caregivers_is_still_for_the_patient()
    {
        var m = Match(Advanced(1, "alectinib"), ["Patients with ALK-positive stage IV NSCLC and their family caregiver", "Able to attend online sessions"], ["Unable to consent"],
            "A Coping Programme for Patients and Their Family Caregivers Living With ALK-positive Lung Cancer");
        Assert.NotEqual(Verdicts.NotRelevant, m.Verdict);
    }

    [Fact]
    public void An_exclusion_of_ALK_rearrangement_with_a_required_negative_test_excludes_ALK_positive()
    {
        string[] exclusion = ["Known EGFR mutation or ALK translocation (i.e. no known EGFR/ALK alterations). Note: non-squamous patients must have documented negative EGFR and ALK results."];
        string[] inclusion = ["Stage IV NSCLC, no prior systemic therapy for metastatic disease", "PD-L1 TPS ≥ 50%"];
        var c = Criteria(inclusion, exclusion, "Pembrolizumab Plus Drug Q in PD-L1-high NSCLC");
        Assert.False(c.AlkRequired);
        Assert.True(c.AlkExcluded);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1), inclusion, exclusion, "Pembrolizumab Plus Drug Q in PD-L1-high NSCLC").Verdict);
    }

    [Theory]
    [InlineData("Symptomatic CNS metastases, or untreated brain metastases larger than 1 cm. Untreated, asymptomatic brain metastases under 1 cm not needing steroids are allowed.")]
    [InlineData("Active brain metastases. Note: patients with asymptomatic, untreated brain lesions may enrol if no urgent local therapy is needed.")]
    public void Active_brain_metastases_are_to_check_where_some_untreated_ones_are_allowed(string exclusion)
    {
        var active = Advanced() with { Metastases = [new MatchSite("brain", "active"), new MatchSite("bone", null)] };
        var m = Match(active, [AdvancedAlk], [exclusion]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        var lepto = Advanced() with { Metastases = [new MatchSite("leptomeningeal", null)] };
        Assert.Equal(Verdicts.LikelyExcluded, Match(lepto, [AdvancedAlk], [exclusion, "Leptomeningeal disease"]).Verdict);
        // Without the allowance, active brain metastases exclude.
        Assert.Equal(Verdicts.LikelyExcluded, Match(active, [AdvancedAlk], ["Symptomatic or untreated brain metastases"]).Verdict);
    }

    [Theory]
    [InlineData("Oligoprogressive disease: progression at up to 5 sites on the current ALK TKI, all amenable to stereotactic radiotherapy")]
    [InlineData("Oligo-progression (≤ 3 progressing lesions) while on an ALK inhibitor, with brain lesions treatable by SRS allowed")]
    public void Oligoprogression_is_to_check(string inclusion)
    {
        var onTki = Advanced() with { Therapies = [new MatchTherapy("alectinib", 1, null, true)] };
        var m = Match(onTki, [AdvancedAlk, inclusion], ["Leptomeningeal disease"]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
    }

    [Fact]
    public void A_lesion_size_an_imaging_study_needs_is_to_check_but_RECIST_measurable_disease_stays_minor()
    {
        var onTki = Advanced() with { Therapies = [new MatchTherapy("lorlatinib", 1, null, true)] };
        string[] pet = [AdvancedAlk, "At least one tumour lesion ≥ 1.5 cm on CT within 6 weeks of the PET scan"];
        Assert.Equal(Verdicts.PossiblyEligible, Match(onTki, pet, ["Claustrophobia"]).Verdict);
        string[] recist = [AdvancedAlk, "At least one measurable lesion ≥ 10 mm per RECIST 1.1"];
        Assert.Equal(Verdicts.LikelyEligible, Match(onTki, recist, ["Claustrophobia"]).Verdict);
    }

    // ---- from a fourth blind set (50 cases, 16 read wrongly before these: 9 of 22 likely-eligible calls)

    [Theory]
    [InlineData(new[] { AdvancedAlk, "No more than 1 prior line of systemic therapy for metastatic disease (TKIs count as a line)" }, new string[0], 1, false)]
    [InlineData(new[] { AdvancedAlk }, new[] { "Received more than one prior line of systemic therapy in the advanced setting" }, 1, false)]
    [InlineData(new[] { AdvancedAlk }, new[] { "Two or more prior lines of systemic anticancer therapy" }, 1, false)]
    [InlineData(new[] { AdvancedAlk, "At most one prior line of systemic therapy; ALK TKIs do not count as a line" }, new string[0], 1, true)]
    public void A_cap_on_lines_of_systemic_therapy_counts_the_records_lines(string[] inclusion, string[] exclusion, int max, bool tkisNotCounted)
    {
        var c = Criteria(inclusion, exclusion.Length > 0 ? exclusion : ["Pregnancy"]);
        Assert.Equal(max, c.MaxPriorLines);
        Assert.Equal(tkisNotCounted, c.TkisNotCountedAsLines);
        var twoTkis = Advanced(1, "alectinib", "brigatinib");
        var m = Match(twoTkis, inclusion, exclusion.Length > 0 ? exclusion : ["Pregnancy"]);
        Assert.Equal(tkisNotCounted ? Verdicts.LikelyEligible : Verdicts.LikelyExcluded, m.Verdict);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), inclusion, exclusion.Length > 0 ? exclusion : ["Pregnancy"]).Verdict);
    }

    [Theory]
    [InlineData("Prior lorlatinib or any investigational ALK inhibitor")]
    [InlineData("Previous treatment with an experimental ALK-targeted agent")]
    public void An_investigational_ALK_inhibitor_exclusion_does_not_exclude_approved_TKIs(string exclusion)
    {
        var c = Criteria([AdvancedAlk, "Progression on one second-generation ALK TKI"], [exclusion]);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "brigatinib"), [AdvancedAlk, "Progression on one second-generation ALK TKI"], [exclusion]).Verdict);
    }

    [Theory]
    [InlineData("≤ 2 prior ALK TKIs and ≤ 1 prior chemotherapy regimen")]
    [InlineData("Prior chemotherapy is not required for this cohort")]
    public void A_capped_or_optional_chemotherapy_is_not_required(string inclusion)
    {
        Assert.False(Criteria([AdvancedAlk, inclusion], ["Pregnancy"]).PriorChemoRequired);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void Either_TKI_naive_or_intolerant_is_not_a_naive_requirement()
    {
        const string inclusion = "Either ALK TKI-naive, or previously treated with crizotinib that was stopped for toxicity (not progression)";
        Assert.False(Criteria([AdvancedAlk, inclusion], ["Prior brigatinib"]).PriorAlkTkiExcluded);
        var intolerant = Advanced() with { Therapies = [new MatchTherapy("crizotinib", 1, "toxicity", false)] };
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(intolerant, [AdvancedAlk, inclusion], ["Prior brigatinib"]).Verdict);
    }

    [Fact]
    public void A_neoadjuvant_trial_is_for_the_not_yet_resected_and_its_surgery_exclusion_is_no_cancer_history_exclusion()
    {
        string[] inclusion = ["Clinical stage II–IIIA NSCLC considered potentially curable by complete surgical resection", "ALK rearrangement by IHC or FISH", "No prior systemic therapy for lung cancer"];
        string[] exclusion = ["Distant metastases", "Prior lung cancer surgery"];
        const string title = "Neoadjuvant Drug Y Before Surgery in Resectable ALK-positive NSCLC";
        var c = Criteria(inclusion, exclusion, title);
        Assert.Equal(DiseaseKinds.Nsclc, c.Disease);
        Assert.False(c.ResectedRequired);
        var early = Resected("IIB") with { Procedures = [] };
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(early, inclusion, exclusion, title).Verdict);
        Assert.NotEqual(Verdicts.NotRelevant, Match(early, inclusion, exclusion, title).Verdict);
    }

    [Fact]
    public void A_trial_for_untreated_brain_metastases_takes_active_ones_and_one_excluding_only_leptomeningeal_disease_does_not_exclude_them()
    {
        var active = Advanced() with { Metastases = [new MatchSite("brain", "active")] };
        string[] inclusion = [AdvancedAlk, "At least one untreated brain metastasis of 5 mm or more on MRI"];
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(active, inclusion, ["Leptomeningeal disease"]).Verdict);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(active, [AdvancedAlk], ["Leptomeningeal disease"]).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced() with { Metastases = [new MatchSite("leptomeningeal", null)] }, [AdvancedAlk], ["Leptomeningeal disease"]).Verdict);
    }

    [Theory]
    [InlineData("Never-smokers (fewer than 100 cigarettes in a lifetime)")]
    [InlineData("ALK fusion detected in plasma (ctDNA) by the sponsor's assay; tissue results do not substitute")]
    [InlineData("Recurrent disease after definitive surgery or chemoradiotherapy for stage I–III NSCLC")]
    public void A_state_the_record_cannot_show_is_to_check(string inclusion)
    {
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced(), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void Plasma_as_an_alternative_to_tissue_is_no_restriction()
    {
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(), [AdvancedAlk, "ALK rearrangement in tissue or plasma by a validated assay"], ["Pregnancy"]).Verdict);
    }

    [Theory]
    [InlineData("ECOG 0-1 (2 allowed if due to bone pain)")]
    [InlineData("Postmenopausal women aged 50 or older")]
    public void Other_phrasings_of_a_permitted_grade_and_a_sex_limit(string inclusion)
    {
        if (inclusion.StartsWith("ECOG", StringComparison.Ordinal))
            Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced(2), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
        else
            Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced() with { Age = 60 }, [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
    }

    [Theory]
    [InlineData("TPS 0% (22C3)", true)]
    [InlineData("negative", true)]
    [InlineData("TPS 30%", false)]
    public void A_PD_L1_floor_is_compared_with_the_recorded_result(string result, bool excluded)
    {
        string[] inclusion = [AdvancedAlk, "PD-L1 tumour proportion score ≥ 1% on a biopsy taken after the last TKI"];
        Assert.Equal(1, Criteria(inclusion, ["Pregnancy"]).PdL1Min);
        var p = Advanced(1, "alectinib") with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("PD-L1", result)] };
        Assert.Equal(excluded, Match(p, inclusion, ["Pregnancy"]).Verdict == Verdicts.LikelyExcluded);
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced(1, "alectinib"), inclusion, ["Pregnancy"]).Verdict);
        // Cohorts on both sides of a threshold require neither.
        Assert.Null(Criteria([AdvancedAlk, "Cohort A: PD-L1 ≥ 50%; Cohort B: PD-L1 < 1%"], ["Pregnancy"]).PdL1Min);
    }

    [Theory]
    [InlineData("EML4-ALK variant 1 (E13;A20)", true)]
    [InlineData("E6a;A20 fusion", false)]
    [InlineData("EML4-ALK fusion", null)]
    public void An_EML4_ALK_variant_requirement_is_compared_with_the_recorded_variant(string result, bool? excluded)
    {
        string[] inclusion = ["Advanced NSCLC with EML4-ALK variant 3 (v3a or v3b) by NGS. Other variants are not eligible."];
        Assert.Equal(["3"], Criteria(inclusion, ["Prior lorlatinib"]).AlkVariantsRequired);
        var verdict = Match(Advanced() with { Biomarkers = [("ALK", result)] }, inclusion, ["Prior lorlatinib"]).Verdict;
        if (excluded is null) Assert.Equal(Verdicts.PossiblyEligible, verdict);
        else Assert.Equal(excluded.Value, verdict == Verdicts.LikelyExcluded);
    }

    [Fact]
    public void Where_intolerance_does_not_qualify_a_TKI_stopped_for_toxicity_is_not_progression()
    {
        string[] inclusion = [AdvancedAlk, "Progression on both a second-generation ALK TKI and lorlatinib. Note: stopping either for intolerance without progression does not qualify."];
        const string title = "Drug Y in ALK-positive NSCLC Previously Treated With Lorlatinib";
        Assert.True(Criteria(inclusion, ["Pregnancy"], title).ProgressionOnPriorRequired);
        var toxicity = Advanced() with { Therapies = [new("alectinib", 1, "progression", false), new("lorlatinib", 2, "toxicity", false)] };
        Assert.Equal(Verdicts.LikelyExcluded, Match(toxicity, inclusion, ["Pregnancy"], title).Verdict);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib", "lorlatinib"), inclusion, ["Pregnancy"], title).Verdict);
    }

    // ---- from a fifth blind set (40 cases): classes, in other phrasings

    [Theory]
    [InlineData("Prior treatment with a fourth-generation ALK inhibitor designed to overcome G1202R-containing compound mutations")]
    [InlineData("Previous exposure to any agent targeting ALK G1202R")]
    public void A_drug_named_by_the_mutation_it_targets_excludes_that_drug_not_the_mutation(string exclusion)
    {
        var c = Criteria([AdvancedAlk, "Progression on lorlatinib"], [exclusion], "Drug Y in ALK-positive NSCLC Previously Treated With Lorlatinib");
        Assert.Empty(c.ResistanceMutationsExcluded);
        Assert.False(c.PriorAlkTkiExcluded);
        var p = Advanced(1, "alectinib", "lorlatinib") with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("ALK", "G1202R")] };
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(p, [AdvancedAlk, "Progression on lorlatinib"], [exclusion], "Drug Y in ALK-positive NSCLC Previously Treated With Lorlatinib").Verdict);
    }

    [Theory]
    [InlineData("Disease progression while receiving any ALK tyrosine kinase inhibitor")]
    [InlineData("Documented radiographic progression on a prior ALK inhibitor")]
    public void An_exclusion_of_progression_on_a_TKI_is_to_check_when_the_TKI_stopped_for_another_reason(string exclusion)
    {
        string[] inclusion = [AdvancedAlk, "Prior ALK TKI allowed if stopped for intolerance"];
        Assert.False(Criteria(inclusion, [exclusion]).PriorAlkTkiExcluded);
        var intolerant = Advanced() with { Therapies = [new MatchTherapy("crizotinib", 1, "toxicity", false)] };
        Assert.NotEqual(Verdicts.LikelyEligible, Match(intolerant, inclusion, [exclusion]).Verdict);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(intolerant, inclusion, [exclusion]).Verdict);
    }

    [Fact]
    public void An_ALK_independent_resistance_exclusion_does_not_exclude_ALK_positive_cancer()
    {
        string[] exclusion = ["Known ALK-independent mechanism of resistance (for example MET amplification) on the latest biopsy"];
        Assert.False(Criteria([AdvancedAlk], exclusion).AlkExcluded);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(), [AdvancedAlk], exclusion).Verdict);
    }

    [Theory]
    [InlineData("Patients currently taking alectinib are also eligible if the dose has been stable for 4 weeks")]
    [InlineData("Prior anti-PD-1 or anti-PD-L1 therapy is permitted")]
    public void A_sentence_that_admits_patients_on_a_treatment_requires_nothing(string inclusion)
    {
        var c = Criteria([AdvancedAlk, inclusion], ["Pregnancy"]);
        Assert.False(c.OnTreatmentRequired);
        Assert.False(c.ImmunotherapyRequired);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
    }

    [Theory]
    [InlineData("No previous chemotherapy for metastatic disease", true)]
    [InlineData("Chemotherapy-naive in the advanced setting", true)]
    [InlineData("No chemotherapy within 21 days of the first dose", false)]
    public void No_prior_chemotherapy_in_an_inclusion_excludes_it_but_a_washout_does_not(string inclusion, bool excluded)
    {
        Assert.Equal(excluded, Criteria([AdvancedAlk, inclusion], ["Pregnancy"]).PriorChemoExcluded);
        var chemo = Advanced() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("carboplatin", 2, "progression", false)] };
        Assert.Equal(excluded, Match(chemo, [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict == Verdicts.LikelyExcluded);
    }

    [Fact]
    public void A_study_that_enrols_a_caregiver_too_is_to_check()
    {
        string[] inclusion = [AdvancedAlk, "Has a family caregiver who is willing to take part in the study interviews"];
        var m = Match(Advanced(1, "alectinib"), inclusion, ["Pregnancy"]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("ALK-positive advanced NSCLC. Patients without a documented ALK rearrangement are ineligible.")]
    [InlineData("Advanced NSCLC with ALK fusion; tumours lacking an ALK fusion are not eligible")]
    public void A_double_negative_about_ALK_in_an_inclusion_is_a_requirement(string inclusion)
    {
        Assert.False(Criteria([inclusion], ["Pregnancy"]).AlkExcluded);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(), [inclusion], ["Pregnancy"]).Verdict);
    }

    // ---- from a sixth and a seventh blind set (50 and 30 cases): classes, in other phrasings

    [Theory]
    [InlineData("Has received only one prior ALK inhibitor (alectinib, brigatinib or ensartinib) and progressed on it", 1, 1)]
    [InlineData("Received lorlatinib followed by exactly one other ALK TKI", 2, 2)]
    [InlineData("Progressed on exactly one second-generation ALK TKI", 1, null)]
    public void An_exact_count_of_earlier_TKIs_is_a_floor_and_a_cap_unless_it_counts_one_generation(string inclusion, int min, int? max)
    {
        var c = Criteria([AdvancedAlk, inclusion], ["Pregnancy"]);
        Assert.Equal(min, c.MinPriorAlkTkis);
        Assert.Equal(max, c.MaxPriorAlkTkis);
    }

    [Fact]
    public void An_agent_an_inclusion_says_makes_patients_ineligible_is_excluded_and_with_or_without_permits_it()
    {
        var c = Criteria([AdvancedAlk, "Progression on a second-generation ALK TKI. Anyone who has received ceritinib is ineligible"], ["Pregnancy"]);
        Assert.Contains("ceritinib", c.AgentsExcluded);
        Assert.DoesNotContain("ceritinib", c.AgentsRequired);
        var either = Criteria([AdvancedAlk, "Progression on brigatinib or alectinib, with or without earlier crizotinib"], ["Pregnancy"]);
        Assert.False(either.PriorAlkTkiExcluded);
        Assert.DoesNotContain("crizotinib", either.AgentsExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "crizotinib", "alectinib"), [AdvancedAlk, "Progression on brigatinib or alectinib, with or without earlier crizotinib"], ["Pregnancy"]).Verdict);
    }

    [Theory]
    [InlineData("EML4-ALK fusion (v1)", true)]
    [InlineData("KIF5B-ALK fusion by RNA sequencing", false)]
    [InlineData("ALK rearranged (FISH)", null)]
    public void A_partner_other_than_EML4_is_compared_with_the_recorded_fusion(string result, bool? excluded)
    {
        string[] inclusion = ["Metastatic NSCLC harbouring a non-EML4 ALK fusion confirmed by NGS"];
        Assert.True(Criteria(inclusion, ["Pregnancy"]).NonEml4PartnerRequired);
        var verdict = Match(Advanced() with { Biomarkers = [("ALK", result)] }, inclusion, ["Pregnancy"]).Verdict;
        if (excluded is null) Assert.Equal(Verdicts.PossiblyEligible, verdict);
        else Assert.Equal(excluded.Value, verdict == Verdicts.LikelyExcluded);
    }

    [Fact]
    public void A_test_method_or_an_assay_the_trial_will_not_accept_is_to_check()
    {
        string[] molecular = [AdvancedAlk, "ALK status confirmed by FISH or next-generation sequencing; immunohistochemistry results are not accepted"];
        var ihc = Advanced() with { Biomarkers = [("ALK", "positive, Ventana D5F3 IHC")] };
        Assert.True(Criteria(molecular, ["Pregnancy"]).AlkMolecularTestRequired);
        Assert.Equal(Verdicts.PossiblyEligible, Match(ihc, molecular, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(), molecular, ["Pregnancy"]).Verdict); // "EML4-ALK fusion" is a molecular result
        // A trial that wants IHC and refuses FISH-only results does not want "more than IHC".
        Assert.False(Criteria([AdvancedAlk, "ALK positive by the Ventana D5F3 assay; FISH-only positivity without a positive IHC is not acceptable"], ["Pregnancy"]).AlkMolecularTestRequired);

        string[] assay = [AdvancedAlk, "PD-L1 TPS of 50% or more using the 22C3 pharmDx kit only"];
        Assert.Equal("22C3", Criteria(assay, ["Pregnancy"]).PdL1Assay);
        var sp263 = Advanced() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("PD-L1", "TPS 70% (SP263)")] };
        Assert.Equal(Verdicts.PossiblyEligible, Match(sp263, assay, ["Pregnancy"]).Verdict);
        var c22 = Advanced() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("PD-L1", "TPS 70% (22C3)")] };
        Assert.Equal(Verdicts.LikelyEligible, Match(c22, assay, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void Progression_required_where_intolerance_may_still_qualify_is_to_check_for_a_TKI_stopped_for_toxicity()
    {
        string[] inclusion = [AdvancedAlk, "Documented progression during alectinib or brigatinib, or within 3 months of the last dose; patients who stopped because of intolerance are also eligible provided they then progressed"];
        var c = Criteria(inclusion, ["Pregnancy"]);
        Assert.True(c.ProgressionOnPriorMentioned);
        Assert.False(c.ProgressionOnPriorRequired);
        var stopped = Advanced() with { Therapies = [new MatchTherapy("brigatinib", 1, "toxicity", false)] };
        Assert.Equal(Verdicts.PossiblyEligible, Match(stopped, inclusion, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(1, "brigatinib"), inclusion, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void A_time_condition_on_earlier_adjuvant_therapy_is_to_check_only_for_those_who_had_it()
    {
        string[] inclusion = [AdvancedAlk, "Treatment-naive for advanced disease; adjuvant chemotherapy is allowed provided it was completed more than 6 months before relapse"];
        Assert.True(Criteria(inclusion, ["Pregnancy"]).AdjuvantIntervalRequired);
        var adjuvant = Advanced() with { Therapies = [new MatchTherapy("cisplatin", 0, "completed", false), new MatchTherapy("pemetrexed", 0, "completed", false)] };
        Assert.Equal(Verdicts.PossiblyEligible, Match(adjuvant, inclusion, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(), inclusion, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void Mixed_adenosquamous_histology_is_to_check_in_a_non_squamous_trial()
    {
        string[] inclusion = ["Non-squamous, ALK-positive metastatic NSCLC"];
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced() with { Histology = "adenosquamous carcinoma" }, inclusion, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced() with { Histology = "squamous cell carcinoma" }, inclusion, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void In_a_trial_for_recurrence_after_adjuvant_therapy_the_resected_stage_is_history()
    {
        string[] inclusion = ["Stage II–IIIA ALK-positive NSCLC, completely resected and given adjuvant ALK inhibitor therapy",
            "Relapse confirmed on imaging during or after the adjuvant treatment", "No systemic therapy given for the relapse"];
        const string title = "Brigatinib for ALK-positive NSCLC Relapsing After Adjuvant Therapy";
        var c = Criteria(inclusion, ["Pregnancy"], title);
        Assert.Empty(c.Stages);
        var relapsed = Advanced() with { Stage = "IVA", Therapies = [new MatchTherapy("alectinib", 0, "completed", false)], Procedures = [("surgery", "lobectomy")] };
        Assert.Equal(Verdicts.LikelyEligible, Match(relapsed, inclusion, ["Pregnancy"], title).Verdict);
    }

    [Fact]
    public void An_exclusion_for_some_cohorts_only_and_a_drug_code_with_ALK_in_it_do_not_exclude()
    {
        var lepto = Advanced() with { Metastases = [new MatchSite("leptomeningeal", null)] };
        var c = Criteria([AdvancedAlk], ["Leptomeningeal carcinomatosis (Arm 1 only)", "Previous exposure to ABC-ALK-12"]);
        Assert.False(c.LeptomeningealExcluded);
        Assert.False(c.AlkExcluded);
        Assert.Equal(Verdicts.PossiblyEligible, Match(lepto, [AdvancedAlk], ["Leptomeningeal carcinomatosis (Arm 1 only)", "Previous exposure to ABC-ALK-12"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(), [AdvancedAlk], ["Previous exposure to ABC-ALK-12"]).Verdict);
    }

    [Fact]
    public void Brain_exclusions_about_earlier_treatment_size_place_or_symptoms_alone_are_to_check()
    {
        var active = Advanced() with { Metastases = [new MatchSite("brain", "active")] };
        var irradiated = Advanced() with { Metastases = [new MatchSite("brain", "treated-stable")], Procedures = [("radiation", "gamma knife radiosurgery, 3 lesions")] };
        // Earlier brain radiotherapy: to check only when the record shows some.
        Assert.False(Criteria([AdvancedAlk], ["Previous whole-brain irradiation"]).BrainMetsExcluded);
        Assert.Equal(Verdicts.PossiblyEligible, Match(irradiated, [AdvancedAlk], ["Previous whole-brain irradiation"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(active, [AdvancedAlk], ["Previous whole-brain irradiation"]).Verdict);
        // A size or place the record does not give.
        Assert.Equal(Verdicts.PossiblyEligible, Match(active, [AdvancedAlk], ["Any brain metastasis larger than 3 cm or in the brainstem"]).Verdict);
        // Symptoms alone: "active" in the record is not "symptomatic".
        Assert.Equal(Verdicts.PossiblyEligible, Match(active, [AdvancedAlk], ["Brain metastases causing neurological symptoms or needing urgent radiotherapy"]).Verdict);
    }

    [Fact]
    public void Cohorts_by_driver_take_the_ALK_cohorts_rule_and_cohorts_by_line_are_to_check()
    {
        string[] byDriver = [AdvancedAlk, "Arm A: ROS1-positive NSCLC after crizotinib. Arm B: ALK-positive NSCLC after at least 2 ALK TKIs."];
        Assert.Equal(2, Criteria(byDriver, ["Pregnancy"]).MinPriorAlkTkis);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), byDriver, ["Pregnancy"]).Verdict);
        string[] byLine = [AdvancedAlk, "Prior lorlatinib is required in both cohorts. Cohort 1: lorlatinib as the only ALK TKI. Cohort 2: lorlatinib after one or two other ALK TKIs, with no other ALK TKI since."];
        var c = Criteria(byLine, ["Pregnancy"]);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.Contains("lorlatinib", c.AgentsRequired);
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced(1, "alectinib", "lorlatinib"), byLine, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), byLine, ["Pregnancy"]).Verdict);
    }

    [Theory]
    [InlineData("One or more of: EML4-ALK variant 3, a TP53 co-mutation, or brain metastases at diagnosis")]
    [InlineData("At least one poor-prognosis factor (EML4-ALK variant 3 or TP53 mutation)")]
    public void A_variant_named_as_one_of_several_features_is_not_required(string inclusion)
    {
        Assert.Empty(Criteria([AdvancedAlk, inclusion], ["Pregnancy"]).AlkVariantsRequired);
    }

    [Theory]
    [InlineData("An ALK resistance mutation identified in a biopsy obtained after progression on the latest ALK inhibitor")]
    [InlineData("Medically inoperable stage I–II NSCLC, or patients who decline surgery")]
    public void A_sample_timing_or_operability_the_record_cannot_show_is_to_check(string inclusion)
    {
        var p = inclusion.Contains("inoperable", StringComparison.Ordinal)
            ? Advanced() with { Stage = "IB", Metastases = [] }
            : Advanced(1, "alectinib") with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("ALK", "G1202R")] };
        Assert.Equal(Verdicts.PossiblyEligible, Match(p, [inclusion, "ALK-positive NSCLC"], ["Pregnancy"], "A Study in ALK-positive NSCLC").Verdict);
    }

    // ---- from the eighth blind-labelled set (set-h): each class in other words than the set's

    [Theory]
    [InlineData("Treatment with an ALK inhibitor in the 7 days before day 1, or with chemotherapy in the 21 days before day 1")]
    [InlineData("Any investigational agent within 28 days; an ALK tyrosine kinase inhibitor within 5 half-lives of the first dose")]
    public void A_time_window_on_ALK_inhibitors_is_a_washout_not_an_exclusion_of_earlier_ones(string exclusion)
    {
        Assert.False(Criteria([AdvancedAlk], [exclusion]).PriorAlkTkiExcluded);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(1, "alectinib"), [AdvancedAlk], [exclusion]).Verdict);
        // Without a window it still excludes.
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), [AdvancedAlk], ["Previous therapy with an ALK inhibitor"]).Verdict);
    }

    [Fact]
    public void Cohorts_in_separate_items_whose_treatment_rules_pull_apart_are_to_check_and_cohorts_that_all_need_treatment_still_count()
    {
        string[] apart = [AdvancedAlk, "Cohort 1 (TKI-naive): no previous ALK-directed therapy of any kind.", "Cohort 2 (pretreated) – radiological progression on lorlatinib in any line."];
        var c = Criteria(apart, ["Pregnancy"]);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.False(c.TreatmentNaiveRequired);
        Assert.DoesNotContain("lorlatinib", c.AgentsRequired);
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced(1, "alectinib", "lorlatinib"), apart, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced() with { Therapies = [] }, apart, ["Pregnancy"]).Verdict);
        // Every cohort asks for earlier treatment: an untreated patient fits none.
        string[] allTreated = [AdvancedAlk, "Part A (escalation): solid tumour that progressed on all standard therapy.", "Part B (expansion): NSCLC previously treated with 1 to 3 lines of systemic therapy."];
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced() with { Therapies = [] }, allTreated, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void A_negation_excludes_only_the_drug_it_names()
    {
        string[] inclusion = [AdvancedAlk, "Disease that progressed on alectinib or ceritinib; brigatinib-naive"];
        var c = Criteria(inclusion, ["Pregnancy"]);
        Assert.Contains("brigatinib", c.AgentsExcluded);
        Assert.DoesNotContain("alectinib", c.AgentsExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib"), inclusion, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1, "alectinib", "brigatinib"), inclusion, ["Pregnancy"]).Verdict);
    }

    [Theory]
    [InlineData("Up to two previous platinum-containing chemotherapy regimens")]
    [InlineData("Not more than 1 prior line of platinum-based chemotherapy, with or without a PD-1 antibody")]
    [InlineData("Fit to receive cisplatin-based doublet chemotherapy (carboplatin may replace cisplatin in patients who develop renal intolerance)")]
    public void A_cap_or_a_future_chemotherapy_requires_no_earlier_chemotherapy_or_immunotherapy(string inclusion)
    {
        var c = Criteria([AdvancedAlk, inclusion], ["Pregnancy"]);
        Assert.False(c.PriorChemoRequired);
        Assert.False(c.ImmunotherapyRequired);
    }

    [Fact]
    public void Any_earlier_systemic_therapy_including_adjuvant_excludes_a_patient_given_adjuvant_chemotherapy()
    {
        const string exclusion = "Previous systemic anti-cancer therapy for lung cancer, including adjuvant or neoadjuvant chemotherapy";
        Assert.True(Criteria(["Completely resected stage II-IIIA ALK-positive NSCLC"], [exclusion]).TreatmentNaiveRequired);
        var adjuvant = Resected("IIB") with { Therapies = [new MatchTherapy("carboplatin + pemetrexed", 1, "completed", false)] };
        Assert.Equal(Verdicts.LikelyExcluded, Match(adjuvant, ["Completely resected stage II-IIIA ALK-positive NSCLC"], [exclusion], "Adjuvant Drug Y in Resected ALK-positive NSCLC").Verdict);
    }

    [Fact]
    public void A_drug_the_record_lists_named_in_an_earlier_treatment_exclusion_excludes_and_an_exception_does_not()
    {
        string[] exclusion = ["Previous exposure to datopotamab deruxtecan or another TROP2 antibody-drug conjugate"];
        var treated = Advanced(1, "alectinib", "lorlatinib") with { Therapies = [new("alectinib", 1, "progression", false), new("datopotamab deruxtecan", 2, "progression", false)] };
        var m = Match(treated, [AdvancedAlk], exclusion);
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("datopotamab deruxtecan", StringComparison.Ordinal));
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(1, "alectinib"), [AdvancedAlk], exclusion).Verdict);
        // Named as the exception: not excluded by name.
        var docetaxel = Advanced(1, "alectinib") with { Therapies = [new("alectinib", 1, "progression", false), new("docetaxel", 2, "progression", false)] };
        Assert.DoesNotContain(Match(docetaxel, [AdvancedAlk], ["Prior treatment with any microtubule inhibitor other than docetaxel"]).Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void Histology_read_past_a_treatment_negation_and_a_histology_the_trial_excludes()
    {
        string[] nonSquamous = ["Non-squamous NSCLC, stage IV, not suitable for radical treatment, with an ALK fusion"];
        Assert.Equal("non-squamous", Criteria(nonSquamous, ["Pregnancy"]).HistologyRequired);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced() with { Histology = "squamous cell carcinoma" }, nonSquamous, ["Pregnancy"]).Verdict);
        string[] anySolid = ["Any advanced solid tumour with an ALK alteration; small-cell carcinoma and lymphoma are not eligible"];
        Assert.NotEqual("small-cell", Criteria(anySolid, ["Pregnancy"]).HistologyRequired);
    }

    [Fact]
    public void A_number_of_brain_metastases_is_to_check_not_an_exclusion()
    {
        string[] inclusion = [AdvancedAlk, "Contrast MRI showing between 2 and 10 brain metastases, none larger than 3 cm"];
        var c = Criteria(inclusion, ["Pregnancy"]);
        Assert.False(c.BrainMetsExcluded);
        Assert.True(c.BrainMetsRequired);
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced() with { Metastases = [new MatchSite("brain", "active")] }, inclusion, ["Pregnancy"]).Verdict);
        Assert.False(Criteria([AdvancedAlk, "No more than 4 brain metastases, all asymptomatic"], ["Pregnancy"]).BrainMetsExcluded);
    }

    [Fact]
    public void Progression_required_with_a_stop_reason_the_record_does_not_give_is_to_check()
    {
        string[] inclusion = [AdvancedAlk, "Radiographic progression on an ALK TKI; patients who stopped the TKI for side effects without progression are ineligible"];
        var unknownStop = Advanced() with { Therapies = [new MatchTherapy("brigatinib", 1, null, false)] };
        Assert.Equal(Verdicts.PossiblyEligible, Match(unknownStop, inclusion, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced(1, "brigatinib"), inclusion, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void ALK_named_as_the_patients_own_driver_beside_another_is_no_ALK_exclusion_and_an_adjuvant_exception_spares_the_drug()
    {
        var c = Criteria([AdvancedAlk], ["A second driver alteration in addition to the ALK fusion (for example EGFR or KRAS)"]);
        Assert.False(c.AlkExcluded);
        Assert.False(c.PriorAlkTkiExcluded);
        Assert.True(c.OtherDriverExcluded);
        // "except adjuvant alectinib": a record does not say which course was adjuvant, so a patient who had alectinib is to check.
        var spared = Criteria([AdvancedAlk], ["Prior ALK TKI therapy, except adjuvant alectinib"]);
        Assert.False(spared.PriorAlkTkiExcluded);
        Assert.DoesNotContain("alectinib", spared.AgentsExcluded);
        Assert.Contains(spared.ToCheck, i => i.Dimension == "therapy" && i.Exclusion);
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced(1, "alectinib"), [AdvancedAlk], ["Prior ALK TKI therapy, except adjuvant alectinib"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Advanced() with { Therapies = [] }, [AdvancedAlk], ["Prior ALK TKI therapy, except adjuvant alectinib"]).Verdict);
    }

    [Theory]
    [InlineData("ALK rearrangement shown by FISH, IHC or tissue/plasma NGS")]
    [InlineData("ALK fusion detected on tumour tissue or in blood (ctDNA) by a validated test")]
    [InlineData("Willingness to provide archival tissue and serial plasma samples for ctDNA research")]
    public void Plasma_listed_beside_tissue_or_given_for_research_is_not_a_plasma_requirement(string inclusion)
    {
        Assert.DoesNotContain(Criteria([AdvancedAlk, inclusion], ["Pregnancy"]).ToCheck, i => i.Dimension == "driver");
        Assert.Contains(Criteria([AdvancedAlk, "ALK resistance mutation detected in plasma ctDNA"], ["Pregnancy"]).ToCheck, i => i.Dimension == "driver");
    }

    [Fact]
    public void Performance_status_4_as_an_exclusion_and_EGFR_or_ALK_with_an_aside()
    {
        Assert.Equal(3, Criteria([AdvancedAlk], ["ECOG performance status of 4."]).EcogMax);
        var c = Criteria(["Stage IV NSCLC with an EGFR mutation (exon 19 deletion, L858R or another TKI-sensitising mutation) or an ALK rearrangement", "Progression after an EGFR or ALK TKI"], ["Pregnancy"]);
        Assert.DoesNotContain("EGFR", c.GenesRequired);
    }

    [Fact]
    public void A_time_since_adjuvant_therapy_is_to_check_for_a_completed_course()
    {
        string[] inclusion = [AdvancedAlk, "Earlier adjuvant chemotherapy is allowed only if completed at least 12 months before relapse"];
        Assert.True(Criteria(inclusion, ["Pregnancy"]).AdjuvantIntervalRequired);
        var completed = Advanced() with { Therapies = [new MatchTherapy("cisplatin + vinorelbine", 1, "completed", false), new MatchTherapy("alectinib", 2, null, true)] };
        Assert.Contains(Match(completed, inclusion, ["Pregnancy"]).Reasons, r => r.Kind == "unknown" && r.Text.Contains("12 months", StringComparison.Ordinal));
    }

    // ---- from the ninth blind-labelled set (set-i), scored after the set-h fixes: each class in other words

    [Fact]
    public void A_lung_condition_an_earlier_TKI_caused_is_excluded_not_the_TKI()
    {
        const string exclusion = "Known or previous pneumonitis, including drug-related pneumonitis on an earlier ALK inhibitor such as brigatinib";
        var c = Criteria([AdvancedAlk], [exclusion]);
        Assert.DoesNotContain("brigatinib", c.AgentsExcluded);
        Assert.False(c.PriorAlkTkiExcluded);
    }

    [Theory]
    [InlineData("Progression after at least one earlier line for advanced disease; chemotherapy, immunotherapy and targeted drugs all count as lines")]
    [InlineData("At least 1 prior systemic regimen (targeted therapy counts as a regimen; chemotherapy and immunotherapy are not required)")]
    public void Lines_that_say_what_counts_require_no_particular_kind(string inclusion)
    {
        var c = Criteria(["Advanced solid tumour", inclusion], ["Pregnancy"], "A Phase 1 Study of Drug Z in Advanced Solid Tumours");
        Assert.False(c.PriorChemoRequired);
        Assert.False(c.ImmunotherapyRequired);
    }

    [Theory]
    [InlineData("Any treatment history (untreated, on treatment, or after treatment) is accepted")]
    [InlineData("Regardless of previous therapy, including those on best supportive care only")]
    public void Any_treatment_history_requires_nothing(string inclusion)
    {
        string[] items = ["Lung cancer of any stage with an ALK fusion", inclusion];
        var c = Criteria(items, ["Unable to consent"], "A Registry of ALK-positive Lung Cancer");
        Assert.False(c.OnTreatmentRequired);
        Assert.False(c.TreatmentNaiveRequired);
        Assert.False(c.PretreatedRequired);
        var stopped = Advanced() with { Therapies = [new MatchTherapy("alectinib", 1, "toxicity", false)] };
        Assert.Equal(Verdicts.LikelyEligible, Match(stopped, items, ["Unable to consent"], "A Registry of ALK-positive Lung Cancer").Verdict);
    }

    [Fact]
    public void A_study_of_patients_named_after_their_cancer_with_a_double_cancer_exclusion_is_about_cancer()
    {
        string[] inclusion = ["ALK-rearranged NSCLC documented by FISH or NGS", "Progression on an ALK inhibitor, blood drawn before the next treatment"];
        string[] exclusion = ["Synchronous or metachronous double cancer within 5 years"];
        Assert.Equal(DiseaseKinds.Nsclc, Criteria(inclusion, exclusion, "Plasma Genotyping at Progression on ALK Inhibitors").Disease);
        Assert.NotEqual(Verdicts.NotRelevant, Match(Advanced(1, "alectinib"), inclusion, exclusion, "Plasma Genotyping at Progression on ALK Inhibitors").Verdict);
    }

    // ---- from a review of the set-h and set-i changes: each a way those rules went too far

    [Fact]
    public void A_window_in_one_clause_keeps_the_rest_of_an_ALK_exclusion()
    {
        var capped = Criteria([AdvancedAlk], ["More than two prior ALK TKIs, or any ALK TKI within 14 days before the first dose"]);
        Assert.Equal(2, capped.MaxPriorAlkTkis);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced(1, "crizotinib", "alectinib", "lorlatinib"), [AdvancedAlk], ["More than two prior ALK TKIs, or any ALK TKI within 14 days before the first dose"]).Verdict);
        var named = Criteria([AdvancedAlk], ["Previous treatment with lorlatinib, or with any ALK inhibitor within 14 days of the first dose"]);
        Assert.True(named.PriorAlkTkiExcluded || named.AgentsExcluded.Contains("lorlatinib"));
    }

    [Fact]
    public void A_condition_clause_spares_the_drug_only_where_it_names_the_condition()
    {
        Assert.Contains("lorlatinib", Criteria([AdvancedAlk], ["Known hypersensitivity to lorlatinib, or prior treatment with lorlatinib"]).AgentsExcluded);
        Assert.DoesNotContain("brigatinib", Criteria([AdvancedAlk], ["Prior pneumonitis, including pneumonitis during brigatinib"]).AgentsExcluded);
    }

    [Theory]
    [InlineData("Patients with 1-3 asymptomatic brain metastases are permitted")]
    [InlineData("Adults aged 18 to 75 years old without brain metastases")]
    [InlineData("0 to 3 brain metastases on MRI")]
    public void A_number_that_permits_brain_metastases_or_is_an_age_requires_none(string inclusion)
    {
        Assert.False(Criteria([AdvancedAlk, inclusion], ["Pregnancy"]).BrainMetsRequired);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Advanced() with { Metastases = [new MatchSite("bone", null), new MatchSite("brain", "none")] }, [AdvancedAlk, inclusion], ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void A_qualified_or_excepted_earlier_drug_is_to_check_or_spared()
    {
        var chemo = Advanced(1, "alectinib") with { Therapies = [new("alectinib", 1, "progression", false), new("carboplatin + pemetrexed", 2, "progression", false)] };
        var capped = Match(chemo, [AdvancedAlk], ["Prior treatment with more than one platinum regimen (e.g., carboplatin + pemetrexed)"]);
        Assert.DoesNotContain(capped.Reasons, r => r.Kind == "excludes");
        Assert.Equal(Verdicts.PossiblyEligible, capped.Verdict);
        var excepted = Match(chemo, [AdvancedAlk], ["Prior systemic therapy with any cytotoxic agent other than cisplatin, carboplatin, or pemetrexed"]);
        Assert.DoesNotContain(excepted.Reasons, r => r.Kind == "excludes");
        // A chemotherapy exclusion that names a drug concerns a record listing it.
        var docetaxel = Advanced(1, "alectinib") with { Therapies = [new("alectinib", 1, "progression", false), new("docetaxel", 2, "progression", false)] };
        Assert.NotEqual(Verdicts.LikelyEligible, Match(docetaxel, [AdvancedAlk], ["Patients previously treated with docetaxel"]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(chemo, [AdvancedAlk], ["Patients previously treated with docetaxel"]).Verdict);
    }

    [Fact]
    public void Progression_required_reads_stop_reasons_as_records_store_them()
    {
        string[] inclusion = [AdvancedAlk, "Radiographic progression on an ALK TKI; patients who stopped the TKI for side effects without progression are ineligible"];
        // Records store "side-effects" (a profile's "toxicity" is read as it); "other" does not say progression.
        Assert.Equal(Verdicts.LikelyExcluded, Match(Advanced() with { Therapies = [new MatchTherapy("brigatinib", 1, "side-effects", false)] }, inclusion, ["Pregnancy"]).Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(Advanced() with { Therapies = [new MatchTherapy("brigatinib", 1, "other", false)] }, inclusion, ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void Permissive_openings_and_conditions_do_not_swallow_requirements()
    {
        Assert.Contains("lorlatinib", Criteria([AdvancedAlk, "Regardless of prior therapy, patients must have progressed on lorlatinib"], ["Pregnancy"]).AgentsRequired);
        Assert.True(Criteria([AdvancedAlk, "Fit for study treatment; must have progressed after platinum chemotherapy"], ["Pregnancy"]).PriorChemoRequired);
        var during = Criteria([AdvancedAlk, "Patients treated with crizotinib during the last 2 years are not eligible"], ["Pregnancy"]);
        Assert.DoesNotContain("crizotinib", during.AgentsRequired);
        Assert.True(Criteria(["Advanced NSCLC", "Must have progressed on platinum chemotherapy and a PD-1 inhibitor, with no more than 2 prior lines"], ["Pregnancy"], "A Study in Advanced NSCLC").ImmunotherapyRequired);
    }
}
