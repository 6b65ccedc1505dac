namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// The ALK categories a trial can carry (Trial.Categories, '|'-separated ids). Derived by CriteriaParser at import;
/// navigators can add or remove them through annotation tags. Filters and badges use these ids and labels.
/// </summary>
public static class TrialCategories
{
    public static readonly IReadOnlyList<(string Id, string Label)> All =
    [
        ("alk-targeted", "ALK-targeted"),
        ("first-line", "Before any ALK drug (first line)"),
        ("after-tki", "After an ALK TKI"),
        ("after-lorlatinib", "After lorlatinib"),
        ("resistance-mutation", "Resistance mutations (e.g. G1202R)"),
        ("brain-mets", "Brain metastases"),
        ("early-stage", "Early stage (surgery, adjuvant, neoadjuvant)"),
        ("solid-tumours", "Solid tumours (any cancer type)"),
        ("supportive-care", "Supportive care and quality of life"),
    ];

    public static string? Label(string id) => All.FirstOrDefault(c => c.Id == id).Label;
}
