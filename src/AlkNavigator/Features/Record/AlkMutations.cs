using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Record;

/// <summary>
/// ALK point mutations as reports and records write them ("G1202R", "p.Gly1202Arg", "I1171T/N/S", "I1151Tins", "L1196M/G1202R"):
/// one reader for the visit questions, the resistance table's cells and trial matching.
/// </summary>
public static partial class AlkMutations
{
    /// <summary>The ALK point mutations a text names ("G1202R", "I1151Tins", "ALK L1196M/G1202R"), upper case, each once.</summary>
    public static List<string> In(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        // HGVS three-letter protein changes ("p.Gly1202Arg") as one-letter ones ("G1202R").
        text = ThreeLetter().Replace(text, m => AminoAcids.TryGetValue(m.Groups[1].Value, out var a) && AminoAcids.TryGetValue(m.Groups[3].Value, out var b)
            ? $"{a}{m.Groups[2].Value}{b}" : m.Value);
        return Token.Matches(text)
            .SelectMany(m => Expand(m.Value))
            .Select(NormalizeToken).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string NormalizeToken(string token) =>
        token.EndsWith("ins", StringComparison.OrdinalIgnoreCase) ? token[..^3].ToUpperInvariant() + "ins" : token.ToUpperInvariant();

    /// <summary>"I1171T/N/S" → I1171T, I1171N, I1171S; any other token as it is.</summary>
    public static IEnumerable<string> Expand(string token)
    {
        var m = SlashForm().Match(token);
        if (!m.Success) return [token];
        var stem = m.Groups["stem"].Value;
        return m.Groups["alts"].Value.Split('/').Select(a => stem + a);
    }

    /// <summary>A mutation token: residue, position 1000–1999, alternatives.</summary>
    public static Regex Token => MutationToken();

    private static readonly Dictionary<string, char> AminoAcids = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ala"] = 'A', ["Arg"] = 'R', ["Asn"] = 'N', ["Asp"] = 'D', ["Cys"] = 'C', ["Gln"] = 'Q', ["Glu"] = 'E', ["Gly"] = 'G', ["His"] = 'H', ["Ile"] = 'I',
        ["Leu"] = 'L', ["Lys"] = 'K', ["Met"] = 'M', ["Phe"] = 'F', ["Pro"] = 'P', ["Ser"] = 'S', ["Thr"] = 'T', ["Trp"] = 'W', ["Tyr"] = 'Y', ["Val"] = 'V',
    };

    [GeneratedRegex(@"\b(?:p\.)?\(?([A-Z][a-z]{2})(1\d{3})([A-Z][a-z]{2})\)?", RegexOptions.CultureInvariant)]
    private static partial Regex ThreeLetter();

    // A residue letter, a position 1000-1999 (the ALK kinase domain), then one or more alternatives separated by "/" or "ins".
    [GeneratedRegex(@"\b[ACDEFGHIKLMNPQRSTVWY]1\d{3}(?:[ACDEFGHIKLMNPQRSTVWY](?:ins)?|del)(?:/[ACDEFGHIKLMNPQRSTVWY])*(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MutationToken();

    [GeneratedRegex(@"^(?<stem>[A-Z]1\d{3})(?<alts>[A-Z](?:/[A-Z])+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SlashForm();
}
