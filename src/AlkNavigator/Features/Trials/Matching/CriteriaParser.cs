namespace AlkNavigator.Features.Trials.Matching;

/// <summary>Eligibility text → structured criteria, once at import. (Being written; see Features/Trials/README.md.)</summary>
public static class CriteriaParser
{
    /// <summary>Parses the trial's eligibility and conditions; writes trial.CriteriaJson and trial.Categories.</summary>
    public static void Apply(Trial trial)
    {
        trial.CriteriaJson = "{}";
        trial.Categories = "";
    }
}
