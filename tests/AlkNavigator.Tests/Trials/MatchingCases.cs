using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>The patient and trial the meaning tests vary one item at a time (<see cref="MatchingHealthTests"/>,
/// <see cref="MatchingUnreadTests"/>): an ALK-positive patient after alectinib and an ALK trial after a TKI.</summary>
internal static class MatchingCases
{
    /// <summary>ALK-positive stage IV adenocarcinoma after alectinib, no brain metastases, ECOG 1, in the United States.</summary>
    public static MatchProfile AfterAlectinib() => new()
    {
        Age = 61, Sex = "male", Country = "US", Histology = "adenocarcinoma", Stage = "IVB", AlkStatus = "positive", Ecog = 1,
        Metastases = [new MatchSite("liver", "progressing"), new MatchSite("brain", "none")],
        Therapies = [new MatchTherapy("alectinib", 1, "progression", false)], Procedures = [], Biomarkers = [("ALK", "EML4-ALK fusion")],
    };

    /// <summary>Parses a trial written as items (conditions as the registry stores them, one per '|') and matches the patient to it.</summary>
    public static TrialMatch Match(MatchProfile p, string[] inclusion, string[] exclusion, string title = "A Phase 2 Study of Drug Q in ALK-Positive Advanced NSCLC After an ALK TKI",
        string conditions = "Non-small Cell Lung Cancer|ALK Gene Rearrangement")
    {
        var t = new Trial
        {
            NctId = "NCT09999990", Title = title, Conditions = conditions, Countries = "United States", Status = "RECRUITING", MinAgeYears = 18,
            EligibilityText = "Inclusion Criteria:\n\n" + string.Join("\n", inclusion.Select(i => "* " + i)) + "\n\nExclusion Criteria:\n\n" + string.Join("\n", exclusion.Select(i => "* " + i)),
        };
        CriteriaParser.Apply(t);
        return TrialMatcher.Match(p, CatalogTrial.From(t));
    }

    public static readonly string[] AlkAfterTki =
    [
        "Histologically confirmed stage IV non-small cell lung cancer with a documented ALK rearrangement",
        "Disease progression on at least one prior ALK tyrosine kinase inhibitor",
        "ECOG performance status 0-1",
    ];

    public static TrialMatch WithExclusion(MatchProfile p, string exclusion) => Match(p, AlkAfterTki, ["Pregnant or breastfeeding", exclusion]);

    public static TrialMatch WithInclusion(MatchProfile p, string inclusion) => Match(p, [.. AlkAfterTki, inclusion], ["Pregnant or breastfeeding"]);

    /// <summary><see cref="AfterAlectinib"/> with one mention: a result ("HBsAg|positive"), a procedure ("history|…"), a medicine or a note.</summary>
    public static MatchProfile Mentioning(string where, string what)
    {
        var parts = what.Split('|');
        return where switch
        {
            "result" => AfterAlectinib() with { Biomarkers = [("ALK", "EML4-ALK fusion"), (parts[0], parts[1])] },
            "procedure" => AfterAlectinib() with { Procedures = [(parts[0], parts[1])] },
            "medicine" => AfterAlectinib() with { Medicines = [what] },
            _ => AfterAlectinib() with { Notes = what },
        };
    }
}
