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
}
