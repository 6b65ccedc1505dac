using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Features.Trials;

/// <summary>
/// How close a study is to ALK-positive lung cancer, from what the study itself says: its conditions, titles, keywords and
/// eligibility, as <see cref="CriteriaParser"/> reads them (disease, ALK required or excluded, another driver required). Never a
/// list of NCT ids. Stored in Trial.Relevance at import (and re-derived with the criteria), so the catalogue's default view can put
/// ALK and lung cancer studies first and the others behind "show all studies" in SQL, on any catalogue size.
/// </summary>
public static class TrialRelevance
{
    /// <summary>About ALK-positive cancer of the lung, or any solid tumour with an ALK alteration: ALK is required, or named among the drivers the study takes.</summary>
    public const int Alk = 3;
    /// <summary>Lung cancer (NSCLC) studies that do not exclude ALK-positive cancer.</summary>
    public const int Lung = 2;
    /// <summary>Lung cancer studies that exclude ALK-positive cancer, or require another driver (EGFR, KRAS …).</summary>
    public const int LungNotAlk = 1;
    /// <summary>Everything else: other cancers (lymphoma, neuroblastoma …), solid-tumour studies not about ALK, other diseases.</summary>
    public const int Other = 0;

    /// <summary>What the default views show: ALK and lung cancer studies open to ALK-positive patients.</summary>
    public const int DefaultMinimum = Lung;

    /// <summary>The relevance of a study from its parsed criteria, and its title and conditions: a study named for another driver
    /// ("KRAS G12C-mutant NSCLC", "EGFR mutant …") and not for ALK is not an ALK study, whatever its criteria mention.</summary>
    public static int Of(TrialCriteria c, string? title = null, string? conditions = null)
    {
        var lungOrSolid = c.Disease is DiseaseKinds.Nsclc or DiseaseKinds.SolidTumours;
        var header = title + " | " + conditions;
        var otherDriverNamed = OtherDriver.IsMatch(header) && !AlkWord.IsMatch(header);
        if (c.AlkRequired && !c.AlkExcluded && lungOrSolid && !otherDriverNamed) return Alk;
        if (otherDriverNamed && c.Disease == DiseaseKinds.Nsclc) return LungNotAlk;
        if (c.Disease != DiseaseKinds.Nsclc) return Other;
        return c.AlkExcluded || c.OtherDriverRequired is not null ? LungNotAlk : Lung;
    }

    /// <summary>Derives a parsed trial's relevance and the compact criteria ranking reads (Trial.MatchJson), after <see cref="CriteriaParser.Apply"/>.</summary>
    public static void Apply(Trial trial)
    {
        var criteria = TrialCriteria.FromJson(trial.CriteriaJson);
        trial.Relevance = Of(criteria, trial.Title, trial.Conditions);
        trial.MatchJson = MatchCriteria.ToJson(criteria);
    }

    private static readonly System.Text.RegularExpressions.Regex OtherDriver = new(@"\b(?:KRAS|EGFR|HER2|ERBB2|BRAF|MET|RET|ROS1|NTRK|MTAP)\b",
        System.Text.RegularExpressions.RegexOptions.Compiled);
    private static readonly System.Text.RegularExpressions.Regex AlkWord = new(@"\bALK\b|anaplastic lymphoma kinase",
        System.Text.RegularExpressions.RegexOptions.Compiled | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Parses the trial's criteria and categories, then its relevance: what every import and re-derivation runs.</summary>
    public static void Derive(Trial trial)
    {
        CriteriaParser.Apply(trial);
        Apply(trial);
    }

    /// <summary>In words, for a study's page and the list.</summary>
    public static string Label(int relevance) => relevance switch
    {
        Alk => "About ALK-positive cancer",
        Lung => "Lung cancer study open to ALK-positive patients",
        LungNotAlk => "Lung cancer study that excludes ALK-positive cancer or needs another driver",
        _ => "Another disease or not about ALK",
    };
}
