using System.Globalization;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Renderers.Html;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AlkNavigator.Features.Learn;

public sealed record ContentProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>
/// The knowledge base loaded from content/: bibliography, drugs, pages and the search index. It is read once
/// at start-up and never changes while the app runs, so every web node holds the same copy.
/// Loading is also the check: <see cref="Check"/> returns every problem with file and line.
/// </summary>
public sealed partial class ContentStore
{
    public static readonly string[] DrugSectionIds = ["overview", "approvals", "dosing", "trial", "side-effects", "warnings", "specific", "monitoring", "interactions", "sources"];
    private static readonly string[] FixedRoutes = ["/learn", "/learn/compare", "/learn/search"];

    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    public required string Directory { get; init; }
    public required IReadOnlyDictionary<string, Source> Bibliography { get; init; }
    public required IReadOnlyList<Drug> Drugs { get; init; }
    public required IReadOnlyList<LearnPage> Pages { get; init; }
    public required SearchIndex Search { get; init; }

    public Drug? FindDrug(string id) => Drugs.FirstOrDefault(d => d.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
    public LearnPage? FindPage(string slug) => Pages.FirstOrDefault(p => p.Slug.Equals(slug, StringComparison.OrdinalIgnoreCase));
    public string LastReviewed => Drugs.Select(d => d.Reviewed).Concat(Pages.Select(p => p.Meta.Reviewed)).DefaultIfEmpty("").Max(StringComparer.Ordinal)!;

    /// <summary>Loads content, failing with every problem listed when it is not valid.</summary>
    public static ContentStore Load(string directory)
    {
        var (store, problems) = Check(directory);
        if (problems.Count > 0)
            throw new InvalidOperationException($"The content in {directory} has {problems.Count} problem(s):\n" + string.Join('\n', problems));
        return store!;
    }

    public static (ContentStore? Store, List<ContentProblem> Problems) Check(string directory)
    {
        var problems = new List<ContentProblem>();
        var root = Path.GetFullPath(directory);
        // Paths as the user typed them: relative when inside the working directory, else absolute.
        string Rel(string path)
        {
            var rel = Path.GetRelativePath(Environment.CurrentDirectory, path);
            return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel;
        }
        if (!System.IO.Directory.Exists(root))
        {
            problems.Add(new(Rel(root), 0, "content directory not found"));
            return (null, problems);
        }

        // Bibliography.
        var bibliography = new Dictionary<string, Source>(StringComparer.Ordinal);
        var sourcesFile = Path.Combine(root, "sources.yaml");
        if (!File.Exists(sourcesFile))
            problems.Add(new(Rel(sourcesFile), 0, "sources.yaml (the bibliography) is missing"));
        else
        {
            var list = Deserialize<List<Source>>(sourcesFile, File.ReadAllText(sourcesFile), 0, problems, Rel);
            var lines = KeyLines(File.ReadAllText(sourcesFile), "key");
            foreach (var (s, i) in (list ?? []).Select((s, i) => (s, i)))
            {
                var line = i < lines.Count ? lines[i] : 1;
                if (string.IsNullOrWhiteSpace(s.Key) || !KeyPattern().IsMatch(s.Key))
                    problems.Add(new(Rel(sourcesFile), line, $"source key '{s.Key}' must be lowercase letters, digits and dashes"));
                else if (!bibliography.TryAdd(s.Key, s))
                    problems.Add(new(Rel(sourcesFile), line, $"duplicate source key '{s.Key}'"));
                if (string.IsNullOrWhiteSpace(s.Title))
                    problems.Add(new(Rel(sourcesFile), line, $"source '{s.Key}' has no title"));
                if (s.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"))
                    problems.Add(new(Rel(sourcesFile), line, $"source '{s.Key}' has an invalid url '{url}'"));
            }
        }

        // Drugs.
        var drugs = new List<Drug>();
        var drugFiles = System.IO.Directory.Exists(Path.Combine(root, "drugs"))
            ? System.IO.Directory.GetFiles(Path.Combine(root, "drugs"), "*.yaml").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (drugFiles.Length == 0) problems.Add(new(Rel(Path.Combine(root, "drugs")), 0, "no drug files (drugs/<id>.yaml)"));
        foreach (var file in drugFiles)
        {
            var text = File.ReadAllText(file);
            var drug = Deserialize<Drug>(file, text, 0, problems, Rel);
            if (drug is null) continue;
            CheckSourceKeys(file, text, 0, bibliography, problems, Rel, requireOnFacts: true);
            CheckDrug(drug, Path.GetFileNameWithoutExtension(file), text, p => problems.Add(new(Rel(file), p.Line, p.Message)));
            drugs.Add(drug);
        }

        // Pages.
        var pages = new List<(LearnPage Page, string File, string Body, int BodyLine)>();
        var pageFiles = System.IO.Directory.Exists(Path.Combine(root, "pages"))
            ? System.IO.Directory.GetFiles(Path.Combine(root, "pages"), "*.md").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (pageFiles.Length == 0) problems.Add(new(Rel(Path.Combine(root, "pages")), 0, "no pages (pages/<slug>.md)"));
        foreach (var file in pageFiles)
        {
            var parsed = ParsePage(file, bibliography, problems, Rel);
            if (parsed is not null) pages.Add((parsed.Value.Page, file, parsed.Value.Body, parsed.Value.BodyLine));
        }

        // Internal links, now that every target is known.
        var anchors = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in FixedRoutes) anchors[r] = [];
        foreach (var d in drugs) anchors[d.Url] = [.. DrugSectionIds];
        foreach (var (p, _, _, _) in pages) anchors[p.Url] = HeadingIds(p.Html);
        foreach (var (page, file, body, bodyLine) in pages)
        {
            var lines = body.Split('\n');
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in LinkPattern().Matches(lines[i]))
                {
                    var target = m.Groups["path"].Value.TrimEnd('/');
                    var anchor = m.Groups["anchor"].Success ? m.Groups["anchor"].Value : null;
                    if (target.Length == 0) target = page.Url; // "#anchor" on the same page
                    if (!target.StartsWith("/learn", StringComparison.Ordinal)) continue;
                    if (!anchors.TryGetValue(target, out var ids))
                        problems.Add(new(Rel(file), bodyLine + i, $"link to '{m.Groups["path"].Value}' does not resolve to a Learn page, drug, /learn/compare or /learn/search"));
                    else if (anchor is not null && ids.Count > 0 && !ids.Contains(anchor))
                        problems.Add(new(Rel(file), bodyLine + i, $"link anchor '#{anchor}' does not exist on {target}"));
                }
        }

        var expected = new[] { "crizotinib", "ceritinib", "alectinib", "brigatinib", "lorlatinib", "ensartinib" };
        foreach (var missing in expected.Except(drugs.Select(d => d.Id)))
            problems.Add(new(Rel(Path.Combine(root, "drugs")), 0, $"drug '{missing}' is missing (all six ALK TKIs are required)"));

        var orderedPages = pages.Select(p => p.Page).OrderBy(p => p.Meta.Order).ThenBy(p => p.Slug, StringComparer.Ordinal).ToList();
        var orderedDrugs = drugs.OrderBy(d => d.FirstApproval?.Date ?? "9999", StringComparer.Ordinal).ToList();
        var store = new ContentStore
        {
            Directory = root,
            Bibliography = bibliography,
            Drugs = orderedDrugs,
            Pages = orderedPages,
            Search = SearchIndex.Build(orderedPages, orderedDrugs),
        };
        return (store, problems);
    }

    private static void CheckDrug(Drug d, string fileId, string text, Action<(int Line, string Message)> report)
    {
        int Line(string key) => KeyLines(text, key).FirstOrDefault(1);
        if (d.Id != fileId) report((Line("id"), $"id '{d.Id}' must equal the file name '{fileId}'"));
        foreach (var (key, value) in new[] { ("name", d.Name), ("brand", d.Brand), ("maker", d.Maker), ("summary", d.Summary) })
            if (string.IsNullOrWhiteSpace(value)) report((Line(key), $"'{key}' is required"));
        if (d.Generation is < 1 or > 3) report((Line("generation"), "'generation' must be 1, 2 or 3"));
        if (!IsDate(d.Reviewed)) report((Line("reviewed"), $"'reviewed' must be a date (YYYY-MM-DD), not '{d.Reviewed}'"));
        if (d.Approvals.Count == 0) report((Line("approvals"), "at least one FDA approval is required"));
        foreach (var a in d.Approvals)
        {
            if (!IsDate(a.Date)) report((Line("approvals"), $"approval date '{a.Date}' must be YYYY-MM-DD"));
            if (a.Kind is not ("later-line" or "first-line" or "adjuvant")) report((Line("approvals"), $"approval kind '{a.Kind}' must be later-line, first-line or adjuvant"));
        }
        if (string.IsNullOrWhiteSpace(d.Dose.Text)) report((Line("dose"), "'dose.text' is required"));
        if (d.Dose.TimesPerDay is < 1 or > 3) report((Line("dose"), "'dose.timesPerDay' must be 1, 2 or 3"));
        if (string.IsNullOrWhiteSpace(d.Food.Text)) report((Line("food"), "'food.text' is required"));
        if (string.IsNullOrWhiteSpace(d.MissedDose.Text)) report((Line("missedDose"), "'missedDose.text' is required"));
        if (string.IsNullOrWhiteSpace(d.Trial.Name)) report((Line("trial"), "'trial.name' is required"));
        if (d.Trial.Figures.Count == 0) report((Line("trial"), "the pivotal trial needs at least one figure"));
        foreach (var (key, list) in new[] { ("commonSideEffects", d.CommonSideEffects), ("warnings", d.Warnings), ("monitoring", d.Monitoring), ("interactions", d.Interactions) })
            if (list.Count == 0) report((Line(key), $"'{key}' needs at least one item"));
    }

    private static (LearnPage Page, string Body, int BodyLine)? ParsePage(string file, IReadOnlyDictionary<string, Source> bibliography, List<ContentProblem> problems, Func<string, string> rel)
    {
        var text = File.ReadAllText(file).Replace("\r\n", "\n");
        var slug = Path.GetFileNameWithoutExtension(file);
        if (!KeyPattern().IsMatch(slug)) problems.Add(new(rel(file), 1, $"page file name '{slug}' must be lowercase letters, digits and dashes"));
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            problems.Add(new(rel(file), 1, "page must start with YAML front matter between '---' lines"));
            return null;
        }
        var end = text.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            problems.Add(new(rel(file), 1, "front matter is not closed with a '---' line"));
            return null;
        }
        var yaml = text[4..(end + 1)];
        var body = text[(end + 5)..];
        var bodyLine = text[..(end + 5)].Count(c => c == '\n') + 1;
        var meta = Deserialize<PageFrontMatter>(file, yaml, 1, problems, rel);
        if (meta is null) return null;
        CheckSourceKeys(file, yaml, 1, bibliography, problems, rel, requireOnFacts: false);
        int Line(string key) => KeyLines(yaml, key).FirstOrDefault(1) + 1;
        if (string.IsNullOrWhiteSpace(meta.Title)) problems.Add(new(rel(file), Line("title"), "'title' is required"));
        if (string.IsNullOrWhiteSpace(meta.Summary)) problems.Add(new(rel(file), Line("summary"), "'summary' is required"));
        if (!IsDate(meta.Reviewed)) problems.Add(new(rel(file), Line("reviewed"), $"'reviewed' must be a date (YYYY-MM-DD), not '{meta.Reviewed}'"));

        var bodyLines = body.Split('\n');
        for (var i = 0; i < bodyLines.Length; i++)
            foreach (Match m in CitePattern().Matches(bodyLines[i]))
                foreach (var key in SplitKeys(m.Groups[1].Value))
                {
                    if (!bibliography.ContainsKey(key))
                        problems.Add(new(rel(file), bodyLine + i, $"citation [src:{key}] names a source that is not in sources.yaml"));
                    else if (!meta.Sources.Contains(key))
                        problems.Add(new(rel(file), bodyLine + i, $"citation [src:{key}] is not listed in the page's front-matter sources"));
                }

        var doc = Markdown.Parse(body, Pipeline);
        var sections = new List<(string Id, string Title, string Text)>();
        string sectionId = "", sectionTitle = meta.Title;
        var sectionText = new System.Text.StringBuilder();
        foreach (var block in doc)
        {
            if (block is HeadingBlock h && h.Level <= 3)
            {
                if (sectionText.Length > 0) sections.Add((sectionId, sectionTitle, sectionText.ToString()));
                sectionText.Clear();
                sectionId = h.GetAttributes().Id ?? "";
                sectionTitle = h.Inline is null ? "" : string.Concat(h.Inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()));
                continue;
            }
            sectionText.Append(PlainText(body.Substring(block.Span.Start, Math.Min(block.Span.Length, body.Length - block.Span.Start)))).Append(' ');
        }
        if (sectionText.Length > 0) sections.Add((sectionId, sectionTitle, sectionText.ToString()));

        var citations = new Citations(bibliography);
        var html = doc.ToHtml(Pipeline);
        html = CitePattern().Replace(html, m =>
        {
            var refs = citations.Cite(SplitKeys(m.Groups[1].Value));
            return string.Concat(refs.Select(r =>
                $"<sup class=\"cite\"><a href=\"#src-{r.Source.Key}\" aria-label=\"Source {r.Number}: {System.Net.WebUtility.HtmlEncode(r.Source.Title)}\">[{r.Number}]</a></sup>"));
        });
        html = html.Replace("<table>", "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table (scrolls sideways)\" tabindex=\"0\"><table>")
                   .Replace("</table>", "</table></div>");
        // A table row that starts with an ALK mutation (G1202R, I1171T/N/S) gets an id by its residue, the first row for each
        // residue only, so the record can link a mutation to its row (LearnLinks.Mutation).
        var rowIds = new HashSet<string>(StringComparer.Ordinal);
        html = MutationRow().Replace(html, m =>
        {
            var id = MutationRowId(m.Groups[2].Value);
            return rowIds.Add(id) ? $"<tr id=\"{id}\">{m.Groups[1].Value}" : m.Value;
        });
        citations.Cite(meta.Sources); // sources listed but not cited inline still appear, after the cited ones
        return (new LearnPage { Slug = slug, Meta = meta, Html = html, SourceOrder = citations.Order.ToList(), Sections = sections, MutationRowIds = rowIds }, body, bodyLine);
    }

    /// <summary>The id of the table row of an ALK residue ("G1202" → "mutation-g1202").</summary>
    public static string MutationRowId(string residue) => "mutation-" + residue.ToLowerInvariant();

    [GeneratedRegex(@"<tr>(\s*<td>([A-Z]\d{4}))", RegexOptions.CultureInvariant)]
    private static partial Regex MutationRow();

    internal static string PlainText(string markdown)
    {
        var s = CitePattern().Replace(markdown, "");
        s = Regex.Replace(s, @"\[([^\]]*)\]\([^)]*\)", "$1");
        s = Regex.Replace(s, @"\{#[^}]*\}", "");
        s = Regex.Replace(s, @"[*_`>#|]+", " ");
        s = Regex.Replace(s, @"-{3,}", " ");
        return Regex.Replace(s, @"\s+", " ").Trim();
    }

    private static T? Deserialize<T>(string file, string yaml, int lineOffset, List<ContentProblem> problems, Func<string, string> rel) where T : class
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        try
        {
            return deserializer.Deserialize<T>(yaml) ?? throw new YamlException("the file is empty");
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is not null && e.InnerException is not YamlException ? $": {e.InnerException.Message}" : "";
            var message = e.Message.Contains("not found on type", StringComparison.Ordinal)
                ? $"unknown property: {e.Message}" : e.Message;
            problems.Add(new(rel(file), (int)e.Start.Line + lineOffset, message + inner));
            return null;
        }
    }

    /// <summary>Every "source:"/"sources:" value must be a bibliography key; every fact or figure must have one.</summary>
    private static void CheckSourceKeys(string file, string yaml, int lineOffset, IReadOnlyDictionary<string, Source> bibliography, List<ContentProblem> problems, Func<string, string> rel, bool requireOnFacts)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException) { return; } // already reported by Deserialize
        void Visit(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    var hasSource = false;
                    var isFact = false;
                    foreach (var (k, v) in map.Children)
                    {
                        var key = (k as YamlScalarNode)?.Value;
                        if (key is "source" or "sources")
                        {
                            hasSource = true;
                            var values = v switch
                            {
                                YamlScalarNode s => [s],
                                YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().ToList(),
                                _ => new List<YamlScalarNode>(),
                            };
                            if (values.Count == 0)
                                problems.Add(new(rel(file), (int)v.Start.Line + lineOffset, $"'{key}' must name a source key"));
                            foreach (var s in values)
                                if (!bibliography.ContainsKey(s.Value ?? ""))
                                    problems.Add(new(rel(file), (int)s.Start.Line + lineOffset, $"source '{s.Value}' is not in sources.yaml"));
                        }
                        else if (key is "text" or "value") isFact = true;
                        Visit(v);
                    }
                    if (requireOnFacts && isFact && !hasSource)
                        problems.Add(new(rel(file), (int)map.Start.Line + lineOffset, "this fact or figure has no source (add 'source: <key>')"));
                    break;
                case YamlSequenceNode seq:
                    foreach (var c in seq.Children) Visit(c);
                    break;
            }
        }
        foreach (var doc in stream.Documents) Visit(doc.RootNode);
    }

    /// <summary>Line numbers (1-based) of each "key:" occurrence, for reporting problems found after deserialising.</summary>
    private static List<int> KeyLines(string yaml, string key)
    {
        var result = new List<int>();
        var lines = yaml.Split('\n');
        var pattern = new Regex(@"^\s*(-\s+)?\{?\s*" + Regex.Escape(key) + @"\s*:");
        for (var i = 0; i < lines.Length; i++)
            if (pattern.IsMatch(lines[i])) result.Add(i + 1);
        return result;
    }

    private static HashSet<string> HeadingIds(string html) =>
        [.. Regex.Matches(html, "<h[1-6] id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    private static IEnumerable<string> SplitKeys(string keys) =>
        keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\[src:\s*([a-z0-9][a-z0-9, -]*)\]")]
    internal static partial Regex CitePattern();

    [GeneratedRegex(@"\]\((?<path>/learn[^)#?\s]*|)(\?[^)#\s]*)?(#(?<anchor>[^)\s]+))?\)")]
    private static partial Regex LinkPattern();
}
