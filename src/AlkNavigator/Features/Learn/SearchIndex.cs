using System.Text.RegularExpressions;

namespace AlkNavigator.Features.Learn;

public sealed record SearchHit(string Title, string Section, string Url, string Kind, string Snippet, double Score);

/// <summary>
/// A small BM25 index over every Learn section and drug. Content is a few dozen pages, so the index is built
/// once at start-up in memory (identical on every node) and a query is a scan of the postings.
/// </summary>
public sealed partial class SearchIndex
{
    private sealed record Doc(string Title, string Section, string Url, string Kind, string Text, Dictionary<string, int> Terms, int Length, HashSet<string> TitleTerms);

    private readonly List<Doc> _docs;
    private readonly Dictionary<string, int> _docFreq;
    private readonly double _avgLength;

    private SearchIndex(List<Doc> docs)
    {
        _docs = docs;
        _docFreq = docs.SelectMany(d => d.Terms.Keys).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        _avgLength = docs.Count == 0 ? 1 : docs.Average(d => d.Length);
    }

    public int Count => _docs.Count;

    public static SearchIndex Build(IEnumerable<LearnPage> pages, IEnumerable<Drug> drugs)
    {
        var docs = new List<Doc>();
        void Add(string title, string section, string url, string kind, string text)
        {
            var tokens = Tokenize(section + " " + text).ToList();
            docs.Add(new Doc(title, section, url, kind, text,
                tokens.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count()), tokens.Count,
                [.. Tokenize(title + " " + section)]));
        }
        foreach (var p in pages)
            foreach (var (id, title, text) in p.Sections)
                Add(p.Meta.Title, title == p.Meta.Title ? "" : title, id.Length == 0 ? p.Url : $"{p.Url}#{id}", "page", text);
        foreach (var d in drugs)
        {
            Add($"{d.Name} ({d.Brand})", "", d.Url, "drug",
                string.Join(' ', new[] { d.Summary, d.GenerationLabel, d.Maker, string.Join(' ', d.OtherBrands ?? []), d.Dose.Text, d.Food.Text, d.MissedDose.Text }
                    .Concat(d.Approvals.Select(a => a.Text))));
            Add($"{d.Name} ({d.Brand})", $"{d.Trial.Name} trial", $"{d.Url}#trial", "drug",
                string.Join(' ', new[] { d.Trial.Citation, d.Trial.Design ?? "" }.Concat(d.Trial.Figures.Select(f => $"{f.Label}: {f.Value}"))));
            Add($"{d.Name} ({d.Brand})", "Side effects and warnings", $"{d.Url}#side-effects", "drug",
                string.Join(' ', d.CommonSideEffects.Concat(d.SpecificEffects).Concat(d.Warnings).Select(f => $"{f.Title} {f.Text}")));
            Add($"{d.Name} ({d.Brand})", "Monitoring and interactions", $"{d.Url}#monitoring", "drug",
                string.Join(' ', d.Monitoring.Concat(d.Interactions).Select(f => f.Text)));
        }
        return new SearchIndex(docs);
    }

    public IReadOnlyList<SearchHit> Query(string? query, int limit = 20)
    {
        var terms = Tokenize(query ?? "").Distinct().ToList();
        if (terms.Count == 0) return [];
        const double k1 = 1.2, b = 0.75;
        var n = _docs.Count;
        var scored = new List<(Doc Doc, double Score, int Matched)>();
        foreach (var doc in _docs)
        {
            double score = 0;
            var matched = 0;
            foreach (var t in terms)
            {
                var tf = doc.Terms.GetValueOrDefault(t);
                if (tf == 0 && !doc.TitleTerms.Contains(t)) continue;
                matched++;
                var df = _docFreq.GetValueOrDefault(t, 1);
                var idf = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
                score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc.Length / _avgLength));
                if (doc.TitleTerms.Contains(t)) score += idf; // a match in the title or heading counts extra
            }
            if (matched > 0) scored.Add((doc, score, matched));
        }
        // Documents matching every word first, then by score.
        return scored.OrderByDescending(s => s.Matched).ThenByDescending(s => s.Score).Take(limit)
            .Select(s => new SearchHit(s.Doc.Title, s.Doc.Section, s.Doc.Url, s.Doc.Kind, Snippet(s.Doc.Text, terms), Math.Round(s.Score, 3)))
            .ToList();
    }

    private static string Snippet(string text, IReadOnlyList<string> terms)
    {
        var at = -1;
        foreach (var t in terms)
        {
            var m = Regex.Match(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(t)}", RegexOptions.IgnoreCase);
            if (m.Success && (at < 0 || m.Index < at)) at = m.Index;
        }
        if (at < 0) return text.Length <= 200 ? text : text[..200].TrimEnd() + "…";
        var start = Math.Max(0, at - 80);
        var end = Math.Min(text.Length, at + 140);
        if (start > 0) { var sp = text.IndexOf(' ', start); if (sp > 0 && sp < at) start = sp + 1; }
        if (end < text.Length) { var sp = text.LastIndexOf(' ', end); if (sp > at) end = sp; }
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }

    internal static IEnumerable<string> Tokenize(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(t => t.Length > 1 || char.IsDigit(t[0]));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
