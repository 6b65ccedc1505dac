namespace AlkNavigator.Features.Record;

/// <summary>
/// Brand names of anticancer medicines other than the ALK drugs (<see cref="AlkDrugs"/> has those) and the generic names they stand
/// for, so that a record listing "Trodelvy" or "Keytruda" is read as sacituzumab govitecan or pembrolizumab where a trial names the
/// generic (or its payload, "govitecan-based"). Sources: the US prescribing information of each product (DailyMed), reviewed 2026-12-07.
/// </summary>
public static class CancerDrugBrands
{
    private static readonly Dictionary<string, string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        // antibody-drug conjugates
        ["Trodelvy"] = "sacituzumab govitecan", ["Enhertu"] = "trastuzumab deruxtecan", ["Datroway"] = "datopotamab deruxtecan",
        ["Kadcyla"] = "trastuzumab emtansine", ["Emrelis"] = "telisotuzumab vedotin", ["Padcev"] = "enfortumab vedotin",
        // immunotherapy
        ["Keytruda"] = "pembrolizumab", ["Opdivo"] = "nivolumab", ["Tecentriq"] = "atezolizumab", ["Imfinzi"] = "durvalumab",
        ["Libtayo"] = "cemiplimab", ["Yervoy"] = "ipilimumab", ["Imjudo"] = "tremelimumab", ["Tevimbra"] = "tislelizumab",
        ["Imdelltra"] = "tarlatamab",
        // chemotherapy and antiangiogenic antibodies
        ["Alimta"] = "pemetrexed", ["Pemfexy"] = "pemetrexed", ["Taxotere"] = "docetaxel", ["Taxol"] = "paclitaxel",
        ["Abraxane"] = "paclitaxel (albumin-bound)", ["Paraplatin"] = "carboplatin", ["Platinol"] = "cisplatin", ["Gemzar"] = "gemcitabine",
        ["Navelbine"] = "vinorelbine", ["Hycamtin"] = "topotecan", ["Etopophos"] = "etoposide", ["Avastin"] = "bevacizumab",
        ["Mvasi"] = "bevacizumab", ["Cyramza"] = "ramucirumab",
        // targeted drugs for other drivers
        ["Tagrisso"] = "osimertinib", ["Lumakras"] = "sotorasib", ["Krazati"] = "adagrasib", ["Tabrecta"] = "capmatinib",
        ["Tepmetko"] = "tepotinib", ["Rybrevant"] = "amivantamab", ["Lazcluze"] = "lazertinib", ["Retevmo"] = "selpercatinib",
        ["Gavreto"] = "pralsetinib", ["Tafinlar"] = "dabrafenib", ["Mekinist"] = "trametinib", ["Rozlytrek"] = "entrectinib",
        ["Augtyro"] = "repotrectinib", ["Vitrakvi"] = "larotrectinib", ["Hernexeos"] = "zongertinib",
    };

    /// <summary>The generic name(s) a brand stands for ("Trodelvy" → "sacituzumab govitecan"), or null when the name is no brand here.</summary>
    public static string? GenericOf(string name) => Generic.GetValueOrDefault(name.Trim());
}
