using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Record;

/// <summary>
/// Immune checkpoint inhibitors as records write them: PD-1, PD-L1, CTLA-4, LAG-3 and bispecifics with PD-1 by generic name, brand
/// or the usual short form ("pembro", "nivo/ipi"), and the words for them in any spelling ("chemoimmunotherapy", "chemo-IO",
/// "checkpoint inhibitors", "anti-PD-1 antibody", "PD-L1 inhibitor"). One list for the visit questions and trial matching.
/// </summary>
public static partial class Immunotherapy
{
    /// <summary>True when the text names a checkpoint inhibitor or immunotherapy.</summary>
    public static bool In(string? text) => text is not null && Pattern.IsMatch(text);

    public static Regex Pattern => CheckpointPattern();

    [GeneratedRegex(@"\b(pembrolizumab|keytruda|nivolumab|opdivo|opdualag|atezolizumab|tecentriq|durvalumab|imfinzi|ipilimumab|yervoy|cemiplimab|libtayo|tislelizumab|tevimbra|tremelimumab|imjudo|avelumab|bavencio|dostarlimab|jemperli|retifanlimab|zynyz|cosibelimab|unloxcyt|sintilimab|tyvyt|camrelizumab|toripalimab|loqtorzi|serplulimab|sugemalimab|cejemly|penpulimab|envafolimab|adebrelimab|benmelstobart|ivonescimab|cadonilimab|relatlimab|pembro|nivo|atezo|durva|ipi|tisle|cemi|immuno-?therap(?:y|ies)|chemo-?immuno-?therap(?:y|ies)|immune\s+therap(?:y|ies)|immuno-?oncology|checkpoint\s+(?:inhibitors?|blockade|therapy)|ICIs?|(?-i:IO)|anti-?\s?(?:PD-?L?-?1|CTLA-?4)(?:\s+(?:antibody|antibodies|therapy))?|PD-?L?-?1\s+(?:inhibitors?|blockade|antibody|antibodies|therapy)|CTLA-?4\s+(?:inhibitors?|antibody))\b|chemo-?immuno|chemoimmuno", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CheckpointPattern();
}
