namespace AlkNavigator.Features.Learn;

/// <summary>The source keys one statement cites, as the partial <c>/Features/Learn/_Citation.cshtml</c> takes them (never null, so the
/// partial never falls back to the page's own model).</summary>
public sealed record CitationKeys(IReadOnlyList<string> Keys);

/// <summary>
/// Source keys of content/sources.yaml ("lorbrena-label") shown as readable citations: the source's title, linked when it has a
/// URL, never the raw key. Used by every page outside Learn that cites a source (medication, schedule, summaries) through the
/// partial <c>_Citation.cshtml</c>; <see cref="Text"/> gives the same words for plain-text places (emails, CLI).
/// </summary>
public static class SourceCitation
{
    /// <summary>The keys in one or more values, each possibly a list ("a, b" or "a; b").</summary>
    public static CitationKeys Of(params string?[] values) =>
        new(values.SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList());

    /// <summary>The bibliography entries of the keys, in order; keys the bibliography lacks are left out (the content check and
    /// the tests keep code and rules citing existing keys), so a raw key is never shown.</summary>
    public static IReadOnlyList<Source> Resolve(ContentStore? kb, CitationKeys keys) =>
        kb is null ? [] : keys.Keys.Select(k => kb.Bibliography.TryGetValue(k, out var s) ? s : null).OfType<Source>().ToList();

    /// <summary>"Source: Title" / "Sources: Title; Title" in plain text, or "" when nothing resolves.</summary>
    public static string Text(ContentStore? kb, CitationKeys keys)
    {
        var sources = Resolve(kb, keys);
        return sources.Count == 0 ? "" : (sources.Count == 1 ? "Source: " : "Sources: ") + string.Join("; ", sources.Select(s => s.Title));
    }
}
