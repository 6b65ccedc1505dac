using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Classes of sentences whose meaning is not what their words suggest: a negated list of drivers in an inclusion, a sentence about
/// a subgroup or a test, "… or other genomic alterations", "advanced (stage III …) or metastatic", washouts, "standard therapy has
/// failed" for ALK-positive cancer, exclusions of other drivers and of ongoing therapy, and observational studies of people on
/// immunotherapy. Each is tested on several phrasings written here in the registry's style (other genes, drugs and wording), with
/// the positive and the negative reading.
/// </summary>
public class MatchingMeaningTests
{
    // ---- patients

    /// <summary>ALK-positive stage IVB adenocarcinoma, treatment-naive, no brain metastases, ECOG 1, 58, in the United States.</summary>
    private static MatchProfile Naive() => new()
    {
        Age = 58, Sex = "female", Country = "US", Histology = "adenocarcinoma", Stage = "IVB", AlkStatus = "positive", Ecog = 1,
        Metastases = [new MatchSite("bone", null)], Therapies = [], Procedures = [], Biomarkers = [("ALK", "EML4-ALK fusion")],
    };

    private static MatchProfile After(params (string Agent, bool Ongoing)[] therapies) => Naive() with
    {
        Therapies = therapies.Select((t, k) => new MatchTherapy(t.Agent, k + 1, t.Ongoing ? null : "progression", t.Ongoing)).ToList(),
    };

    private static MatchProfile WithBiomarker(string gene, string alteration) => Naive() with
    {
        Biomarkers = [("ALK", "EML4-ALK fusion"), (gene, alteration)],
    };

    // ---- trials

    private static Trial NewTrial(string eligibility, string title, string? summary = null, string? studyType = "INTERVENTIONAL",
        string conditions = "Non-small Cell Lung Cancer")
    {
        var t = new Trial
        {
            NctId = "NCT09999998", Title = title, Conditions = conditions, EligibilityText = eligibility, BriefSummary = summary,
            StudyType = studyType, Countries = "United States", Status = "RECRUITING", MinAgeYears = 18,
        };
        CriteriaParser.Apply(t);
        return t;
    }

    private static TrialCriteria Criteria(string eligibility, string title = "A Study of Drug X in Advanced Non-small Cell Lung Cancer", string? summary = null,
        string? studyType = "INTERVENTIONAL") => TrialCriteria.FromJson(NewTrial(eligibility, title, summary, studyType).CriteriaJson);

    private static TrialMatch Match(MatchProfile p, string eligibility, string title = "A Study of Drug X in Advanced Non-small Cell Lung Cancer",
        string? summary = null, string? studyType = "INTERVENTIONAL", string conditions = "Non-small Cell Lung Cancer") =>
        TrialMatcher.Match(p, CatalogTrial.From(NewTrial(eligibility, title, summary, studyType, conditions)));

    private static string Inc(params string[] items) => "Inclusion Criteria:\n\n" + string.Join("\n", items.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n* Pregnant or breastfeeding";

    private static string IncExc(string[] inclusion, string[] exclusion) =>
        "Inclusion Criteria:\n\n" + string.Join("\n", inclusion.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n" + string.Join("\n", exclusion.Select(i => "* " + i));

    private const string Advanced = "Histologically or cytologically confirmed locally advanced or metastatic NSCLC";
    private const string AdvancedAlk = "Histologically or cytologically confirmed locally advanced or metastatic NSCLC with a documented ALK rearrangement";

    private static bool Quoted(TrialMatch m, string words) => m.Reasons.Any(r => r.Text.Contains(words, StringComparison.Ordinal));

    // ---- 1. a negation scopes over the whole list of drivers that follows it

    [Theory]
    [InlineData("Do not have an epidermal growth factor receptor (EGFR) mutation, anaplastic lymphoma kinase (ALK) translocation, rearranged during transfection (RET), ROS1 or other actionable molecular alterations that can be treated with approved targeted agents.")]
    [InlineData("Must not harbor sensitizing EGFR mutations, ALK or ROS1 rearrangements, or a BRAF V600E mutation")]
    [InlineData("Tumour without known EGFR, HER2, ALK, ROS1, RET or NTRK alterations")]
    [InlineData("Absence of EGFR exon 19 deletion or L858R mutation and of ALK or ROS1 fusions")]
    [InlineData("Negative for EGFR mutation, ALK rearrangement and ROS1 fusion by an approved test")]
    [InlineData("No known EGFR mutation, ALK fusion or other targetable driver alteration")]
    [InlineData("Lack of EGFR, ALK and ROS1 genomic alterations")]
    [InlineData("Patients must be wild-type for EGFR, BRAF, ALK and ROS1")]
    public void A_negated_list_of_drivers_in_an_inclusion_excludes_ALK(string sentence)
    {
        var c = Criteria(Inc(Advanced, sentence), title: "A Study of Drug Y in KRAS G12C-mutant Non-small Cell Lung Cancer");
        Assert.True(c.AlkExcluded);
        Assert.False(c.AlkRequired);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), Inc(Advanced, sentence)).Verdict);
    }

    [Theory]
    [InlineData("ALK-positive NSCLC without prior systemic therapy for advanced disease")]
    [InlineData("Documented ALK rearrangement; patients must not have an EGFR mutation")]
    [InlineData("Tumours without an EGFR mutation but with an ALK fusion detected by FISH or NGS")]
    [InlineData("No prior treatment with chemotherapy; ALK-positive by an approved test")]
    [InlineData("Any NSCLC histology excluding squamous cell carcinoma, with ALK rearrangement by FISH")]
    [InlineData("Non-squamous NSCLC without brain metastases, ALK-positive by IHC")]
    public void A_negation_that_does_not_reach_ALK_leaves_ALK_required(string sentence)
    {
        var c = Criteria(Inc(Advanced, sentence));
        Assert.True(c.AlkRequired);
        Assert.False(c.AlkExcluded);
    }

    [Theory]
    [InlineData("Patients must have documentation of presence of KRASG12C mutation in tumor tissue.", "KRAS")]
    [InlineData("Documented EGFRL858R mutation or exon 19 deletion", "EGFR")]
    [InlineData("Presence of a BRAFV600E mutation confirmed by a local laboratory", "BRAF")]
    public void A_gene_glued_to_its_variant_is_that_gene(string sentence, string gene)
    {
        var c = Criteria(Inc(Advanced, sentence));
        Assert.StartsWith(gene, c.OtherDriverRequired);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), Inc(Advanced, sentence)).Verdict);
    }

    // ---- 2. a subgroup or a test is not a driver requirement

    [Theory]
    [InlineData("Patients must have had prior testing for BRAF V600 mutations. Patients with BRAF V600 activating mutation must have received prior therapy with a BRAF/MEK inhibitor")]
    [InlineData("Patients with EGFR mutation must have received osimertinib")]
    [InlineData("If EGFR-positive, patients must have progressed on an approved EGFR TKI")]
    [InlineData("Participants whose tumours harbour a KRAS G12C mutation should have received sotorasib or adagrasib")]
    [InlineData("Tumour tissue must have been tested for EGFR, ROS1 and BRAF before enrolment")]
    [InlineData("Known PD-L1 expression; HER2 status must be known")]
    public void A_sentence_about_a_subgroup_or_a_test_requires_no_driver(string sentence)
    {
        var c = Criteria(Inc(Advanced, sentence));
        Assert.Null(c.OtherDriverRequired);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(After(("alectinib", false)), Inc(Advanced, sentence)).Verdict);
    }

    [Theory]
    [InlineData("EGFR mutation required (exon 19 deletion or L858R)", "EGFR")]
    [InlineData("Documented activating EGFR mutation", "EGFR")]
    [InlineData("NSCLC with a KRAS G12C mutation confirmed by local testing", "KRAS")]
    [InlineData("Patients must have a documented RET fusion", "RET")]
    public void A_driver_requirement_stays_a_requirement(string sentence, string gene)
    {
        Assert.StartsWith(gene, Criteria(Inc(Advanced, sentence)).OtherDriverRequired);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), Inc(Advanced, sentence)).Verdict);
    }

    [Fact]
    public void Patients_with_ALK_who_must_have_had_a_TKI_are_a_subgroup_not_the_trials_population()
    {
        var c = Criteria(Inc(Advanced, "Patients with ALK rearrangement must have received at least one ALK TKI"));
        Assert.False(c.AlkRequired);
        Assert.False(c.AlkExcluded);
    }

    [Theory]
    [InlineData("Patients with ALK-positive NSCLC must have progressed on at least one ALK TKI")]
    [InlineData("Participants with histologically confirmed ALK-rearranged non-small cell lung cancer must have measurable disease")]
    public void A_population_that_names_the_disease_is_the_trials_own(string sentence) =>
        Assert.True(Criteria(Inc(sentence)).AlkRequired);

    [Fact]
    public void Current_or_prior_therapy_excluded_still_excludes_earlier_treatment()
    {
        var eligibility = IncExc([AdvancedAlk], ["Current or prior systemic anticancer therapy (chemotherapy, immunotherapy, targeted therapy) for advanced disease"]);
        Assert.True(Criteria(eligibility).ConcurrentTherapyExcluded);
        Assert.NotEqual(Verdicts.LikelyEligible, Match(After(("alectinib", false)), eligibility).Verdict);
    }

    // ---- 3. "or other genomic alterations": the named driver is one of several

    [Theory]
    [InlineData("A Study of Drug Z vs Docetaxel in Previously Treated Nonsquamous NSCLC With EGFR Mutations or Other Genomic Alterations")]
    [InlineData("Drug W in Advanced NSCLC Harboring KRAS G12C or Other Actionable Alterations")]
    [InlineData("Drug V for Lung Cancer With HER2 Mutations and Other Driver Alterations")]
    public void A_title_naming_one_driver_or_others_is_at_most_possibly(string title)
    {
        var c = Criteria(Inc(Advanced), title: title);
        Assert.Null(c.OtherDriverRequired);
        Assert.Contains(c.ToCheck, x => x.Dimension == "driver");
        Assert.Equal(Verdicts.PossiblyEligible, Match(Naive(), Inc(Advanced), title: title).Verdict);
    }

    [Theory]
    [InlineData("A Study of Drug Z in Previously Treated Nonsquamous NSCLC With EGFR Mutations", "EGFR")]
    [InlineData("Drug W in Advanced NSCLC Harboring KRAS G12C", "KRAS")]
    public void A_title_naming_one_driver_alone_requires_it(string title, string gene)
    {
        Assert.StartsWith(gene, Criteria(Inc(Advanced), title: title).OtherDriverRequired);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), Inc(Advanced), title: title).Verdict);
    }

    // ---- 4. "advanced (stage III …) or metastatic" includes stage IV

    [Theory]
    [InlineData("Histologically documented advanced (Stage III not eligible for resection or curative radiation) or metastatic non-squamous NSCLC")]
    [InlineData("Locally advanced (stage IIIB/IIIC) or metastatic NSCLC")]
    [InlineData("Stage IIIB-IIIC or metastatic non-small cell lung cancer not amenable to curative treatment")]
    [InlineData("Metastatic or locally advanced (stage III) unresectable NSCLC")]
    public void Stage_III_or_metastatic_takes_a_stage_IV_patient(string sentence)
    {
        var c = Criteria(Inc(sentence, "Documented ALK rearrangement"));
        Assert.Contains("IVB", c.Stages);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), Inc(sentence, "Documented ALK rearrangement")).Verdict);
    }

    [Theory]
    [InlineData("Unresectable stage III NSCLC")]
    [InlineData("Stage IIIA-IIIB non-metastatic NSCLC eligible for chemoradiation")]
    public void Stage_III_alone_still_excludes_stage_IV(string sentence) =>
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), Inc(sentence, "Documented ALK rearrangement")).Verdict);

    // ---- 5. time since an earlier treatment: allowed, not required

    [Theory]
    [InlineData("At least 3 weeks (or 5 half-lives, whichever is shorter) from the previous major surgery, locoregional radiotherapy, cytotoxic chemotherapy, or immunotherapy to the first dose")]
    [InlineData("Prior immunotherapy must be completed at least 28 days before enrolment")]
    [InlineData("A minimum of 14 days since the last dose of chemotherapy or an immune checkpoint inhibitor")]
    [InlineData("Last dose of any prior anti-PD-1 therapy ≥ 4 weeks before the first dose of study drug")]
    public void A_washout_requires_no_earlier_treatment(string sentence)
    {
        var c = Criteria(Inc(AdvancedAlk, sentence));
        Assert.False(c.ImmunotherapyRequired);
        Assert.False(c.PriorChemoRequired);
        Assert.False(c.PretreatedRequired);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), Inc(AdvancedAlk, sentence)).Verdict);
    }

    [Theory]
    [InlineData("Must have progressed on prior anti-PD-1/PD-L1 therapy, with the last dose at least 4 weeks before enrolment")]
    [InlineData("Disease progression after platinum-based chemotherapy; at least 21 days since the last dose")]
    public void A_requirement_beside_a_washout_stays_a_requirement(string sentence) =>
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), Inc(AdvancedAlk, sentence)).Verdict);

    // ---- 6. "standard therapy has failed": for ALK-positive cancer the ALK TKIs, lorlatinib included, are the standard

    [Theory]
    [InlineData("Advanced solid tumours for which no standard therapy exists or standard therapy has failed")]
    [InlineData("Locally advanced or metastatic solid tumour for which alternative therapies do not exist or available therapies are intolerable or no longer effective")]
    [InlineData("Advanced cancer refractory to or intolerant of standard therapy, or for which no standard therapy exists")]
    [InlineData("Patients who have exhausted all available standard treatment options for metastatic disease")]
    public void Standard_therapy_failed_is_met_only_after_lorlatinib(string sentence)
    {
        const string title = "A Study of Drug X in Advanced Solid Tumors";
        Assert.True(Criteria(Inc(sentence), title: title).StandardTherapyFailedRequired);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), Inc(sentence), title: title, conditions: "Solid Tumors").Verdict);
        var afterSecondGeneration = Match(After(("alectinib", false)), Inc(sentence), title: title, conditions: "Solid Tumors");
        Assert.Equal(Verdicts.PossiblyEligible, afterSecondGeneration.Verdict);
        Assert.True(Quoted(afterSecondGeneration, "not lorlatinib"));
        Assert.Equal(Verdicts.PossiblyEligible, Match(After(("lorlatinib", true)), Inc(sentence), title: title, conditions: "Solid Tumors").Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(("alectinib", false), ("lorlatinib", false)), Inc(sentence), title: title, conditions: "Solid Tumors").Verdict);
    }

    [Fact]
    public void A_count_of_earlier_lines_is_not_exhausted_standard_therapy() =>
        Assert.False(Criteria(Inc(AdvancedAlk, "Prior standard treatment failure of ≥ 1 line, including targeted therapy")).StandardTherapyFailedRequired);

    // ---- 7. exclusions the record decides: other drivers, ongoing therapy

    [Theory]
    [InlineData("Patient's cancer has a known oncogenic driver alteration other than ALK.")]
    [InlineData("Known driver mutation other than ALK (e.g. EGFR, KRAS, BRAF)")]
    [InlineData("Documented oncogenic alteration besides the ALK rearrangement")]
    [InlineData("Known EGFR mutation, ROS1 fusion or other actionable driver alteration")]
    public void Another_driver_excluded_rules_out_a_patient_with_one_and_no_one_else(string exclusion)
    {
        var eligibility = IncExc([AdvancedAlk], [exclusion]);
        Assert.True(Criteria(eligibility).OtherDriverExcluded);
        Assert.False(Criteria(eligibility).AlkExcluded);
        foreach (var (gene, alteration) in new[] { ("MET", "amplification"), ("EGFR", "L858R"), ("KRAS", "G12C"), ("ERBB2", "exon 20 insertion"), ("NTRK1", "fusion") })
            Assert.Equal(Verdicts.LikelyExcluded, Match(WithBiomarker(gene, alteration), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(WithBiomarker("TP53", "R273H"), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(WithBiomarker("EGFR", "not detected"), eligibility).Verdict);
        // A test that gave no result is no driver, however it is written.
        foreach (var (gene, alteration) in new[] { ("KRAS", "not tested"), ("EGFR", "insufficient tissue"), ("ROS1", "FISH failed"), ("MET", "pending"),
                     ("BRAF", "ordered 2026-10-12"), ("RET", "not available"), ("EGFR", "indeterminate (low tumour content)") })
            Assert.Equal(Verdicts.LikelyEligible, Match(WithBiomarker(gene, alteration), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(WithBiomarker("HER2", "IHC 1+"), eligibility).Verdict);
    }

    [Theory]
    [InlineData("Ongoing anticancer therapy")]
    [InlineData("Concurrent anticancer treatment (with the exception of palliative bone-directed radiotherapy)")]
    [InlineData("Currently receiving other systemic anticancer therapy")]
    [InlineData("Concomitant anti-tumour therapy of any kind")]
    public void Ongoing_therapy_excluded_is_to_check_for_a_patient_on_treatment(string exclusion)
    {
        var eligibility = IncExc([AdvancedAlk], [exclusion]);
        var on = Match(After(("alectinib", true)), eligibility);
        Assert.Equal(Verdicts.PossiblyEligible, on.Verdict);
        Assert.True(Quoted(on, exclusion));
        Assert.Equal(Verdicts.LikelyEligible, Match(After(("alectinib", false)), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), eligibility).Verdict);
    }

    [Theory]
    [InlineData("Concurrent systemic therapy with steroids or other immunosuppressive agents")]
    [InlineData("Current active malignancy other than NSCLC requiring systemic treatment")]
    public void Supportive_or_other_cancer_treatment_is_not_the_ongoing_therapy_exclusion(string exclusion) =>
        Assert.False(Criteria(IncExc([AdvancedAlk], [exclusion])).ConcurrentTherapyExcluded);

    // ---- 8. an observational study of people on immunotherapy: only a current or planned one shows it

    [Theory]
    [InlineData("Biomarkers of Response in Lung Cancer Patients Receiving Immunotherapy", "This study follows patients with NSCLC receiving immune checkpoint inhibitor treatment and collects blood samples.")]
    [InlineData("Host Response During Anti-cancer Treatment", "The goal of this study is to understand the mechanisms of response to immunotherapy in patients with non-small cell lung cancer.")]
    public void An_observational_study_of_people_on_immunotherapy_needs_a_current_one(string title, string summary)
    {
        var eligibility = Inc("Age 18 years or older", "ECOG performance status 0-2");
        Assert.True(Criteria(eligibility, title, summary, "OBSERVATIONAL").ImmunotherapyCurrentRequired);
        var past = Naive() with { AlkStatus = "negative", Biomarkers = [], Therapies = [new MatchTherapy("carboplatin + pemetrexed + pembrolizumab", 1, "progression", false)] };
        Assert.NotEqual(Verdicts.LikelyEligible, Match(past, eligibility, title, summary, "OBSERVATIONAL").Verdict);
        var current = past with { Therapies = [new MatchTherapy("pembrolizumab", 1, null, true)] };
        Assert.Equal(Verdicts.LikelyEligible, Match(current, eligibility, title, summary, "OBSERVATIONAL").Verdict);
    }

    [Fact]
    public void An_interventional_trial_after_immunotherapy_is_met_by_a_past_one()
    {
        var c = Criteria(Inc(Advanced, "Must have progressed on or after prior anti-PD-1 or anti-PD-L1 therapy"));
        Assert.True(c.ImmunotherapyRequired);
        Assert.False(c.ImmunotherapyCurrentRequired);
    }
}
