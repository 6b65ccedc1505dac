using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

using static MatchingCases;

/// <summary>
/// The classes the thirteenth blind set (set-m) found wrong, as meanings: an inclusion item no reader understood is a requirement to
/// check, not a pass; a study for leptomeningeal disease excludes those without it; a brand in the record is its generic drug; drugs a
/// clause permits are exceptions; "no prior progression on an ALK TKI" does not bar the drug; a sentence pointing to another criterion
/// excludes nothing. Phrasings are our own, in the registry's style; each is tried on the patient it concerns and one it must leave alone.
/// </summary>
public class MatchingUnreadTests
{
    /// <summary><see cref="MatchingCases.AfterAlectinib"/>, a woman.</summary>
    private static MatchProfile AfterAlectinib() => MatchingCases.AfterAlectinib() with { Sex = "female" };

    [Theory]
    [InlineData("Current cigarette smoking, confirmed by exhaled carbon monoxide of 6 ppm or more")]
    [InlineData("Clinically significant depressive symptoms, defined as a PHQ-9 score of 10 or more at screening")]
    [InlineData("HLA-A*02:01 genotype by central typing")]
    [InlineData("Resides in a rural county (USDA rural-urban continuum codes 4 to 9)")]
    [InlineData("HER2 overexpression (IHC 3+ or IHC 2+) on the most recent tumour tissue")]
    public void An_inclusion_no_reader_understood_is_a_requirement_to_check(string requirement)
    {
        var without = Match(AfterAlectinib(), AlkAfterTki, ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.LikelyEligible, without.Verdict);
        var with = Match(AfterAlectinib(), [.. AlkAfterTki, requirement], ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.PossiblyEligible, with.Verdict);
        Assert.Contains(with.Reasons, r => r.Kind == "unknown" && r.Text.Contains(requirement, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Signed informed consent and willingness to comply with study visits")]
    [InlineData("Adequate organ function: ANC >= 1.5 x 10^9/L, platelets >= 100 x 10^9/L, creatinine clearance >= 50 mL/min")]
    [InlineData("Women of childbearing potential must use highly effective contraception")]
    [InlineData("Life expectancy of at least 12 weeks")]
    [InlineData("If receiving bisphosphonates, the dose must be stable for 4 weeks")]
    [InlineData("Able to swallow tablets")]
    [InlineData("PATIENTS")]
    public void An_inclusion_every_trial_asks_is_not_a_requirement_to_check(string item) =>
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), [.. AlkAfterTki, item], ["Pregnant or breastfeeding"]).Verdict);

    [Theory]
    [InlineData("Leptomeningeal metastases diagnosed by CSF cytology or by unequivocal leptomeningeal enhancement on MRI")]
    [InlineData("Patients with newly diagnosed leptomeningeal disease from a solid tumour")]
    public void A_study_for_leptomeningeal_disease_excludes_those_without_it(string inclusion)
    {
        string[] items = ["NSCLC with a documented ALK, EGFR or ROS1 alteration", inclusion, "Karnofsky performance status >= 50"];
        var parenchymal = AfterAlectinib() with { Metastases = [new MatchSite("brain", "treated-stable")] };
        Assert.Equal(Verdicts.LikelyExcluded, Match(parenchymal, items, ["Pregnancy"]).Verdict);
        var lepto = Match(AfterAlectinib() with { Metastases = [new MatchSite("leptomeningeal", "leptomeningeal")] }, items, ["Pregnancy"]);
        Assert.True(lepto.Verdict != Verdicts.LikelyExcluded, string.Join("\n", lepto.Reasons.Select(r => r.Kind + ": " + r.Text)));
        // One cohort among others is not the whole study's population.
        var cohort = Match(parenchymal, ["NSCLC with a documented ALK rearrangement", "Cohort B: " + inclusion], ["Pregnancy"]);
        Assert.True(cohort.Verdict != Verdicts.LikelyExcluded, string.Join("\n", cohort.Reasons.Select(r => r.Kind + ": " + r.Text)));
    }

    [Theory]
    [InlineData("Trodelvy", "Prior treatment with an antibody-drug conjugate with a topoisomerase I inhibitor payload (such as deruxtecan- or govitecan-based conjugates)")]
    [InlineData("Avastin", "Prior treatment with bevacizumab")]
    [InlineData("Taxotere", "Previous treatment with docetaxel")]
    public void A_brand_in_the_record_is_its_generic_drug(string brand, string exclusion)
    {
        var p = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy(brand, 2, "progression", false)] };
        var m = Match(p, AlkAfterTki, [exclusion]);
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains(brand, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), AlkAfterTki, [exclusion]).Verdict);
        Assert.NotNull(CancerDrugBrands.GenericOf(brand));
    }

    [Fact]
    public void Drugs_a_clause_permits_are_not_excluded()
    {
        var m = Match(AfterAlectinib(), AlkAfterTki, ["Any earlier lorlatinib or brigatinib; prior crizotinib, ceritinib, alectinib or ensartinib is allowed."]);
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
        var lorlatinib = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("lorlatinib", 2, "progression", false)] };
        Assert.Equal(Verdicts.LikelyExcluded, Match(lorlatinib, AlkAfterTki, ["Any earlier lorlatinib or brigatinib; prior crizotinib, ceritinib, alectinib or ensartinib is allowed."]).Verdict);
    }

    [Fact]
    public void No_prior_progression_on_an_ALK_TKI_does_not_bar_the_drug()
    {
        var onAlectinib = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, null, true)] };
        var m = Match(onAlectinib, ["Stage IV ALK-positive NSCLC", "Currently receiving first-line alectinib for at least 3 months, with no prior progression on any ALK TKI", "ECOG 0-1"], ["Pregnancy"],
            title: "Consolidative Drug V During First-Line ALK TKI Therapy");
        Assert.NotEqual(Verdicts.LikelyExcluded, m.Verdict);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void A_sentence_pointing_to_another_criterion_excludes_nothing()
    {
        var m = Match(AfterAlectinib(), AlkAfterTki, ["Use of a strong CYP3A4 inducer within 14 days before the first dose. Prior ALK TKIs are governed by the washout criterion above and not by this criterion."]);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
    }

    [Theory]
    [InlineData("Absolute neutrophil count >= 1.5 x 10^9/L without growth factor support within 14 days", "ANC 1.3 x 10^9/L (2026-10-02)")]
    [InlineData("Creatinine clearance >= 45 mL/min by Cockcroft-Gault", "serum creatinine 1.3 mg/dL, weight 52 kg")]
    [InlineData("ALT and AST <= 2.5 x ULN (<= 5 x ULN with liver metastases)", "ALT 140 U/L, AST 98 U/L")]
    public void A_laboratory_limit_is_to_check_for_a_record_that_gives_that_value(string inclusion, string lab)
    {
        var withLab = AfterAlectinib() with { Procedures = [("lab", lab)] };
        Assert.Equal(Verdicts.PossiblyEligible, Match(withLab, [.. AlkAfterTki, inclusion], ["Pregnancy"]).Verdict);
        // No value in the record: the limit is the study team's to measure, as in every trial.
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), [.. AlkAfterTki, inclusion], ["Pregnancy"]).Verdict);
        // A value for another test does not concern this limit.
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib() with { Procedures = [("lab", "TSH 2.1 mU/L")] }, [.. AlkAfterTki, inclusion], ["Pregnancy"]).Verdict);
    }

    [Fact]
    public void A_rule_for_those_without_a_driver_neither_excludes_nor_binds_a_patient_with_one()
    {
        string[] inclusion =
        [
            "Histologically or cytologically confirmed stage IV NSCLC (any histology)",
            "Progression after one platinum-based regimen for advanced disease. Participants without an actionable genomic alteration must also have received an anti-PD-1/PD-L1 antibody. Participants with an EGFR, ALK or ROS1 alteration must have progressed on at least one approved TKI.",
            "ECOG 0-1",
        ];
        var p = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("carboplatin + pemetrexed", 2, "progression", false)] };
        var m = Match(p, inclusion, ["Pregnancy"], title: "Drug D Plus Docetaxel Versus Docetaxel in Previously Treated NSCLC");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void A_list_of_permitted_treatments_does_not_exclude_driver_cancer()
    {
        var m = Match(AfterAlectinib(), ["Invasive cancer diagnosed during pregnancy", "Any cancer type, stage and treatment (including no treatment, surgery, chemotherapy, targeted therapy or radiotherapy during pregnancy)."], [],
            title: "International Registry of Cancer During Pregnancy");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("ALK", StringComparison.Ordinal));
    }

    [Fact]
    public void Genes_of_different_cohorts_are_ways_in_not_further_requirements()
    {
        var p = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("EGFR", "negative"), ("MET", "amplification (FISH ratio 3.1)")] };
        var m = Match(p, ["Metastatic NSCLC with a documented driver alteration: Cohort 1, EGFR exon 19 deletion or L858R after osimertinib; Cohort 2, ALK rearrangement after a second-generation ALK TKI", "MET amplification in tissue taken after the latest progression", "ECOG 0-1"], ["Pregnancy"],
            title: "Drug M Plus the Current TKI in MET-Amplified NSCLC After EGFR or ALK TKI");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("EGFR", StringComparison.Ordinal));
    }

    [Fact]
    public void A_permitting_sentence_inside_an_exclusion_caps_nothing()
    {
        var m = Match(AfterAlectinib(), AlkAfterTki, ["Prior treatment with a selective MET inhibitor. Prior crizotinib is allowed for Cohort 2 if followed by at least one other ALK TKI."]);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void Use_before_the_current_course_is_to_check_for_someone_on_that_drug_now()
    {
        var onLorlatinib = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("lorlatinib", 2, null, true)] };
        var m = Match(onLorlatinib, AlkAfterTki, ["Any exposure to lorlatinib or brigatinib before the current course; prior alectinib is allowed."]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("NOTE: patients with ALK fusion-positive NSCLC are not eligible for any cohort of this study", true)]
    [InlineData("Participants whose last ALK TKI was stopped for toxicity are not eligible", false)]
    [InlineData("Patients with ALK-positive NSCLC are not eligible for Cohort A but may enrol in Cohort B", false)]
    public void Stating_that_ALK_positive_patients_are_not_eligible_excludes_them(string sentence, bool excluded)
    {
        var m = Match(AfterAlectinib(), ["Advanced solid tumour with a qualifying gene fusion (ROS1, NTRK or ALK)", sentence, "ECOG 0-1"], ["Pregnancy"], title: "Drug F in Fusion-Positive Solid Tumours");
        Assert.Equal(excluded, m.Reasons.Any(r => r.Kind == "excludes" && r.Text.Contains("ALK-positive", StringComparison.Ordinal)));
    }

    // ---- the review of the set-m change, and the fourteenth blind set (set-n)

    [Theory]
    [InlineData("L858R detected; sent for orthogonal confirmation")]
    [InlineData("exon 19 deletion (repeat NGS ordered)")]
    public void A_result_with_a_finding_is_a_result_whatever_else_it_says(string alteration)
    {
        Assert.True(BiomarkerResults.ShowsAlteration(alteration));
        var p = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("EGFR", alteration)] };
        Assert.Equal(Verdicts.LikelyExcluded, Match(p, AlkAfterTki, ["Known EGFR sensitising mutation"]).Verdict);
    }

    [Fact]
    public void An_unread_requirement_is_kept_however_many_other_items_are_to_check()
    {
        string[] exclusions = ["Active hepatitis B", "Active hepatitis C", "HIV infection", "History of ILD", "QTcF > 470 ms", "Strong CYP3A inhibitors",
            "Uncontrolled hypertension", "Organ transplant", "Autoimmune disease requiring treatment", "Stroke within 6 months", "Pregnancy"];
        var m = Match(AfterAlectinib(), [.. AlkAfterTki, "Current cigarette smoking, confirmed by exhaled carbon monoxide of 6 ppm or more"], exclusions);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
    }

    [Fact]
    public void A_cohort_item_naming_one_extra_gene_still_requires_it()
    {
        var m = Match(AfterAlectinib(), ["Cohort 1 and Cohort 2: ALK-rearranged NSCLC with a concurrent MET amplification", "ECOG 0-1"], ["Pregnancy"]);
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("Prior ALK TKI therapy; prior lorlatinib is acceptable only if stopped for intolerance")]
    [InlineData("Prior treatment with an ALK TKI. Prior crizotinib or alectinib is allowed, but not lorlatinib.")]
    public void A_conditional_or_partial_permission_does_not_clear_the_exclusion(string exclusion)
    {
        var lorlatinib = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("lorlatinib", 2, "progression", false)] };
        Assert.NotEqual(Verdicts.LikelyEligible, Match(lorlatinib, AlkAfterTki, [exclusion]).Verdict);
    }

    [Theory]
    [InlineData("Patients with a known ALK rearrangement are not eligible unless they have received prior ALK-directed therapy")]
    [InlineData("Patients with ALK-positive NSCLC and untreated brain metastases are not eligible")]
    public void A_qualified_statement_about_ALK_patients_does_not_exclude_them_all(string sentence)
    {
        var m = Match(AfterAlectinib(), ["Advanced solid tumour with a qualifying gene fusion (ROS1, NTRK or ALK)", sentence, "ECOG 0-1"], ["Pregnancy"], title: "Drug F in Fusion-Positive Solid Tumours");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("does not take ALK-positive", StringComparison.Ordinal));
    }

    [Fact]
    public void A_leptomeningeal_heading_for_some_participants_is_not_the_population()
    {
        var treated = AfterAlectinib() with { Metastases = [new MatchSite("brain", "treated-stable")] };
        var m = Match(treated, [.. AlkAfterTki, "Leptomeningeal disease: patients with this condition must have a life expectancy over 8 weeks"], ["Pregnancy"]);
        Assert.NotEqual(Verdicts.LikelyExcluded, m.Verdict);
    }

    [Theory]
    [InlineData("HLA-A*02:01 positive as determined by a central laboratory")]
    [InlineData("Candidate for SBRT to all progressing sites as determined by the investigator")]
    [InlineData("Tumour uptake on FAPI PET greater than liver uptake by central assessment")]
    public void Qualifier_words_do_not_hide_a_requirement(string requirement) =>
        Assert.Equal(Verdicts.PossiblyEligible, Match(AfterAlectinib(), [.. AlkAfterTki, requirement], ["Pregnancy"]).Verdict);

    [Fact]
    public void A_brand_matches_its_whole_generic_not_a_shared_word()
    {
        var kadcyla = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("Kadcyla", 2, "progression", false)] };
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(kadcyla, AlkAfterTki, ["Prior trastuzumab deruxtecan"]).Verdict);
    }

    [Theory]
    [InlineData("IIB (pT3 N0 M0), resected")]
    [InlineData("IIIA (pT2a N2 M0)")]
    public void A_stage_written_with_its_TNM_is_its_stage_group(string stage)
    {
        var resected = AfterAlectinib() with { Stage = stage, Metastases = [], Therapies = [], Procedures = [("surgery", "Lobectomy 2026-06-01")] };
        var m = Match(resected, ["Completely resected (R0) NSCLC of pathological stage II, IIIA, or IIIB (T3 N2 only)", "Documented ALK rearrangement", "ECOG 0-1"], ["Pregnancy"],
            title: "Adjuvant Drug A Versus Alectinib After Resection of ALK-Positive NSCLC");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("not among the stages", StringComparison.Ordinal));
    }

    [Fact]
    public void Brain_metastases_ruled_out_only_near_a_structure_are_to_check()
    {
        var brain = AfterAlectinib() with { Metastases = [new MatchSite("brain", "active")] };
        var m = Match(brain, ["Solid tumour with 5 to 15 brain metastases on MRI", "No brain metastases within 5 mm of either hippocampus", "KPS >= 70"], ["Pregnancy"],
            title: "Hippocampal-Avoidance Whole-Brain Radiotherapy Versus Radiosurgery for 5-15 Brain Metastases");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("brain", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Prior invasive malignancy within 3 years, except adequately treated DCIS or non-melanoma skin cancer", "history", "Invasive breast cancer 2023, on adjuvant letrozole")]
    [InlineData("Pacemaker, implanted defibrillator or other implanted device that is not MR-conditional", "history", "Dual-chamber pacemaker since 2022")]
    public void An_exclusion_the_record_mentions_is_to_check(string exclusion, string kind, string detail)
    {
        var p = AfterAlectinib() with { Procedures = [(kind, detail)] };
        Assert.Equal(Verdicts.PossiblyEligible, Match(p, AlkAfterTki, [exclusion]).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), AlkAfterTki, [exclusion]).Verdict);
    }

    [Fact]
    public void A_fertility_study_is_not_an_ovarian_cancer_study()
    {
        var m = Match(AfterAlectinib() with { Sex = "female", Age = 31 }, ["Female, aged 18-42 years", "Newly diagnosed cancer with planned treatment that may impair fertility"], ["Pregnancy"],
            title: "Random-Start Ovarian Stimulation for Oocyte Cryopreservation in Women With Newly Diagnosed Cancer");
        Assert.NotEqual(Verdicts.NotRelevant, m.Verdict);
    }

    [Fact]
    public void A_study_listing_cancer_as_a_condition_of_its_own_takes_any_cancer()
    {
        // The registry stores each condition apart ("Fertility Preservation|Cancer|Oocyte Cryopreservation"): "Cancer" alone is any cancer.
        var m = Match(AfterAlectinib() with { Age = 31 }, ["Female, aged 18-42 years", "Newly diagnosed cancer with planned treatment that may impair fertility"], ["Current pregnancy"],
            title: "Letrozole Co-Treatment During Ovarian Stimulation Before Gonadotoxic Therapy", conditions: "Fertility Preservation|Cancer|Oocyte Cryopreservation");
        Assert.Contains(m.Reasons, r => r.Kind == "meets" && r.Criterion == "disease");
        Assert.NotEqual(Verdicts.NotRelevant, m.Verdict);
        var breast = Match(AfterAlectinib() with { Age = 31 }, ["Female, aged 18-42 years", "Newly diagnosed breast cancer"], ["Current pregnancy"],
            title: "Letrozole Co-Treatment During Ovarian Stimulation Before Gonadotoxic Therapy", conditions: "Fertility Preservation|Breast Cancer");
        Assert.Equal(Verdicts.NotRelevant, breast.Verdict);
    }

    [Theory]
    [InlineData("HER2 IHC", "pending")]
    [InlineData("HER2 IHC", "insufficient tissue")]
    [InlineData("HER2 IHC", "not tested")]
    public void A_negative_beside_a_test_without_a_result_does_not_settle_a_required_gene(string test, string result)
    {
        string[] inclusion = ["Advanced solid tumour after at least one prior systemic therapy", "HER2 expression IHC 3+ or 2+ on the most recent tumour tissue", "ECOG 0-1"];
        const string title = "HER2-Directed Antibody-Drug Conjugate in HER2-Expressing Advanced Solid Tumours";
        const string conditions = "Solid Tumor, Adult|HER2-positive Solid Tumors|Non-Small Cell Lung Cancer";
        var pending = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), (test, result), ("ERBB2 amplification (tissue NGS)", "not detected")] };
        var m = Match(pending, inclusion, ["Pregnancy"], title, conditions);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Criterion == "driver");
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Criterion == "driver" && r.Text.Contains(result, StringComparison.Ordinal));
        // Every test with a result, all negative: the gene is settled.
        var negative = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("HER2 IHC", "0 (negative)"), ("ERBB2 amplification (tissue NGS)", "not detected")] };
        Assert.Contains(Match(negative, inclusion, ["Pregnancy"], title, conditions).Reasons, r => r.Kind == "excludes" && r.Criterion == "driver");
    }

    [Theory]
    [InlineData("No brain metastases larger than 1 cm")]
    [InlineData("No brain metastases > 2 cm in diameter")]
    [InlineData("No brain metastases in the brainstem")]
    [InlineData("No brain metastasis adjacent to the optic chiasm")]
    public void Brain_metastases_ruled_out_only_by_size_or_place_are_to_check(string inclusion)
    {
        var brain = AfterAlectinib() with { Metastases = [new MatchSite("brain", "active")] };
        var m = Match(brain, [.. AlkAfterTki, inclusion], ["Pregnancy"]);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Criterion.Contains("brain", StringComparison.Ordinal));
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(inclusion, StringComparison.Ordinal));
        // The same words without a size or place rule out every brain metastasis.
        Assert.Contains(Match(brain, [.. AlkAfterTki, "No brain metastases"], ["Pregnancy"]).Reasons, r => r.Kind == "excludes");
    }

    // ---- the classes the fifteenth blind set (set-o) found wrong, in our own words

    [Fact]
    public void Alk_shown_only_in_plasma_is_to_check_where_the_trial_needs_tissue()
    {
        string[] inclusion = [.. AlkAfterTki, "ALK fusion demonstrated in tumour tissue by FISH, IHC or NGS; results from a blood-based (ctDNA) assay alone are not acceptable"];
        var plasma = AfterAlectinib() with { Biomarkers = [("ALK fusion (plasma ctDNA NGS)", "EML4-ALK detected")] };
        var m = Match(plasma, inclusion, ["Pregnancy"]);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Criterion == "ALK test" && r.Text.Contains("plasma", StringComparison.Ordinal));
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
        // A tissue result beside the plasma one, or a trial that takes plasma: nothing to check.
        var both = plasma with { Biomarkers = [.. plasma.Biomarkers!, ("ALK IHC (D5F3) on biopsy", "positive")] };
        Assert.DoesNotContain(Match(both, inclusion, ["Pregnancy"]).Reasons, r => r.Criterion == "ALK test");
        Assert.DoesNotContain(Match(plasma, [.. AlkAfterTki, "ALK fusion by a tissue or plasma assay"], ["Pregnancy"]).Reasons, r => r.Criterion == "ALK test");
    }

    [Fact]
    public void A_gene_excluded_only_when_present_at_diagnosis_is_to_check_for_an_acquired_one()
    {
        string[] exclusion = ["A second driver present at the time of initial diagnosis (MET amplification found before any TKI exposure); MET amplification acquired on an ALK TKI is allowed"];
        var acquired = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("MET (tissue NGS after progression)", "amplification, copy number 9")] };
        var m = Match(acquired, AlkAfterTki, exclusion);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Criterion == "driver");
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("MET amplification acquired", StringComparison.Ordinal));
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), AlkAfterTki, exclusion).Verdict);
        // Without a condition on when it arose, a co-existing driver excludes.
        Assert.Contains(Match(acquired, AlkAfterTki, ["Known co-existing MET amplification"]).Reasons, r => r.Kind == "excludes" && r.Criterion == "driver");
    }

    [Fact]
    public void A_change_to_a_later_alk_tki_concerns_only_those_who_changed()
    {
        string[] inclusion = ["Stage IV ALK-positive NSCLC currently on an ALK TKI with progression at up to 3 sites", "ECOG 0-2"];
        string[] exclusion = ["Patients who have already moved to a next-line ALK inhibitor for this progression"];
        var onFirst = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, null, true)] };
        var m = Match(onFirst, inclusion, exclusion, title: "Radiotherapy for Oligoprogression on an ALK TKI");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Criterion.Contains("therapy", StringComparison.Ordinal));
        Assert.DoesNotContain(m.Reasons, r => r.Text.Contains("next-line", StringComparison.Ordinal));
        var changed = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("lorlatinib", 2, null, true)] };
        Assert.Contains(Match(changed, inclusion, exclusion, title: "Radiotherapy for Oligoprogression on an ALK TKI").Reasons,
            r => r.Kind == "unknown" && r.Text.Contains("next-line", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Persistent grade 2 or higher toxicity of earlier treatment, other than alopecia or brigatinib-associated CK elevation", "brigatinib")]
    [InlineData("Unresolved adverse events of grade 2 or more, except hyperlipidaemia related to prior lorlatinib", "lorlatinib")]
    [InlineData("Unresolved toxicity of grade 2 or more, except hypercholesterolaemia secondary to lorlatinib", "lorlatinib")]
    [InlineData("Persistent grade 2 CK elevation from prior brigatinib", "brigatinib")]
    public void A_tki_named_as_the_cause_of_a_side_effect_is_not_excluded(string exclusion, string drug)
    {
        var after = AfterAlectinib() with { Therapies = [new MatchTherapy(drug, 1, "progression", false)] };
        var m = Match(after, ["Stage IV ALK-positive NSCLC after at least one ALK TKI", "ECOG 0-1"], [exclusion]);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
        // Named as treatment, it excludes.
        Assert.Contains(Match(after, ["Stage IV ALK-positive NSCLC after at least one ALK TKI", "ECOG 0-1"], [$"Prior treatment with {drug}"]).Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void Symptoms_attributed_to_cns_disease_are_not_brain_metastases()
    {
        var brain = AfterAlectinib() with { Metastases = [new MatchSite("brain", "treated")] };
        var m = Match(brain, [.. AlkAfterTki, "Clinically stable, without neurological signs due to intracranial disease or on a stable low steroid dose"], ["Pregnancy"]);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Criterion.Contains("brain", StringComparison.Ordinal));
        Assert.Contains(Match(brain, [.. AlkAfterTki, "Without intracranial metastases"], ["Pregnancy"]).Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void The_metastatic_setting_of_an_earlier_therapy_does_not_exclude_metastatic_disease()
    {
        string[] inclusion = ["Stage IIIB-IV ALK-positive NSCLC", "ECOG 0-1"];
        var untreated = AfterAlectinib() with { Therapies = [] };
        var m = Match(untreated, inclusion, ["Previous systemic regimens in the recurrent or metastatic setting, or any earlier ALK inhibitor"], title: "First-Line Drug Q in ALK-Positive NSCLC");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
        Assert.Contains(Match(untreated, ["Stage I-III ALK-positive NSCLC after complete resection"], ["Distant metastatic disease"], title: "Adjuvant Drug Q").Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void Earlier_immunotherapy_that_remains_eligible_is_not_required()
    {
        var untreated = AfterAlectinib() with { Therapies = [] };
        var m = Match(untreated, ["Stage IV ALK-positive NSCLC", "No systemic therapy for advanced disease. Those who had adjuvant chemotherapy or immunotherapy remain eligible if it ended 6 months or more before recurrence", "ECOG 0-1"], ["Pregnancy"],
            title: "First-Line Drug Q in ALK-Positive NSCLC");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("immunotherapy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_surveillance_study_listing_brain_metastases_does_not_require_them()
    {
        string[] inclusion = ["ALK-positive advanced NSCLC on an ALK TKI", "No contraindication to MRI"];
        var none = AfterAlectinib();
        var watch = Match(none, inclusion, ["Claustrophobia"], title: "Three-Monthly Brain MRI Surveillance During ALK TKI Therapy", conditions: "Brain Metastases|ALK-positive NSCLC");
        Assert.DoesNotContain(watch.Reasons, r => r.Kind == "excludes" && r.Criterion.Contains("brain", StringComparison.Ordinal));
        var treat = Match(none, inclusion, ["Claustrophobia"], title: "Radiosurgery Schedules for ALK-Positive NSCLC With Brain Metastases", conditions: "Brain Metastases|ALK-positive NSCLC");
        Assert.Contains(treat.Reasons, r => r.Kind == "excludes" && r.Criterion.Contains("brain", StringComparison.Ordinal));
    }

    // ---- the classes the sixteenth blind set (set-p) found wrong, in our own words

    [Theory]
    [InlineData("procedure", "radiotherapy|SBRT 54 Gy in 3 fractions to a right upper lobe nodule, completed two months ago", "Radiotherapy to the lung or mediastinum of more than 30 Gy within 6 months before the first dose")]
    [InlineData("procedure", "history|Coughed up about a teaspoon of blood last month; bronchoscopy found no source", "Haemoptysis of 2.5 mL or more within 3 months")]
    public void A_record_that_mentions_what_a_window_exclusion_names_is_to_check(string where, string what, string exclusion)
    {
        var m = WithExclusion(Mentioning(where, what), exclusion);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(exclusion, StringComparison.Ordinal));
        Assert.Equal(Verdicts.LikelyEligible, WithExclusion(AfterAlectinib(), exclusion).Verdict);
        // Radiotherapy elsewhere, or "no haemoptysis", does not concern it.
        Assert.Equal(Verdicts.LikelyEligible, WithExclusion(Mentioning("procedure", "radiotherapy|8 Gy single fraction to the right hip"), exclusion).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, WithExclusion(Mentioning("procedure", "history|No haemoptysis or other bleeding"), exclusion).Verdict);
    }

    [Theory]
    [InlineData("KR", 18, "Age ≥ 18 years (≥ 19 years in the Republic of Korea; ≥ 20 years in Japan and Taiwan)", true)]
    [InlineData("JP", 19, "Age ≥ 18 years (≥ 19 years in the Republic of Korea; ≥ 20 years in Japan and Taiwan)", true)]
    [InlineData("TW", 20, "Age ≥ 18 years (≥ 19 years in the Republic of Korea; ≥ 20 years in Japan and Taiwan)", false)]
    [InlineData("US", 18, "Age ≥ 18 years (≥ 19 years in the Republic of Korea; ≥ 20 years in Japan and Taiwan)", false)]
    [InlineData("SG", 20, "Aged at least 18 years, or at least 21 years of age in Singapore", true)]
    [InlineData("GB", 18, "Aged at least 18 years, or at least 21 years of age in Singapore", false)]
    public void A_higher_minimum_age_in_some_countries_applies_to_patients_there(string country, int age, string inclusion, bool excluded)
    {
        var p = AfterAlectinib() with { Country = country, Age = age };
        var t = new Trial
        {
            NctId = "NCT09999988", Title = "Drug Q in ALK-Positive NSCLC After an ALK TKI", Conditions = "Non-small Cell Lung Cancer", Status = "RECRUITING", MinAgeYears = 18,
            Countries = "United States|United Kingdom|Korea, Republic of|Japan|Taiwan|Singapore",
            EligibilityText = "Inclusion Criteria:\n\n* " + string.Join("\n* ", [inclusion, .. AlkAfterTki]) + "\n\nExclusion Criteria:\n\n* Pregnancy",
        };
        CriteriaParser.Apply(t);
        var m = TrialMatcher.Match(p, CatalogTrial.From(t));
        Assert.Equal(excluded, m.Reasons.Any(r => r.Kind == "excludes" && r.Criterion == "age"));
    }

    [Fact]
    public void A_blinded_study_treatment_leaves_the_rules_on_earlier_treatment_to_check()
    {
        string[] inclusion = ["Stage IV ALK-positive NSCLC", "Exactly one prior ALK TKI, which must have been crizotinib", "ECOG 0-1"];
        var blinded = AfterAlectinib() with { Therapies = [new MatchTherapy("blinded study drug (investigational ALK TKI or crizotinib)", 1, "progression", false)] };
        var m = Match(blinded, inclusion, ["Pregnancy"]);
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("blinded", StringComparison.Ordinal));
        var known = AfterAlectinib() with { Therapies = [new MatchTherapy("crizotinib", 1, "progression", false)] };
        Assert.DoesNotContain(Match(known, inclusion, ["Pregnancy"]).Reasons, r => r.Text.Contains("blinded", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Uses a personal smartphone with the study app installed on it; help from a caregiver is allowed, but shared devices are not")]
    [InlineData("Has Medicare Part D prescription drug coverage or a commercial prescription plan, with a family member able to help with forms")]
    public void A_group_named_later_in_an_item_does_not_make_it_about_another_group(string requirement)
    {
        var m = WithInclusion(AfterAlectinib(), requirement);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(requirement, StringComparison.Ordinal));
        // An item that begins with another group is about that group.
        Assert.Equal(Verdicts.LikelyEligible, WithInclusion(AfterAlectinib(), "Caregivers: an adult family member who provides unpaid care").Verdict);
    }

    [Theory]
    [InlineData("A Phase 2 Study of a CNS-Penetrant ALK Inhibitor After Lorlatinib", false)]
    [InlineData("Brain MRI Surveillance During ALK TKI Therapy", false)]
    [InlineData("Radiosurgery Versus Observation for ALK-Positive NSCLC With Brain Metastases", true)]
    public void Brain_metastases_listed_as_a_condition_are_required_only_by_a_study_of_patients_with_them(string title, bool required)
    {
        string[] inclusion = ["Stage IV ALK-positive NSCLC", "ECOG 0-1"];
        var m = Match(AfterAlectinib(), inclusion, ["Pregnancy"], title: title, conditions: "Non-Small Cell Lung Cancer|ALK Gene Rearrangement|Brain Metastases");
        Assert.Equal(required, m.Reasons.Any(r => r.Kind == "excludes" && r.Criterion.Contains("brain", StringComparison.Ordinal)));
    }

    [Fact]
    public void Brain_metastases_excluded_only_for_a_consequence_are_to_check()
    {
        var brain = AfterAlectinib() with { Metastases = [new MatchSite("brain", "treated")] };
        const string exclusion = "Brain metastases causing neurological deficits that would prevent completing the questionnaires";
        var m = WithExclusion(brain, exclusion);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(exclusion, StringComparison.Ordinal));
        Assert.Contains(WithExclusion(brain, "Brain metastases").Reasons, r => r.Kind == "excludes");
    }

    // ---- what a review of the set-o/set-p change found, each read on the patient it concerns

    [Theory]
    [InlineData("No brain metastases; life expectancy of more than 3 months")]
    [InlineData("No brain metastases and no more than 2 prior lines of therapy")]
    [InlineData("No known brain metastases. At least one measurable lesion > 10 mm")]
    public void A_size_elsewhere_in_the_item_does_not_limit_a_brain_exclusion(string inclusion)
    {
        var brain = AfterAlectinib() with { Metastases = [new MatchSite("brain", "active")] };
        Assert.Contains(Match(brain, [.. AlkAfterTki, inclusion], ["Pregnancy"]).Reasons, r => r.Kind == "excludes" && r.Criterion.Contains("brain", StringComparison.Ordinal));
    }

    [Fact]
    public void A_place_named_for_another_lesion_does_not_limit_a_brain_exclusion()
    {
        var brain = AfterAlectinib() with { Metastases = [new MatchSite("brain", "treated")] };
        Assert.Contains(WithExclusion(brain, "Brain metastases or tumour adjacent to major blood vessels").Reasons, r => r.Kind == "excludes");
        Assert.DoesNotContain(Match(brain with { Metastases = [new MatchSite("brain", "active")] }, [.. AlkAfterTki, "No brain metastases larger than one centimetre"], ["Pregnancy"]).Reasons,
            r => r.Kind == "excludes");
    }

    [Fact]
    public void A_permission_for_some_does_not_cancel_a_requirement()
    {
        var untreated = AfterAlectinib() with { Therapies = [] };
        var m = Match(untreated, ["Stage IV ALK-positive NSCLC", "Progression on at least one prior ALK TKI (patients who stopped a TKI for intolerance remain eligible)", "ECOG 0-1"], ["Pregnancy"]);
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "excludes");
    }

    [Theory]
    [InlineData("Any prior systemic anticancer therapy for locally advanced or metastatic NSCLC, and any prior ALK inhibitor in any setting", false)]
    [InlineData("Prior systemic treatment for recurrent/metastatic disease", false)]
    [InlineData("Metastatic disease, or prior systemic therapy for advanced NSCLC", true)]
    public void The_setting_of_an_earlier_treatment_is_not_a_stage_exclusion(string exclusion, bool stageExcluded)
    {
        var untreated = AfterAlectinib() with { Therapies = [] };
        var m = Match(untreated, ["ALK-positive NSCLC", "ECOG 0-1"], [exclusion], title: "Drug Q in Previously Untreated ALK-Positive NSCLC");
        Assert.Equal(stageExcluded, m.Reasons.Any(r => r.Kind == "excludes" && r.Criterion == "setting"));
    }

    [Fact]
    public void A_later_tki_clause_keeps_the_cap_beside_it()
    {
        var three = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("brigatinib", 2, "progression", false), new MatchTherapy("lorlatinib", 3, "progression", false)] };
        Assert.Contains(WithExclusion(three, "More than 2 prior ALK TKIs, or started a new ALK inhibitor after the current progression").Reasons, r => r.Kind == "excludes");
        var onFirst = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, null, true)] };
        Assert.DoesNotContain(Match(onFirst, ["Stage IV ALK-positive NSCLC on an ALK TKI", "ECOG 0-1"], ["Patients whose ALK inhibitor has already been changed for this progression"]).Reasons,
            r => r.Kind == "excludes");
    }

    [Fact]
    public void A_gene_excluded_whenever_it_arose_still_excludes()
    {
        var met = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("MET (tissue NGS)", "amplification, copy number 9")] };
        Assert.Contains(WithExclusion(met, "MET amplification, whether present at diagnosis or acquired during treatment").Reasons, r => r.Kind == "excludes" && r.Criterion == "driver");
    }

    [Theory]
    [InlineData("ALK fusion in tumour tissue, or in plasma ctDNA when tissue is not sufficient", false)]
    [InlineData("ALK fusion in tumour tissue; blood-based tests are not permitted", true)]
    public void Plasma_is_to_check_only_where_the_trial_refuses_it(string inclusion, bool toCheck)
    {
        var plasma = AfterAlectinib() with { Biomarkers = [("ALK fusion (plasma ctDNA NGS)", "EML4-ALK detected")] };
        Assert.Equal(toCheck, Match(plasma, [.. AlkAfterTki, inclusion], ["Pregnancy"]).Reasons.Any(r => r.Criterion == "ALK test"));
    }

    [Fact]
    public void A_negative_from_the_test_a_variant_needs_settles_it_beside_another_untested()
    {
        var p = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("ERBB2 mutation (tissue NGS)", "not detected"), ("HER2 IHC", "not tested")] };
        var m = Match(p, ["Advanced NSCLC with a HER2 exon 20 insertion mutation", "ECOG 0-1"], ["Pregnancy"], title: "Drug Z in HER2 Exon 20 Insertion NSCLC", conditions: "Non-Small Cell Lung Cancer|HER2 Exon 20 Insertion");
        Assert.Contains(m.Reasons, r => r.Kind == "excludes" && r.Criterion == "driver");
        // A trial that does not say which kind of HER2 alteration: the untested IHC may be the one, so it is to check.
        var any = Match(p, ["Advanced solid tumour with a HER2 alteration", "ECOG 0-1"], ["Pregnancy"], title: "Drug Z in HER2-Altered Solid Tumours", conditions: "Solid Tumor|HER2-positive Solid Tumors");
        Assert.DoesNotContain(any.Reasons, r => r.Kind == "excludes" && r.Criterion == "driver");
    }

    // ---- the classes the seventeenth blind set (set-q) found wrong, in our own words

    [Theory]
    [InlineData("pT2 N1 M1b", true)]
    [InlineData("cT4 N3 M1c (AJCC 8th)", true)]
    [InlineData("T1c N0 M0", false)]
    public void A_stage_written_only_as_tnm_is_read_by_its_m_category(string stage, bool advanced)
    {
        var p = AfterAlectinib() with { Stage = stage };
        var m = Match(p, ["Stage IV (M1a-M1c) ALK-positive NSCLC after an ALK TKI", "ECOG 0-1"], ["Pregnancy"]);
        Assert.Equal(advanced, !m.Reasons.Any(r => r.Kind == "excludes" && r.Criterion == "stage"));
        Assert.Equal(advanced ? 4 : null, p.StageNumber is 4 ? 4 : (int?)null);
    }

    [Fact]
    public void An_exclusion_of_earlier_tkis_beyond_an_allowance_elsewhere_is_to_check()
    {
        string[] inclusion = ["Stage IV ALK-positive NSCLC", "No prior systemic therapy for advanced disease; up to 14 days of a standard ALK TKI before randomisation is allowed", "ECOG 0-1"];
        var started = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, null, true)] };
        var m = Match(started, inclusion, ["Any prior ALK TKI beyond what is permitted above"], title: "First-Line Drug Q Versus Alectinib in ALK-Positive NSCLC");
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Text.Contains("permitted above", StringComparison.Ordinal));
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("permitted above", StringComparison.Ordinal));
        // Without the pointer, an earlier TKI excludes.
        Assert.Contains(Match(started, inclusion, ["Any prior ALK TKI"], title: "First-Line Drug Q Versus Alectinib in ALK-Positive NSCLC").Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void An_early_stage_record_whose_notes_affirm_a_metastasis_leaves_stage_rules_to_check()
    {
        string[] inclusion = ["Completely resected stage IB-IIIA ALK-positive NSCLC", "Currently receiving adjuvant alectinib"];
        var resected = AfterAlectinib() with { Stage = "IIB", Metastases = [], Therapies = [new MatchTherapy("alectinib", 0, null, true)],
            Procedures = [("surgery", "Right lower lobectomy, R0, pT2b N1 (metastatic carcinoma in 2 of 14 lymph nodes)")] };
        Assert.DoesNotContain(Match(resected, inclusion, ["Recurrent disease"], title: "Adherence to Adjuvant Alectinib").Reasons, r => r.Text.Contains("recurred", StringComparison.Ordinal));
        var spread = resected with { Procedures = [.. resected.Procedures!, ("biopsy", "Liver biopsy last week: metastatic adenocarcinoma, lung primary")] };
        var m = Match(spread, inclusion, ["Recurrent disease"], title: "Adherence to Adjuvant Alectinib");
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("metastatic adenocarcinoma", StringComparison.Ordinal));
        var clear = resected with { Procedures = [.. resected.Procedures!, ("imaging", "CT last week: no evidence of recurrence or metastasis")] };
        Assert.DoesNotContain(Match(clear, inclusion, ["Recurrent disease"], title: "Adherence to Adjuvant Alectinib").Reasons, r => r.Text.Contains("recurred", StringComparison.Ordinal));
    }

    // ---- a review of the set-q change: recurrence beside an early stage, read where the record keeps it

    private static readonly string[] MetastaticTrial = ["Stage IV or recurrent ALK-positive NSCLC after an ALK TKI", "ECOG 0-1"];
    private static readonly string[] AdjuvantTrial = ["Completely resected stage IB-IIIA ALK-positive NSCLC", "ECOG 0-1"];

    [Theory]
    [InlineData("imaging|CT: the cancer recurred in the liver")]
    [InlineData("imaging|New liver mets on CT")]
    [InlineData("imaging|PET: recurrence in mediastinal lymph nodes and liver")]
    [InlineData("imaging|Restaged rM1b after a new adrenal lesion")]
    public void An_early_stage_record_with_a_recurrence_is_excluded_from_neither_setting(string procedure)
    {
        var parts = procedure.Split('|');
        var p = AfterAlectinib() with { Stage = "IB", Metastases = [], Therapies = [new MatchTherapy("alectinib", 0, "completed", false)], Procedures = [("surgery", "Lobectomy"), (parts[0], parts[1])] };
        foreach (var trial in new[] { MetastaticTrial, AdjuvantTrial })
        {
            var m = Match(p, trial, ["Pregnancy"]);
            Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes" && r.Criterion is "stage" or "setting");
            Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("recurred or spread", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("history|Recurrent laryngeal nerve palsy after surgery")]
    [InlineData("note|Adjuvant alectinib to reduce recurrence risk")]
    [InlineData("imaging|Recurrence: none")]
    [InlineData("imaging|Pathology: micrometastasis in one node (pN1mi)")]
    [InlineData("history|Metastatic melanoma 2010, no evidence of disease since")]
    public void Words_that_are_not_this_cancer_s_recurrence_leave_the_stage_to_decide(string procedure)
    {
        var parts = procedure.Split('|');
        var p = AfterAlectinib() with { Stage = "IB", Metastases = [], Therapies = [new MatchTherapy("alectinib", 0, "completed", false)], Procedures = [("surgery", "Lobectomy"), (parts[0], parts[1])] };
        Assert.Contains(Match(p, MetastaticTrial, ["Pregnancy"]).Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void A_record_s_m_category_progressions_and_procedure_notes_reach_the_recurrence_reading()
    {
        static MatchProfile Of(Action<PatientRecord> set)
        {
            var record = new PatientRecord { Stage = "IB", AlkStatus = "positive", Histology = "adenocarcinoma" };
            set(record);
            return MatchProfile.FromRecord(record, new DateOnly(2026, 11, 30));
        }
        var plain = Of(_ => { });
        Assert.Contains(Match(plain, MetastaticTrial, ["Pregnancy"]).Reasons, r => r.Kind == "excludes" && r.Criterion is "stage" or "setting");
        foreach (var p in new[]
        {
            Of(r => r.StageM = "M1b"),
            Of(r => r.Progressions.Add(new ProgressionEvent { Date = new DateOnly(2026, 10, 1), Where = "liver", FoundBy = "scan" })),
            Of(r => r.Procedures.Add(new ProcedureEntry { Kind = "biopsy", Name = "adrenal biopsy", Note = "metastatic adenocarcinoma, lung primary" })),
        })
            Assert.DoesNotContain(Match(p, MetastaticTrial, ["Pregnancy"]).Reasons, r => r.Kind == "excludes" && r.Criterion is "stage" or "setting");
    }

    [Fact]
    public void A_stage_group_written_beside_an_m1_is_to_check()
    {
        var p = AfterAlectinib() with { Stage = "IIIB (cT4 N2 M1a)", Metastases = [] };
        Assert.DoesNotContain(Match(p, MetastaticTrial, ["Pregnancy"]).Reasons, r => r.Kind == "excludes" && r.Criterion is "stage" or "setting");
    }

    [Theory]
    [InlineData("Prior lorlatinib, or more than 2 prior ALK TKIs; other ALK therapy except as permitted in inclusion 5")]
    public void A_pointer_beside_a_plain_tki_exclusion_keeps_the_exclusion(string exclusion)
    {
        var p = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, "progression", false), new MatchTherapy("lorlatinib", 2, "progression", false)] };
        Assert.Contains(Match(p, MetastaticTrial, [exclusion]).Reasons, r => r.Kind == "excludes");
    }
}
