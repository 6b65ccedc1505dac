namespace AlkNavigator.Features.Trials.Matching;

/// <summary>The four verdicts, spelled as the CLI and API print them.</summary>
public static class Verdicts
{
    public const string LikelyEligible = "likely-eligible";
    public const string PossiblyEligible = "possibly-eligible";
    public const string LikelyExcluded = "likely-excluded";
    public const string NotRelevant = "not-relevant";
}

/// <summary>
/// One reason behind a verdict. Kind: "meets" (the patient meets it), "excludes" (it rules the patient out),
/// "unknown" (the record does not say; e.g. "requires measurable disease — not recorded"), "info".
/// Criterion is the short name of what was checked ("ALK", "prior therapy", "brain metastases", "ECOG", ...);
/// Text explains it in plain words and quotes the trial's own criterion where there is one.
/// </summary>
public sealed record MatchReason(string Kind, string Criterion, string Text);

/// <summary>A trial's verdict for one patient, with a score for ranking (higher is better) and its reasons.</summary>
public sealed record TrialMatch(string Nct, string Verdict, double Score, IReadOnlyList<MatchReason> Reasons);
