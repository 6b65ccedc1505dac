using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Criteria that name specific genes or ALK resistance mutations, compared with the patient's biomarkers: exclusions of named
/// drivers, of alterations that can appear as resistance (MET amplification), of co-mutations (TP53), of ALK resistance mutations;
/// negated inclusions ("EGFR wild-type"); requirements of a resistance mutation or of an extra alteration in an ALK trial. Each
/// family is written here in several registry phrasings (not the shipped trials' sentences) and read across patients with the
/// alteration, with a negative result, and with nothing recorded.
/// </summary>
public class MatchingGenesTests
{
    // ---- patients

    /// <summary>ALK-positive stage IVB adenocarcinoma, treatment-naive, ECOG 1, 58, in the United States; only the fusion recorded.</summary>
    private static MatchProfile Naive() => new()
    {
        Age = 58, Sex = "female", Country = "US", Histology = "adenocarcinoma", Stage = "IVB", AlkStatus = "positive", Ecog = 1,
        Metastases = [new MatchSite("bone", null)], Therapies = [], Procedures = [], Biomarkers = [("ALK", "EML4-ALK fusion")],
    };

    /// <summary>The same patient after progression on the given ALK TKIs, with the given extra biomarkers.</summary>
    private static MatchProfile After(string[] agents, params (string Gene, string Alteration)[] biomarkers) => Naive() with
    {
        Therapies = agents.Select((a, k) => new MatchTherapy(a, k + 1, "progression", false)).ToList(),
        Biomarkers = [("ALK", "EML4-ALK fusion"), .. biomarkers],
    };

    private static MatchProfile With(params (string Gene, string Alteration)[] biomarkers) => After([], biomarkers) with { Therapies = [] };

    private static readonly string[] Alectinib = ["alectinib"];

    // ---- trials

    private static Trial NewTrial(string eligibility, string title)
    {
        var t = new Trial
        {
            NctId = "NCT09999997", Title = title, Conditions = "Non-small Cell Lung Cancer", EligibilityText = eligibility,
            StudyType = "INTERVENTIONAL", Countries = "United States", Status = "RECRUITING", MinAgeYears = 18,
        };
        CriteriaParser.Apply(t);
        return t;
    }

    private const string AlkTitle = "A Study of Drug X in ALK-positive Advanced Non-small Cell Lung Cancer";
    private const string PlainTitle = "A Study of Drug X in Advanced Non-small Cell Lung Cancer";
    private const string AdvancedAlk = "Histologically or cytologically confirmed locally advanced or metastatic NSCLC with a documented ALK rearrangement";

    private static TrialCriteria Criteria(string eligibility, string title = AlkTitle) => TrialCriteria.FromJson(NewTrial(eligibility, title).CriteriaJson);

    private static TrialMatch Match(MatchProfile p, string eligibility, string title = AlkTitle) => TrialMatcher.Match(p, CatalogTrial.From(NewTrial(eligibility, title)));

    private static string IncExc(string[] inclusion, string[] exclusion) =>
        "Inclusion Criteria:\n\n" + string.Join("\n", inclusion.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n" + string.Join("\n", exclusion.Select(i => "* " + i));

    private static string Excluding(string exclusion) => IncExc([AdvancedAlk], [exclusion]);

    private static string Including(string inclusion) => IncExc([AdvancedAlk, inclusion], ["Pregnant or breastfeeding"]);

    private static bool Says(TrialMatch m, string words) => m.Reasons.Any(r => r.Text.Contains(words, StringComparison.Ordinal));

    // ---- 1. named primary drivers excluded: positive excludes, negative clears, unrecorded is cleared for ALK-positive cancer

    [Theory]
    [InlineData("Known EGFR sensitising mutation, ROS1 rearrangement, BRAF V600E, KRAS G12C, MET exon 14 skipping or RET fusion", "BRAF", "V600E", "BRAF V600E")]
    [InlineData("Tumours harbouring an activating epidermal growth factor receptor (EGFR) mutation, a ROS proto-oncogene 1 (ROS1) fusion or a BRAF V600E mutation", "EGFR", "exon 19 deletion", "EGFR")]
    [InlineData("Documented KRAS G12C, BRAF V600E or MET exon 14 skipping alteration", "MET", "exon 14 skipping", "MET exon 14")]
    [InlineData("Presence of an EGFR exon 19 deletion or L858R, ROS-1 rearrangement, or RET fusion", "RET", "KIF5B-RET fusion", "RET")]
    [InlineData("Patients whose tumour carries a KRAS G12C mutation", "KRAS", "G12C", "KRAS G12C")]
    [InlineData("Co-existing HER2 (ERBB2) mutation or NTRK1/2/3 fusion", "ERBB2", "exon 20 insertion", "HER2")]
    public void A_named_driver_excluded_rules_out_a_patient_with_it_and_clears_an_ALK_positive_one(string exclusion, string gene, string alteration, string entry)
    {
        var eligibility = Excluding(exclusion);
        var c = Criteria(eligibility);
        Assert.Contains(entry, c.GenesExcluded);
        Assert.True(c.AlkRequired);
        Assert.False(c.AlkExcluded);
        Assert.DoesNotContain(c.ToCheck, x => x.Text == exclusion);

        var positive = Match(With((gene, alteration)), eligibility);
        Assert.Equal(Verdicts.LikelyExcluded, positive.Verdict);
        Assert.True(Says(positive, exclusion));
        Assert.Equal(Verdicts.LikelyEligible, Match(With((gene, "negative")), eligibility).Verdict);
        var unrecorded = Match(Naive(), eligibility);
        Assert.Equal(Verdicts.LikelyEligible, unrecorded.Verdict);
        Assert.True(Says(unrecorded, "almost never occur together"));
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib), eligibility).Verdict);
    }

    [Fact]
    public void A_different_variant_of_the_named_gene_does_not_trigger_the_exclusion()
    {
        var eligibility = Excluding("Known BRAF V600E or KRAS G12C mutation");
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(With(("KRAS", "G12D")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(With(("KRAS", "p.G12C")), eligibility).Verdict);
    }

    // ---- 2. an alteration that appears as resistance after ALK TKIs: to check after a TKI

    [Theory]
    [InlineData("Known MET amplification")]
    [InlineData("Tumours with c-MET amplification (gene copy number ≥ 6) detected by FISH or NGS")]
    [InlineData("Documented mesenchymal-epithelial transition (MET) gene amplification")]
    public void MET_amplification_excluded_is_to_check_after_an_ALK_TKI(string exclusion)
    {
        var eligibility = Excluding(exclusion);
        Assert.Contains("MET amplification", Criteria(eligibility).GenesExcluded);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(Alectinib, ("MET", "amplification")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib, ("MET", "no amplification")), eligibility).Verdict);
        var unrecorded = Match(After(Alectinib), eligibility);
        Assert.Equal(Verdicts.PossiblyEligible, unrecorded.Verdict);
        Assert.True(Says(unrecorded, "to check"));
        Assert.True(Says(unrecorded, exclusion));
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Naive(), eligibility).Verdict);
    }

    // ---- 3. a co-mutation that does occur with ALK: to check when not recorded

    [Theory]
    [InlineData("Co-occurring TP53 mutation", "TP53")]
    [InlineData("Concurrent STK11 (LKB1) loss-of-function mutation", "STK11")]
    [InlineData("Known pathogenic PIK3CA mutation", "PIK3CA")]
    public void A_co_mutation_excluded_is_never_likely_eligible_when_untested(string exclusion, string gene)
    {
        var eligibility = Excluding(exclusion);
        Assert.Contains(gene, Criteria(eligibility).GenesExcluded);
        Assert.Equal(Verdicts.LikelyExcluded, Match(With((gene, "R273H")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(With((gene, "wild-type")), eligibility).Verdict);
        var unrecorded = Match(Naive(), eligibility);
        Assert.Equal(Verdicts.PossiblyEligible, unrecorded.Verdict);
        Assert.True(Says(unrecorded, "to check"));
    }

    // ---- 4. ALK resistance mutations excluded: the trial stays an ALK trial

    [Theory]
    [InlineData("Documented ALK G1202R mutation", "G1202R")]
    [InlineData("Tumours harbouring the ALK L1196M gatekeeper mutation", "L1196M")]
    [InlineData("Known ALK I1171N, I1171S or I1171T mutation in tissue or plasma", "I1171N")]
    public void A_named_resistance_mutation_excluded_rules_out_only_patients_with_it(string exclusion, string mutation)
    {
        var eligibility = Excluding(exclusion);
        var c = Criteria(eligibility);
        Assert.True(c.AlkRequired);
        Assert.False(c.AlkExcluded);
        Assert.Contains(mutation, c.ResistanceMutationsExcluded);
        Assert.False(c.ResistanceMutationRequired);

        Assert.Equal(Verdicts.LikelyExcluded, Match(After(Alectinib, ("ALK", mutation)), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib, ("ALK", "no resistance mutation detected")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib, ("ALK", "G1269A")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), eligibility).Verdict);
        var untested = Match(After(Alectinib), eligibility);
        Assert.Equal(Verdicts.PossiblyEligible, untested.Verdict);
        Assert.True(Says(untested, "to check"));
    }

    [Theory]
    [InlineData("Known compound ALK mutations (two or more ALK kinase domain mutations)")]
    [InlineData("Patients with compound ALK resistance mutations")]
    public void Compound_mutations_excluded_rule_out_a_compound_but_not_a_single_mutation(string exclusion)
    {
        var eligibility = Excluding(exclusion);
        Assert.Contains("compound", Criteria(eligibility).ResistanceMutationsExcluded);
        Assert.False(Criteria(eligibility).AlkExcluded);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(["alectinib", "lorlatinib"], ("ALK", "G1202R/L1196M compound mutation")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(["alectinib", "lorlatinib"], ("ALK", "I1171N + L1198F")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib, ("ALK", "G1202R")), eligibility).Verdict);
    }

    [Fact]
    public void A_resistance_mutation_stated_as_excluded_in_the_inclusions_is_an_exclusion()
    {
        var eligibility = Including("Patients whose tumours harbour ALK L1196M are excluded");
        var c = Criteria(eligibility);
        Assert.Contains("L1196M", c.ResistanceMutationsExcluded);
        Assert.False(c.ResistanceMutationRequired);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(Alectinib, ("ALK", "L1196M")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib, ("ALK", "G1202R")), eligibility).Verdict);
    }

    // ---- 5. a resistance mutation required: named, examples, compound

    [Theory]
    [InlineData("Documented ALK resistance mutation (e.g. G1202R, I1171N, or compound mutations) by tissue or plasma NGS")]
    [InlineData("Evidence of at least one ALK kinase domain resistance mutation, such as G1202R or L1196M, after progression on an ALK TKI")]
    [InlineData("Tumour or ctDNA must show an acquired secondary ALK mutation")]
    public void Any_resistance_mutation_meets_a_requirement_with_examples(string inclusion)
    {
        var eligibility = Including(inclusion);
        var c = Criteria(eligibility);
        Assert.True(c.ResistanceMutationRequired);
        Assert.True(c.AnyResistanceMutation);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib, ("ALK", "G1269A")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(Alectinib, ("ALK", "no ALK resistance mutation detected")), eligibility).Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(After(Alectinib), eligibility).Verdict);
    }

    [Theory]
    [InlineData("ALK G1202R or compound mutation detected by tissue or plasma NGS")]
    [InlineData("Presence of the ALK G1202R solvent-front mutation or of compound ALK mutations")]
    public void A_named_mutation_or_compound_requirement_is_met_by_either(string inclusion)
    {
        var eligibility = Including(inclusion);
        var c = Criteria(eligibility);
        Assert.True(c.ResistanceMutationRequired);
        Assert.False(c.AnyResistanceMutation);
        Assert.Contains("G1202R", c.ResistanceMutations);
        Assert.Contains("compound", c.ResistanceMutations);
        var lorlatinib = new[] { "alectinib", "lorlatinib" };
        Assert.Equal(Verdicts.LikelyEligible, Match(After(lorlatinib, ("ALK", "G1202R")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(lorlatinib, ("ALK", "I1171N/L1198F compound mutation")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(lorlatinib, ("ALK", "L1196M")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(lorlatinib, ("ALK", "no resistance mutation detected")), eligibility).Verdict);
        Assert.Equal(Verdicts.PossiblyEligible, Match(After(lorlatinib), eligibility).Verdict);
    }

    // ---- 6. wild-type and negated inclusions: an ALK-positive patient satisfies them

    [Theory]
    [InlineData("EGFR wild-type", "EGFR")]
    [InlineData("Tumour must be negative for EGFR and ROS1 alterations", "ROS1")]
    [InlineData("No known KRAS, BRAF or MET alteration", "BRAF")]
    [InlineData("ALK-positive and EGFR wild-type (no exon 19 deletion or L858R) by local testing", "EGFR")]
    [InlineData("Patients must not harbour a KRAS G12C mutation", "KRAS G12C")]
    public void A_negated_gene_in_an_ALK_trials_inclusion_excludes_only_that_gene(string inclusion, string entry)
    {
        var eligibility = Including(inclusion);
        var c = Criteria(eligibility);
        Assert.True(c.AlkRequired);
        Assert.False(c.AlkExcluded);
        Assert.Contains(entry, c.GenesExcluded);
        Assert.Null(c.OtherDriverRequired);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), eligibility).Verdict);
        var gene = entry.Split(' ')[0];
        Assert.Equal(Verdicts.LikelyExcluded, Match(With((gene, gene == "KRAS" ? "G12C" : gene == "BRAF" ? "V600E" : "L858R")), eligibility).Verdict);
    }

    [Theory]
    [InlineData("insufficient tissue")]
    [InlineData("test failed")]
    [InlineData("pending")]
    [InlineData("not available")]
    [InlineData("QNS")]
    public void A_named_gene_with_no_result_is_not_a_positive_result(string alteration)
    {
        // "EGFR: insufficient tissue" is no EGFR mutation: the exclusion does not rule the patient out, and the reason does not say it was found.
        var eligibility = Including("Tumour must be negative for EGFR and ROS1 alterations");
        var result = Match(With(("EGFR", alteration)), eligibility);
        Assert.NotEqual(Verdicts.LikelyExcluded, result.Verdict);
        Assert.DoesNotContain(result.Reasons, x => x.Kind == "excludes" && x.Text.Contains("EGFR " + alteration, StringComparison.Ordinal));
    }

    // ---- 7. a gene named as a therapy, a test, a kidney value or another cancer is not a biomarker

    [Theory]
    [InlineData("Prior treatment with an EGFR TKI (e.g. osimertinib)")]
    [InlineData("Prior therapy with a MET inhibitor such as capmatinib or tepotinib")]
    [InlineData("Previous anti-EGFR antibody or HER2-directed therapy")]
    [InlineData("Estimated glomerular filtration rate (EGFR) < 30 mL/min")]
    [InlineData("History of HER2-positive breast cancer within the last 3 years")]
    [InlineData("Unknown EGFR status")]
    [InlineData("Any known major driver gene alteration other than RET")]
    [InlineData("Prior marketed or investigational treatment for EGFR C797S mutation")]
    [InlineData("Participants with unknown or indeterminate BRAF mutation, activating RET mutations or NTRK fusions are eligible")]
    public void A_gene_that_is_not_a_biomarker_excludes_no_one(string exclusion)
    {
        var eligibility = Excluding(exclusion);
        Assert.Empty(Criteria(eligibility).GenesExcluded);
        Assert.False(Criteria(eligibility).AlkExcluded);
    }

    [Theory]
    [InlineData("Advanced solid tumours: NSCLC, HR+ and HER2- breast cancer, or ovarian cancer")]
    [InlineData("Breast carcinoma (hormone receptor-positive and HER2-negative) or non-small cell lung cancer")]
    [InlineData("A report of the presence or absence of a KRAS G12C mutation must be available before enrolment")]
    public void A_gene_of_another_cohort_or_of_a_test_report_in_the_inclusions_excludes_no_one(string inclusion)
    {
        var eligibility = IncExc([inclusion, "Locally advanced or metastatic disease"], ["Pregnant or breastfeeding"]);
        Assert.Empty(Criteria(eligibility, "A Study of Drug X in Advanced Solid Tumors").GenesExcluded);
    }

    // ---- 8. an ALK trial that also requires another alteration; "ALK or ROS1" is one of several drivers

    [Theory]
    [InlineData("ALK-positive NSCLC with MET amplification detected after progression on an ALK TKI")]
    [InlineData("MET amplification (copy number ≥ 5) in tissue or plasma collected after the most recent ALK TKI")]
    public void An_ALK_trial_that_also_requires_MET_amplification(string inclusion)
    {
        var eligibility = Including(inclusion);
        Assert.Contains("MET amplification", Criteria(eligibility).GenesRequired);
        Assert.Equal(Verdicts.LikelyEligible, Match(After(Alectinib, ("MET", "amplification")), eligibility).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(After(Alectinib, ("MET", "negative")), eligibility).Verdict);
        var unrecorded = Match(After(Alectinib), eligibility);
        Assert.Equal(Verdicts.PossiblyEligible, unrecorded.Verdict);
        Assert.True(Says(unrecorded, "to check"));
    }

    [Theory]
    [InlineData("Documented ALK or ROS1 rearrangement")]
    [InlineData("ALK, ROS1, or NTRK fusion-positive solid tumour")]
    [InlineData("ROS1/ALK-positive NSCLC by FISH or NGS")]
    public void ALK_named_beside_other_drivers_as_alternatives_requires_nothing_more(string inclusion)
    {
        var eligibility = IncExc([inclusion, "Locally advanced or metastatic disease"], ["Pregnant or breastfeeding"]);
        var c = Criteria(eligibility, PlainTitle);
        Assert.True(c.AlkRequired);
        Assert.Empty(c.GenesRequired);
        Assert.Null(c.OtherDriverRequired);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), eligibility, PlainTitle).Verdict);
    }

    [Theory]
    [InlineData("Documented KRAS G12C mutation")]
    [InlineData("EGFR-mutant NSCLC (exon 19 deletion or L858R)")]
    public void Another_driver_required_fails_an_ALK_positive_patient_unless_recorded(string inclusion)
    {
        var eligibility = IncExc(["Locally advanced or metastatic NSCLC", inclusion], ["Pregnant or breastfeeding"]);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive(), eligibility, PlainTitle).Verdict);
    }

    // ---- 9. "ALK-negative" among the exclusions: the trial is for ALK-positive cancer

    [Theory]
    [InlineData("ALK-negative NSCLC")]
    [InlineData("Tumours without a documented ALK rearrangement")]
    public void ALK_negative_excluded_requires_ALK(string exclusion)
    {
        var eligibility = IncExc(["Locally advanced or metastatic NSCLC"], [exclusion]);
        var c = Criteria(eligibility, PlainTitle);
        Assert.True(c.AlkRequired);
        Assert.False(c.AlkExcluded);
        Assert.Equal(Verdicts.LikelyEligible, Match(Naive(), eligibility, PlainTitle).Verdict);
        Assert.Equal(Verdicts.LikelyExcluded, Match(Naive() with { AlkStatus = "negative", Biomarkers = [("ALK", "negative")] }, eligibility, PlainTitle).Verdict);
    }

    // ---- 10. "a known driver other than ALK": cleared for an ALK-positive patient with no other driver recorded, and said why

    [Fact]
    public void Another_driver_excluded_is_cleared_by_mutual_exclusivity_when_nothing_is_recorded()
    {
        var eligibility = Excluding("Patients with a known driver alteration other than ALK");
        var m = Match(Naive() with { Biomarkers = null }, eligibility);
        Assert.Equal(Verdicts.LikelyEligible, m.Verdict);
        Assert.True(Says(m, "almost never occur together"));
        Assert.Equal(Verdicts.LikelyExcluded, Match(With(("KRAS", "G12C")), eligibility).Verdict);
    }

    // ---- review findings: requirements judged per sentence, separate mutation rows, results that do not cover the variant

    [Theory]
    [InlineData("Documented ALK G1202R mutation in tissue or plasma. Patients with an active uncontrolled infection are excluded.")]
    [InlineData("Locally advanced NSCLC that is not eligible for curative therapy, with a documented ALK G1202R mutation")]
    [InlineData("ALK G1202R mutation detected by NGS; patients who are ineligible for chemotherapy may enrol")]
    public void A_mutation_requirement_survives_an_exclusion_or_eligibility_phrase_elsewhere_in_the_item(string inclusion)
    {
        var c = Criteria(Including(inclusion));
        Assert.Contains("G1202R", c.ResistanceMutations);
        Assert.DoesNotContain("G1202R", c.ResistanceMutationsExcluded);
        var wanted = Match(After(Alectinib, ("ALK", "G1202R")), Including(inclusion));
        Assert.True(wanted.Verdict != Verdicts.LikelyExcluded, string.Join(" | ", wanted.Reasons.Select(r => r.Text)));
        var other = Match(After(Alectinib, ("ALK", "L1196M")), Including(inclusion));
        Assert.NotEqual(Verdicts.LikelyEligible, other.Verdict);
        var untested = Match(After(Alectinib), Including(inclusion));
        Assert.NotEqual(Verdicts.LikelyEligible, untested.Verdict);
    }

    [Fact]
    public void Two_mutations_in_separate_rows_are_not_taken_as_clearing_a_compound_exclusion()
    {
        var m = Match(After(["alectinib", "lorlatinib"], ("ALK", "G1202R"), ("ALK", "L1196M")), Excluding("Known compound ALK mutations"));
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
        Assert.True(Says(m, "separate results"), string.Join(" | ", m.Reasons.Select(r => r.Text)));
    }

    [Theory]
    [InlineData("Known MET amplification", "MET", "exon 14 skipping not detected")]
    [InlineData("Known MET amplification", "MET", "amp (FISH)")]
    [InlineData("EGFR T790M mutation", "EGFR", "p.Thr790Met")]
    public void A_result_that_does_not_cover_the_excluded_variant_leaves_it_to_check(string exclusion, string gene, string alteration)
    {
        var m = Match(After(Alectinib, (gene, alteration)), Excluding(exclusion));
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
    }

    [Fact]
    public void A_whole_gene_negative_result_still_clears_the_exclusion()
    {
        var m = Match(After(Alectinib, ("MET", "negative")), Excluding("Known MET amplification"));
        Assert.True(Says(m, "the record lists MET negative"), string.Join(" | ", m.Reasons.Select(r => r.Text)));
    }

    [Fact]
    public void Bare_MET_alterations_are_to_check_after_an_ALK_TKI_but_cleared_before_one()
    {
        var after = Match(After(["alectinib", "lorlatinib"]), Excluding("Known MET alterations"));
        Assert.NotEqual(Verdicts.LikelyEligible, after.Verdict);
        var naive = Match(Naive(), Excluding("Known MET alterations"));
        Assert.True(Says(naive, "almost never occur together"), string.Join(" | ", naive.Reasons.Select(r => r.Text)));
    }

    [Fact]
    public void Excluding_in_an_inclusion_excludes_the_gene_it_names()
    {
        var c = Criteria(IncExc([AdvancedAlk, "ALK-positive NSCLC, excluding EGFR-mutant tumours"], ["Pregnant or breastfeeding"]));
        Assert.Contains("EGFR", c.GenesExcluded);
    }

    // ---- from a blind-labelled set (cases written and labelled by someone who never saw the matcher): the principles, in other words

    [Theory]
    [InlineData("Tumours with a known activating EGFR mutation (such as exon 19 deletions or exon 21 L858R substitution)")]
    [InlineData("Known BRAF mutation, e.g. V600E")]
    public void Examples_of_one_genes_variants_do_not_make_a_generic_driver_exclusion(string exclusion)
    {
        var eligibility = IncExc(["Histologically confirmed stage IV non-small cell lung cancer"], [exclusion]);
        var c = Criteria(eligibility, PlainTitle);
        Assert.False(c.AlkExcluded);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(Naive(), eligibility, PlainTitle).Verdict);
    }

    [Theory]
    [InlineData("Presence of MET amplification in a biopsy taken after progression on an ALK inhibitor")]
    [InlineData("MET amplified disease (FISH or NGS) after at least one prior ALK tyrosine kinase inhibitor")]
    public void A_trial_after_ALK_TKIs_that_asks_for_another_alteration_requires_it_even_without_saying_ALK_positive(string inclusion)
    {
        var eligibility = IncExc(["Histologically confirmed stage IV non-small cell lung cancer", inclusion], ["Pregnant or breastfeeding"]);
        Assert.Contains("MET amplification", Criteria(eligibility, PlainTitle).GenesRequired);
        Assert.NotEqual(Verdicts.LikelyEligible, Match(After(Alectinib), eligibility, PlainTitle).Verdict);
        Assert.NotEqual(Verdicts.LikelyEligible, Match(After(Alectinib, ("MET", "negative")), eligibility, PlainTitle).Verdict);
        Assert.NotEqual(Verdicts.LikelyExcluded, Match(After(Alectinib, ("MET", "amplification")), eligibility, PlainTitle).Verdict);
    }

    [Theory]
    [InlineData("Documented compound ALK kinase domain mutation after lorlatinib")]
    [InlineData("Evidence of a compound (two or more) ALK resistance mutation")]
    public void A_compound_requirement_is_not_met_by_a_single_mutation(string inclusion)
    {
        var m = Match(After(["alectinib", "lorlatinib"], ("ALK", "G1202R")), Including(inclusion));
        Assert.NotEqual(Verdicts.LikelyEligible, m.Verdict);
        var compound = Match(After(["alectinib", "lorlatinib"], ("ALK", "G1202R/L1196M compound")), Including(inclusion));
        Assert.NotEqual(Verdicts.LikelyExcluded, compound.Verdict);
    }

    [Fact]
    public void Slash_alternatives_at_one_position_each_count()
    {
        Assert.Equal(["G1202R", "I1171T", "I1171N", "I1171S"], CriteriaParser.MutationNames("ALK G1202R or I1171T/N/S mutation"));
        Assert.Equal(["L1196M"], CriteriaParser.MutationNames("L1196M/G1269A".Replace("/G1269A", "", StringComparison.Ordinal)));
        var m = Match(After(Alectinib, ("ALK", "I1171S")), Including("Known ALK I1171T/N/S or G1202R resistance mutation"));
        Assert.NotEqual(Verdicts.LikelyExcluded, m.Verdict);
    }
}
