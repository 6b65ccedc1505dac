using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

using static MatchingCases;

/// <summary>
/// Facts outside the record's deciding dimensions (HealthFacts, README "Calibration"): a condition or medicine the trial excludes and the
/// record mentions, a treatment the trial needs to be planned, a condition the trial needs (an impairment, a grade ≥ 2 side effect), and
/// the brain and cancer readings that the tenth blind set (set-j) found wrong. Phrasings are our own, in the registry's style; each class
/// is tested against the patient it concerns and against one it must leave alone.
/// </summary>
public class MatchingHealthTests
{
    // ---- a condition or medicine the trial excludes and the record mentions

    public static TheoryData<string, string, string, string> Mentioned => new()
    {
        // exclusion, where the record says it (result | procedure | medicine | note), what it says, the kind named in the reason
        { "Known chronic hepatitis B infection (positive HBsAg) unless the viral load is suppressed on antiviral therapy", "result", "HBsAg|positive", "hepatitis B" },
        { "Active HBV or HCV infection", "note", "Hepatitis C treated with sofosbuvir in 2019, cured.", "hepatitis C" },
        { "Patients currently taking HMG-CoA reductase inhibitors", "medicine", "rosuvastatin 10 mg nightly", "lipid-lowering" },
        { "Concomitant use of strong inhibitors or inducers of CYP3A4 within 14 days of the first dose", "medicine", "Sporanox 200 mg daily", "CYP3A" },
        { "Requirement for therapeutic anticoagulation", "procedure", "medication|apixaban 5 mg twice daily", "anticoagulant" },
        { "Ongoing treatment with medications known to prolong the QT interval", "medicine", "escitalopram 10 mg", "QT interval" },
        { "History of non-infectious pneumonitis that required steroids", "note", "Grade 2 pneumonitis on brigatinib in 2024, resolved with prednisone.", "pneumonitis" },
        { "Uncontrolled seizure disorder", "medicine", "levetiracetam 500 mg twice daily", "seizures" },
        { "Human immunodeficiency virus infection with a detectable viral load", "result", "HIV|reactive; on antiretroviral therapy", "HIV" },
        // one kind's words must not hide another's
        { "Concurrent therapy with anticoagulants, statins, or drugs known to prolong QTc", "medicine", "apixaban 5 mg twice daily", "anticoagulant" },
        // a medicine the item names, matched through the interaction table
        { "Enzyme-inducing anti-epileptic medicines (phenytoin, carbamazepine) within 14 days", "medicine", "Tegretol 200 mg twice daily", "carbamazepine" },
    };

    [Theory]
    [MemberData(nameof(Mentioned))]
    public void An_exclusion_naming_a_condition_or_medicine_the_record_mentions_is_to_check_not_met(string exclusion, string where, string what, string kind)
    {
        var before = WithExclusion(AfterAlectinib(), exclusion);
        Assert.Equal(Verdicts.LikelyEligible, before.Verdict); // nearly every trial names such conditions: they concern only those who have them

        var m = WithExclusion(Mentioning(where, what), exclusion);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        var reason = Assert.Single(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(exclusion, StringComparison.Ordinal));
        Assert.Contains(kind, reason.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("to check", reason.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> MentionedSetK => new()
    {
        // the eleventh blind set's classes (set-k), in other words
        { "Congenital long QT syndrome or QTcF above 480 ms at screening", "procedure", "assessment|ECG March 2026: QTcF 492 ms, sinus rhythm", "long QT" },
        { "Known long QT syndrome", "note", "Romano-Ward long QT syndrome, on nadolol.", "long QT" },
        { "Women who are pregnant or nursing", "procedure", "history|postpartum: baby born 8 weeks ago", "pregnancy" },
        { "Prior interstitial lung disease or pneumonitis requiring steroids", "procedure", "history|early-onset pulmonary event on day 2 of brigatinib, resolved after stopping it", "pneumonitis" },
    };

    [Theory]
    [MemberData(nameof(MentionedSetK))]
    public void More_conditions_a_record_can_mention(string exclusion, string where, string what, string kind) =>
        An_exclusion_naming_a_condition_or_medicine_the_record_mentions_is_to_check_not_met(exclusion, where, what, kind);

    [Theory]
    [InlineData("assessment|ECG: QTcF 421 ms", "Congenital long QT syndrome or QTcF above 480 ms at screening")]
    [InlineData("medication|clarithromycin 500 mg twice daily for 7 days, finished last month", "Use of strong CYP3A inhibitors within 7 days of the first dose")]
    [InlineData("medication|warfarin, discontinued in 2024 after the clot resolved", "Therapeutic anticoagulation with a vitamin K antagonist")]
    [InlineData("history|one focal seizure in 2025, none since", "Enzyme-inducing anti-epileptic medicines (phenytoin, carbamazepine) within 14 days")]
    public void A_normal_value_a_stopped_medicine_or_a_condition_the_item_does_not_name_leaves_the_trial_likely(string procedure, string exclusion)
    {
        var parts = procedure.Split('|');
        var m = WithExclusion(AfterAlectinib() with { Procedures = [(parts[0], parts[1])] }, exclusion);
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    [Fact]
    public void A_medicine_the_record_does_not_name_concerns_an_exclusion_of_medicines()
    {
        const string exclusion = "Use of varenicline or bupropion in the past 30 days";
        var p = AfterAlectinib() with { Procedures = [("medication", "a tablet to help stop smoking from the GP last week; name not recorded")] };
        Assert.Equal(Verdicts.PossiblyEligible, WithExclusion(p, exclusion).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, WithExclusion(AfterAlectinib() with { Procedures = [("medication", "paracetamol as needed")] }, exclusion).Verdict);
    }

    [Fact]
    public void A_stopped_medicine_still_counts_when_it_is_still_listed_as_current_elsewhere()
    {
        var p = AfterAlectinib() with { Procedures = [("medication", "warfarin stopped 2024"), ("medication", "apixaban 5 mg twice daily")] };
        Assert.Equal(Verdicts.PossiblyEligible, WithExclusion(p, "Therapeutic anticoagulation").Verdict);
    }

    [Theory]
    [InlineData("result", "HBsAg|negative")]
    [InlineData("note", "No history of hepatitis B or C; HIV negative.")]
    [InlineData("note", "Hepatitis B serology non-reactive.")]
    [InlineData("medicine", "nystatin oral suspension")]
    [InlineData("note", "HIV, HBV, HCV negative at screening.")]
    [InlineData("note", "Negative for HIV, HBV and HCV.")]
    [InlineData("note", "HIV test: negative")]
    [InlineData("note", "Wears hearing aids in both ears.")]
    [InlineData("note", "Father had hepatitis B.")]
    public void A_negative_result_or_a_negated_mention_is_not_a_condition(string where, string what)
    {
        var m = WithExclusion(Mentioning(where, what), "Active hepatitis B, hepatitis C or HIV infection; use of any statin");
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("Active autoimmune disease (vitiligo, type 1 diabetes or hypothyroidism on replacement are permitted)", "Type 2 diabetes on metformin.", Verdicts.LikelyEligible)]
    [InlineData("Uncontrolled hypertension despite two medicines", "Hypertension, well controlled on amlodipine.", Verdicts.LikelyEligible)]
    [InlineData("Uncontrolled hypertension despite two medicines", "Hypertension since 2020.", Verdicts.PossiblyEligible)]
    public void Permitted_asides_and_uncontrolled_qualifiers_are_read(string exclusion, string note, string verdict) =>
        Assert.Equal(verdict, WithExclusion(AfterAlectinib() with { Notes = note }, exclusion).Verdict);

    [Fact]
    public void A_condition_named_only_as_an_exception_does_not_concern_the_patient()
    {
        var p = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("HBsAg", "positive, HBV DNA undetectable on entecavir")] };
        var m = WithExclusion(p, "Active infection requiring systemic treatment, except hepatitis B controlled on antiviral therapy");
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    [Fact]
    public void A_record_s_other_medicines_and_notes_reach_matching()
    {
        var record = new PatientRecord { Notes = "Type 2 diabetes, diet-controlled." };
        record.Medicines.Add(new OtherMedicine { Name = "Clarithromycin", Dose = "500 mg twice daily" });
        var p = MatchProfile.FromRecord(record, new DateOnly(2026, 11, 30));
        var facts = HealthFacts.InRecord(p);
        Assert.Contains("cyp3a", facts.Keys); // from the interaction table: clarithromycin is a strong CYP3A inhibitor
        Assert.Contains("qt-drug", facts.Keys);
        Assert.Contains("diabetes", facts.Keys);
        Assert.DoesNotContain("hepatitis-b", facts.Keys);
    }

    // ---- a planned treatment or a condition the trial needs

    [Theory]
    [InlineData("Scheduled to begin a new line of systemic treatment within 2 weeks of registration")]
    [InlineData("Planning to receive chemotherapy, immunotherapy or targeted therapy for advanced disease within the next 30 days")]
    [InlineData("Patients starting a new systemic anticancer regimen as recommended by their oncologist")]
    public void A_treatment_that_must_be_planned_is_to_check(string plan)
    {
        var m = WithInclusion(AfterAlectinib(), plan);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(plan, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("At least 14 days must have elapsed since the last dose of any anticancer therapy before starting study treatment")]
    [InlineData("Adequate organ function within 14 days prior to beginning treatment on this study")]
    [InlineData("Participants must not plan to undergo major surgery during the study")]
    public void Timing_around_the_study_s_own_treatment_is_not_a_plan(string item)
    {
        var m = WithInclusion(AfterAlectinib(), item);
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("CTCAE grade 2 or higher peripheral neuropathy that began during ALK TKI treatment")]
    [InlineData("Impaired physical function on the screening geriatric assessment (at least one abnormal domain)")]
    [InlineData("Frailty, defined as a Clinical Frailty Scale score of 5 or more")]
    [InlineData("Grade ≥2 hypertriglyceridaemia despite dietary advice")]
    public void A_condition_the_trial_needs_is_to_check(string condition)
    {
        var m = WithInclusion(AfterAlectinib(), condition);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(condition, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("No impairment of decision-making capacity")]
    [InlineData("Toxicities of prior therapy of grade ≥2 must have resolved to grade ≤1")]
    [InlineData("Mild hepatic impairment (Child-Pugh A) is permitted")]
    public void A_condition_ruled_out_resolved_or_permitted_is_not_required(string item)
    {
        var m = WithInclusion(AfterAlectinib(), item);
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    // ---- leptomeningeal cohorts, untreated brain metastases among others, "proven" cancer

    private static MatchProfile Leptomeningeal() => AfterAlectinib() with { Metastases = [new MatchSite("brain", "leptomeningeal")] };

    [Fact]
    public void A_cohort_for_leptomeningeal_disease_takes_it_where_a_stability_rule_would_have_excluded_it()
    {
        string[] inclusion =
        [
            .. AlkAfterTki,
            "Group 1 – parenchymal: one or more untreated or progressing-after-radiotherapy brain lesions of at least 5 mm",
            "Group 2 – leptomeningeal: leptomeningeal spread proven by CSF cytology or characteristic MRI, neurologically stable for at least 1 week",
        ];
        var m = Match(Leptomeningeal(), inclusion, ["Pregnant or breastfeeding"], title: "Drug Q for ALK-Positive NSCLC With Brain or Leptomeningeal Metastases");
        Assert.NotEqual(Verdicts.LikelyExcluded, m.Verdict);
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void Without_such_a_cohort_leptomeningeal_disease_is_still_excluded()
    {
        var m = Match(Leptomeningeal(), AlkAfterTki, ["Leptomeningeal carcinomatosis or carcinomatous meningitis"]);
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
        var brainStable = Match(Leptomeningeal(), [.. AlkAfterTki, "No evidence of leptomeningeal disease on MRI"], ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.LikelyExcluded, brainStable.Verdict);
    }

    [Fact]
    public void Untreated_brain_metastases_that_are_eligible_are_allowed_not_required_and_a_size_limit_is_not_all_brain_metastases()
    {
        string[] inclusion = [.. AlkAfterTki, "Patients with untreated, asymptomatic brain metastases up to 1.5 cm each and not needing steroids are eligible."];
        string[] exclusion = ["Symptomatic CNS metastases regardless of size, or asymptomatic brain metastases larger than 1.5 cm."];
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), inclusion, exclusion).Verdict);
        var active = Match(AfterAlectinib() with { Metastases = [new MatchSite("brain", "active")] }, inclusion, exclusion);
        Assert.Equal(Verdicts.PossiblyEligible, active.Verdict);
        Assert.DoesNotContain(active.Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void Cohorts_that_all_need_brain_disease_exclude_a_patient_without_it()
    {
        string[] inclusion =
        [
            .. AlkAfterTki,
            "Part 1: at least one measurable, untreated or post-radiation progressing brain metastasis of 10 mm or more",
            "Part 2: leptomeningeal disease confirmed by CSF cytology",
        ];
        var m = Match(AfterAlectinib(), inclusion, ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.LikelyExcluded, m.Verdict);
    }

    [Theory]
    [InlineData("EML4-ALK v3; L1196M detected; G1202R not detected (plasma NGS)", Verdicts.LikelyExcluded)]
    [InlineData("L1196M present, no G1202R on tissue NGS", Verdicts.LikelyExcluded)]
    [InlineData("G1202R detected in plasma", Verdicts.LikelyEligible)]
    public void A_mutation_a_result_says_was_not_found_does_not_meet_a_requirement_for_it(string result, string verdict)
    {
        var p = AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), ("ALK", result)] };
        var m = Match(p, [.. AlkAfterTki, "Documented ALK G1202R mutation after progression on the latest ALK TKI"], ["Pregnant or breastfeeding"]);
        Assert.Equal(verdict, m.Verdict);
        Assert.DoesNotContain("G1202R", MatchProfile.MutationsFound("G1202R not detected; I1171N detected"));
    }

    [Fact]
    public void An_exclusion_of_some_metastases_at_a_site_is_to_check_for_those_with_metastases_there()
    {
        const string risky = "Bone metastases with impending pathological fracture or needing surgical stabilisation";
        var bone = AfterAlectinib() with { Metastases = [new MatchSite("bone", "stable"), new MatchSite("brain", "none")] };
        var m = WithExclusion(bone, risky);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(risky, StringComparison.Ordinal));
        Assert.Equal(Verdicts.LikelyEligible, WithExclusion(AfterAlectinib(), risky).Verdict); // liver only
        Assert.Equal(Verdicts.LikelyExcluded, WithExclusion(bone, "Bone metastases").Verdict);
    }

    [Fact]
    public void Brain_metastases_offered_beside_another_way_in_are_not_required()
    {
        string[] inclusion = [.. AlkAfterTki, "Malignant pericardial effusion or brain metastases at enrolment"];
        var m = Match(AfterAlectinib(), inclusion, ["Pregnant or breastfeeding"], conditions: "ALK-positive NSCLC; Pericardial Effusion; Brain Metastases");
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        var allowed = Match(AfterAlectinib(), [.. AlkAfterTki, "Treated or untreated brain metastases are eligible"], ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.LikelyEligible, allowed.Verdict);
    }

    [Fact]
    public void A_window_after_resection_is_to_check()
    {
        var p = AfterAlectinib() with { Stage = "IIB", Metastases = [], Therapies = [], Procedures = [("surgery", "right upper lobectomy")] };
        string[] inclusion =
        [
            "Completely resected stage IB-IIIA ALK-positive NSCLC",
            "Enrolment no later than 10 weeks after complete resection",
            "No prior systemic anticancer therapy",
        ];
        var m = Match(p, inclusion, ["Pregnant or breastfeeding"], title: "Adjuvant Drug Q in Resected ALK-Positive NSCLC");
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("10 weeks", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stage_named_cancer_with_a_cancer_vaccine_exclusion_is_a_cancer_trial()
    {
        var on = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, null, true)] };
        var m = Match(on, ["Stage IV ALK-positive NSCLC on a first ALK TKI for at least 3 months", "ECOG 0-1"], ["Prior cancer vaccine or checkpoint inhibitor"],
            title: "A Peptide Vaccine Added to an ALK TKI", conditions: "ALK-positive NSCLC; Cancer Vaccines");
        Assert.NotEqual(Verdicts.NotRelevant, m.Verdict);
    }

    // ---- the twelfth blind set's classes (set-l), in other words

    [Fact]
    public void A_mixed_histology_is_concerned_by_a_histology_exclusion()
    {
        string[] inclusion = [.. AlkAfterTki, "Non-squamous NSCLC; mixed tumours qualify only when the squamous part is a minority"];
        string[] exclusion = ["Predominantly squamous histology or any small-cell component"];
        Assert.Equal(Verdicts.PossiblyEligible, Match(AfterAlectinib() with { Histology = "adenosquamous carcinoma" }, inclusion, exclusion).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), inclusion, exclusion).Verdict);
    }

    [Fact]
    public void A_drug_named_as_an_exception_is_not_required()
    {
        string[] inclusion = [AlkAfterTki[0], "Progression on at least one earlier ALK inhibitor other than lorlatinib", "ECOG 0-1"];
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), inclusion, ["Prior lorlatinib"]).Verdict);
    }

    [Fact]
    public void A_language_requirement_concerns_a_record_that_mentions_a_language_need()
    {
        string[] inclusion = [.. AlkAfterTki, "Able to complete the questionnaires in English without help; interpreters cannot be used"];
        var m = Match(AfterAlectinib() with { Notes = "Speaks only Vietnamese; a professional interpreter attends every visit." }, inclusion, ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("language", StringComparison.Ordinal));
        Assert.Equal(Verdicts.LikelyEligible, Match(AfterAlectinib(), inclusion, ["Pregnant or breastfeeding"]).Verdict);
    }

    [Fact]
    public void Palliative_care_the_record_mentions_concerns_an_exclusion_of_it_and_palliative_radiotherapy_does_not()
    {
        const string exclusion = "Already followed by an outpatient specialist palliative care service";
        Assert.Equal(Verdicts.PossiblyEligible, WithExclusion(AfterAlectinib() with { Notes = "Seen in the palliative care clinic in May for pain." }, exclusion).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, WithExclusion(AfterAlectinib() with { Procedures = [("radiation", "palliative radiotherapy to the right hip")] }, exclusion).Verdict);
    }

    [Fact]
    public void Discordant_ALK_tests_are_to_check_and_an_untested_ALK_is_not_positive()
    {
        var discordant = AfterAlectinib() with { Biomarkers = [("ALK FISH (local)", "positive, 18% split signals"), ("ALK IHC (Ventana D5F3, central)", "negative")] };
        var m = WithExclusion(discordant, "Pregnant");
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains("negative ALK test", StringComparison.Ordinal));
        var untested = AfterAlectinib() with { AlkStatus = null, Biomarkers = [("ALK", "not tested (insufficient tissue)")] };
        Assert.False(untested.IsAlkPositive);
    }

    [Fact]
    public void A_gene_written_with_its_test_is_that_gene()
    {
        var egfr = AfterAlectinib() with { AlkStatus = null, Therapies = [new MatchTherapy("carboplatin + pemetrexed", 1, "progression", false)],
            Biomarkers = [("EGFR (tissue PCR assay)", "exon 20 insertion (A767_V769dup)"), ("ALK", "not tested")] };
        var m = Match(egfr, ["Advanced NSCLC with a documented EGFR exon 20 insertion mutation", "Progression after platinum-based chemotherapy", "ECOG 0-1"],
            ["Pregnant", "Earlier treatment with an EGFR exon 20 insertion-directed TKI or a KRAS G12C inhibitor"],
            title: "Drug Z in NSCLC With EGFR Exon 20 Insertion Mutations", conditions: "Non-small Cell Lung Cancer; EGFR Exon 20 Insertion");
        Assert.Contains(m.Reasons, r => r.Kind == "meets" && r.Text.Contains("EGFR", StringComparison.Ordinal));
        Assert.DoesNotContain(m.Reasons, r => r.Kind == "excludes");
    }

    [Fact]
    public void A_leptomeningeal_cohort_with_a_condition_is_to_check()
    {
        string[] inclusion = [.. AlkAfterTki, "Leptomeningeal disease proven by CSF cytology; MRI findings alone are not enough unless a repeat tap shows malignant cells"];
        var m = Match(Leptomeningeal(), inclusion, ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
    }

    [Fact]
    public void Treatment_now_or_planned_soon_is_met_by_an_ongoing_treatment()
    {
        string[] inclusion = [AlkAfterTki[0], "Currently receiving, or due to start within 3 weeks, an oral targeted therapy", "ECOG 0-1"];
        var onAlectinib = AfterAlectinib() with { Therapies = [new MatchTherapy("alectinib", 1, null, true)] };
        Assert.Equal(Verdicts.LikelyEligible, Match(onAlectinib, inclusion, ["Pregnant"], title: "Exercise During Targeted Therapy for Lung Cancer").Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(AfterAlectinib(), inclusion, ["Pregnant"], title: "Exercise During Targeted Therapy for Lung Cancer").Verdict);
    }

    [Fact]
    public void A_site_exclusion_with_an_unless_is_to_check_for_those_with_that_site()
    {
        var bone = AfterAlectinib() with { Metastases = [new MatchSite("bone", "stable"), new MatchSite("brain", "none")] };
        var m = WithExclusion(bone, "Lytic bone metastases in weight-bearing bones unless assessed as safe for exercise by the treating team; lesions irradiated at least 4 weeks earlier are acceptable");
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("Pathologically proven NSCLC, clinical stage T1-2 N0 M0, peripheral location", "Synchronous primary lung cancer or any lung cancer within the previous 2 years")]
    [InlineData("Biopsy-proven non-small cell lung cancer, stage I, not suitable for surgery", "Prior lung cancer treated within 3 years")]
    public void A_trial_for_proven_lung_cancer_with_a_previous_cancer_exclusion_is_about_cancer(string inclusion, string exclusion)
    {
        var p = AfterAlectinib() with { Stage = "IA2", Metastases = [], Therapies = [] };
        var m = Match(p, [inclusion, "ECOG 0-2"], [exclusion], title: "Stereotactic Radiotherapy Schedules for Early-Stage Lung Cancer", conditions: "Lung Cancer, Early Stage");
        Assert.NotEqual(Verdicts.NotRelevant, m.Verdict);
    }
}
