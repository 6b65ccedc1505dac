using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Visit;

/// <summary>One row of the resistance table: the mutation cell as written, the mutations it covers, and the two medicine cells.</summary>
public sealed record ResistanceRow(string Mutation, IReadOnlyList<string> Covers, string StillWork, string ResistanceReported)
{
    /// <summary>True for a row about two mutations together ("L1198F + C1156Y").</summary>
    public bool IsCompound => Mutation.Contains('+');
}

/// <summary>
/// The table "Resistance mutations and which medicines still work" of content/pages/resistance.md (Lin, Riely and Shaw 2017,
/// Table 2), read with Markdig so the page and the visit questions say the same thing. "I1171T/N/S" covers I1171T, I1171N and
/// I1171S; a row naming two mutations with "+" is a compound row (each alternative pair it lists).
/// </summary>
public sealed partial class ResistanceTable(IReadOnlyList<ResistanceRow> rows)
{
    public const string Source = "lin-2017-table2";
    public const string PageSlug = "resistance";
    public const string Anchor = "resistance-mutations-and-which-medicines-still-work";

    public IReadOnlyList<ResistanceRow> Rows { get; } = rows;

    public static ResistanceTable Empty { get; } = new([]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ResistanceTable> Loaded = new(StringComparer.Ordinal);

    /// <summary><see cref="Load"/>, read once per content directory (the content does not change while the program runs).</summary>
    public static ResistanceTable Cached(string contentDirectory) => Loaded.GetOrAdd(contentDirectory, Load);

    /// <summary>content/pages/resistance.md under <paramref name="contentDirectory"/>; an empty table when the file is missing.</summary>
    public static ResistanceTable Load(string contentDirectory)
    {
        var path = Path.Combine(contentDirectory, "pages", PageSlug + ".md");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;
    }

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>The first pipe table whose first header cell is "Mutation".</summary>
    public static ResistanceTable Parse(string markdown)
    {
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var table in doc.Descendants<Table>())
        {
            var rows = table.OfType<TableRow>().ToList();
            if (rows.Count == 0 || !rows[0].IsHeader || !Cell(rows[0], 0).StartsWith("Mutation", StringComparison.OrdinalIgnoreCase)) continue;
            var result = new List<ResistanceRow>();
            foreach (var row in rows.Skip(1))
            {
                var mutation = Cell(row, 0);
                var covers = Expand(mutation);
                if (covers.Count == 0) continue; // "Any of the above, for ensartinib": not a mutation row
                result.Add(new ResistanceRow(mutation, covers, Cell(row, 1), Cell(row, 2)));
            }
            return new ResistanceTable(result);
        }
        return Empty;
    }

    private static string Cell(TableRow row, int index)
    {
        if (index >= row.Count || row[index] is not TableCell cell) return "";
        var text = string.Join(" ", cell.Descendants<ParagraphBlock>().Select(p => Inline(p.Inline)));
        return Spaces().Replace(text, " ").Trim();
    }

    private static string Inline(ContainerInline? inline) =>
        inline is null ? "" : string.Concat(inline.Descendants<LiteralInline>().Select(l => l.Content.ToString()));

    /// <summary>"I1171T/N/S" → I1171T, I1171N, I1171S; "I1151Tins" → I1151Tins; "L1198F + C1156Y" → L1198F+C1156Y.</summary>
    private static List<string> Expand(string cell)
    {
        var tokens = AlkMutations.Token.Matches(cell).Select(m => m.Value).ToList();
        if (cell.Contains('+'))
        {
            // "E1210K + S1206C, or E1210K + D1203N": each "a + b" pair, in order.
            var pairs = new List<string>();
            foreach (Match m in PairPattern().Matches(cell))
                pairs.Add(Canonical(m.Groups[1].Value, m.Groups[2].Value));
            return pairs;
        }
        return tokens.SelectMany(AlkMutations.Expand).Distinct().ToList();
    }

    internal static string Canonical(string a, string b) =>
        string.CompareOrdinal(a.ToUpperInvariant(), b.ToUpperInvariant()) <= 0 ? $"{a.ToUpperInvariant()}+{b.ToUpperInvariant()}" : $"{b.ToUpperInvariant()}+{a.ToUpperInvariant()}";

    /// <summary>The single-mutation row covering <paramref name="mutation"/> ("I1171N" → the "I1171T/N/S" row), or null.</summary>
    public ResistanceRow? Find(string mutation)
    {
        var m = mutation.Trim().ToUpperInvariant();
        return Rows.FirstOrDefault(r => !r.IsCompound && r.Covers.Any(c => c.Equals(m, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The compound row listing exactly two of <paramref name="mutations"/> together, or null.</summary>
    public ResistanceRow? FindCompound(IReadOnlyCollection<string> mutations)
    {
        var pairs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in mutations)
            foreach (var b in mutations)
                if (!a.Equals(b, StringComparison.OrdinalIgnoreCase)) pairs.Add(Canonical(a, b));
        return Rows.FirstOrDefault(r => r.IsCompound && r.Covers.Any(pairs.Contains));
    }

    [GeneratedRegex(@"([A-Z]1\d{3}[A-Z])\s*\+\s*([A-Z]1\d{3}[A-Z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PairPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
