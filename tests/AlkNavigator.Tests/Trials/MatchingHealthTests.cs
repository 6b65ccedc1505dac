using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Facts outside the record's deciding dimensions (HealthFacts, README "Calibration"): a condition or medicine the trial excludes and the
/// record mentions, a treatment the trial needs to be planned, a condition the trial needs (an impairment, a grade ≥ 2 side effect), and
/// the brain and cancer readings that the tenth blind set (set-j) found wrong. Phrasings are our own, in the registry's style; each class
/// is tested against the patient it concerns and against one it must leave alone.
/// </summary>
public class MatchingHealthTests
{
    /// <summary>ALK-positive stage IV adenocarcinoma after alectinib, no brain metastases, ECOG 1, in the United States.</summary>
    private static MatchProfile AfterAlectinib() => new()
    {
        Age = 61, Sex = "male", Country = "US", Histology = "adenocarcinoma", Stage = "IVB", AlkStatus = "positive", Ecog = 1,
        Metastases = [new MatchSite("liver", "progressing"), new MatchSite("brain", "none")],
        Therapies = [new MatchTherapy("alectinib", 1, "progression", false)], Procedures = [], Biomarkers = [("ALK", "EML4-ALK fusion")],
    };

    private static TrialMatch Match(MatchProfile p, string[] inclusion, string[] exclusion, string title = "A Phase 2 Study of Drug Q in ALK-Positive Advanced NSCLC After an ALK TKI",
        string conditions = "Non-small Cell Lung Cancer; ALK Gene Rearrangement")
    {
        var t = new Trial
        {
            NctId = "NCT09999990", Title = title, Conditions = conditions, Countries = "United States", Status = "RECRUITING", MinAgeYears = 18,
            EligibilityText = "Inclusion Criteria:\n\n" + string.Join("\n", inclusion.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n" + string.Join("\n", exclusion.Select(i => "* " + i)),
        };
        CriteriaParser.Apply(t);
        return TrialMatcher.Match(p, CatalogTrial.From(t));
    }

    private static readonly string[] AlkAfterTki =
    [
        "Histologically confirmed stage IV non-small cell lung cancer with a documented ALK rearrangement",
        "Disease progression on at least one prior ALK tyrosine kinase inhibitor",
        "ECOG performance status 0-1",
    ];

    private static TrialMatch WithExclusion(MatchProfile p, string exclusion) => Match(p, AlkAfterTki, ["Pregnant or breastfeeding", exclusion]);

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
    };

    [Theory]
    [MemberData(nameof(Mentioned))]
    public void An_exclusion_naming_a_condition_or_medicine_the_record_mentions_is_to_check_not_met(string exclusion, string where, string what, string kind)
    {
        var before = WithExclusion(AfterAlectinib(), exclusion);
        Assert.Equal(Verdicts.LikelyEligible, before.Verdict); // nearly every trial names such conditions: they concern only those who have them

        var parts = what.Split('|');
        var p = where switch
        {
            "result" => AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), (parts[0], parts[1])] },
            "procedure" => AfterAlectinib() with { Procedures = [(parts[0], parts[1])] },
            "medicine" => AfterAlectinib() with { Medicines = [what] },
            _ => AfterAlectinib() with { Notes = what },
        };
        var m = WithExclusion(p, exclusion);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        var reason = Assert.Single(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(exclusion, StringComparison.Ordinal));
        Assert.Contains(kind, reason.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("to check", reason.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("result", "HBsAg|negative")]
    [InlineData("note", "No history of hepatitis B or C; HIV negative.")]
    [InlineData("note", "Hepatitis B serology non-reactive.")]
    [InlineData("medicine", "nystatin oral suspension")]
    public void A_negative_result_or_a_negated_mention_is_not_a_condition(string where, string what)
    {
        var parts = what.Split('|');
        var p = where switch
        {
            "result" => AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), (parts[0], parts[1])] },
            "medicine" => AfterAlectinib() with { Medicines = [what] },
            _ => AfterAlectinib() with { Notes = what },
        };
        var m = WithExclusion(p, "Active hepatitis B, hepatitis C or HIV infection; use of any statin");
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

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
        var m = Match(AfterAlectinib(), [.. AlkAfterTki, plan], ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(plan, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("At least 14 days must have elapsed since the last dose of any anticancer therapy before starting study treatment")]
    [InlineData("Adequate organ function within 14 days prior to beginning treatment on this study")]
    [InlineData("Participants must not plan to undergo major surgery during the study")]
    public void Timing_around_the_study_s_own_treatment_is_not_a_plan(string item)
    {
        var m = Match(AfterAlectinib(), [.. AlkAfterTki, item], ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
    }

    [Theory]
    [InlineData("CTCAE grade 2 or higher peripheral neuropathy that began during ALK TKI treatment")]
    [InlineData("Impaired physical function on the screening geriatric assessment (at least one abnormal domain)")]
    [InlineData("Frailty, defined as a Clinical Frailty Scale score of 5 or more")]
    [InlineData("Grade ≥2 hypertriglyceridaemia despite dietary advice")]
    public void A_condition_the_trial_needs_is_to_check(string condition)
    {
        var m = Match(AfterAlectinib(), [.. AlkAfterTki, condition], ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.PossiblyEligible, m.Verdict);
        Assert.Contains(m.Reasons, r => r.Kind == "unknown" && r.Text.Contains(condition, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("No impairment of decision-making capacity")]
    [InlineData("Toxicities of prior therapy of grade ≥2 must have resolved to grade ≤1")]
    [InlineData("Mild hepatic impairment (Child-Pugh A) is permitted")]
    public void A_condition_ruled_out_resolved_or_permitted_is_not_required(string item)
    {
        var m = Match(AfterAlectinib(), [.. AlkAfterTki, item], ["Pregnant or breastfeeding"]);
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
    [InlineData("Pathologically proven NSCLC, clinical stage T1-2 N0 M0, peripheral location", "Synchronous primary lung cancer or any lung cancer within the previous 2 years")]
    [InlineData("Biopsy-proven non-small cell lung cancer, stage I, not suitable for surgery", "Prior lung cancer treated within 3 years")]
    public void A_trial_for_proven_lung_cancer_with_a_previous_cancer_exclusion_is_about_cancer(string inclusion, string exclusion)
    {
        var p = AfterAlectinib() with { Stage = "IA2", Metastases = [], Therapies = [] };
        var m = Match(p, [inclusion, "ECOG 0-2"], [exclusion], title: "Stereotactic Radiotherapy Schedules for Early-Stage Lung Cancer", conditions: "Lung Cancer, Early Stage");
        Assert.NotEqual(Verdicts.NotRelevant, m.Verdict);
    }
}
