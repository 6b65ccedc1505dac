using System.Text.Json;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Trials.CtGov;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

if (args is ["trials-data", ..])
    return TrialsData.Write(args[1..]);
if (args is ["trials-data-rich", ..])
    return RichTrialsData.Write(args[1..]);
if (args is ["trials-parse", var parseDir, ..])
    return TrialsData.ParseOnly(parseDir, deriveCriteria: !args.Contains("--no-criteria"));
BenchmarkSwitcher.FromAssembly(typeof(LearnBenchmarks).Assembly).Run(args);
return 0;

/// <summary>
/// `trials-data OUTDIR [--pages 100] [--per-page 1000]`: writes v2 /studies pages of the shipped studies replicated under
/// new ids (NCT9xxxxxxx; everything else kept), the input of the import benchmark (bench/trials-import.md).
/// </summary>
internal static class TrialsData
{
    public static int Write(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: trials-data OUTDIR [--pages 100] [--per-page 1000]");
            return 2;
        }
        var outDir = args[0];
        int pages = 100, perPage = 1000;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--pages") pages = int.Parse(args[i + 1]);
            else if (args[i] == "--per-page") perPage = int.Parse(args[i + 1]);
            else { Console.Error.WriteLine($"unknown option {args[i]}"); return 2; }
        }
        if ((long)pages * perPage > 9_999_999) { Console.Error.WriteLine("at most 9,999,999 studies (NCT9 + 7 digits)"); return 2; }

        using var seed = JsonDocument.Parse(TrialSeed.Bytes());
        var studies = seed.RootElement.GetProperty("studies").EnumerateArray()
            .Select(s => (Id: s.GetProperty("protocolSection").GetProperty("identificationModule").GetProperty("nctId").GetString()!, Raw: s.GetRawText()))
            .ToList();
        Directory.CreateDirectory(outDir);
        var n = 0;
        for (var p = 0; p < pages; p++)
        {
            using var file = File.Create(Path.Combine(outDir, $"page-{p + 1:D4}.json"));
            using var w = new Utf8JsonWriter(file);
            w.WriteStartObject();
            w.WriteStartArray("studies");
            for (var i = 0; i < perPage; i++, n++)
            {
                var (id, raw) = studies[n % studies.Count];
                w.WriteRawValue(raw.Replace(id, $"NCT9{n:D7}"), skipInputValidation: true);
            }
            w.WriteEndArray();
            if (p + 1 < pages) w.WriteString("nextPageToken", $"bench-page-{p + 2}");
            w.WriteEndObject();
        }
        Console.WriteLine($"Wrote {pages} pages of {perPage} studies ({n} studies, {studies.Count} shipped ones replicated) to {outDir}.");
        return 0;
    }

    /// <summary>`trials-parse DIR [--no-criteria]`: parses every page without a database (the parser's share of an import).</summary>
    public static int ParseOnly(string dir, bool deriveCriteria)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var n = 0;
        foreach (var f in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
            n += CtGovParser.ParseFile(f, deriveCriteria).Trials.Count;
        Console.WriteLine($"Parsed {n} studies in {sw.Elapsed.TotalSeconds:0.00} s: {n / sw.Elapsed.TotalSeconds:0} studies/s " +
                          $"({(deriveCriteria ? "JSON + criteria" : "JSON only, no criteria")}, one thread, no database).");
        var first = CtGovParser.ParseFile(Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal).First()).Trials;
        sw.Restart();
        foreach (var t in first) AlkNavigator.Features.Trials.Matching.CriteriaParser.Apply(t);
        var criteria = sw.Elapsed;
        sw.Restart();
        foreach (var t in first) CtGovParser.SplitCriteria(t.EligibilityText);
        Console.WriteLine($"Of one page ({first.Count} studies): CriteriaParser.Apply {criteria.TotalMilliseconds:0} ms, SplitCriteria {sw.Elapsed.TotalMilliseconds:0} ms.");
        return 0;
    }
}

/// <summary>
/// `trials-data-rich OUTDIR [--pages 100] [--per-page 1000] [--min-eligibility 4000]`: the richer benchmark set of issue 13. Replicates
/// real v2 records with long eligibility texts — the shipped studies whose eligibility is at least --min-eligibility characters, and
/// the full registry records of bench/data/rich-studies.json (see bench/data/SOURCES.md) — under new ids (NCT9xxxxxxx), each copy
/// with its conditions in a different order and a different subset of its sites, so no two rows are identical. Prints the mean
/// eligibility text and record size.
/// </summary>
internal static class RichTrialsData
{
    public static int Write(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: trials-data-rich OUTDIR [--pages 100] [--per-page 1000] [--min-eligibility 4000]");
            return 2;
        }
        var outDir = args[0];
        int pages = 100, perPage = 1000, minEligibility = 4000;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--pages") pages = int.Parse(args[i + 1]);
            else if (args[i] == "--per-page") perPage = int.Parse(args[i + 1]);
            else if (args[i] == "--min-eligibility") minEligibility = int.Parse(args[i + 1]);
            else { Console.Error.WriteLine($"unknown option {args[i]}"); return 2; }
        }
        if ((long)pages * perPage > 9_999_999) { Console.Error.WriteLine("at most 9,999,999 studies (NCT9 + 7 digits)"); return 2; }

        var pool = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var s in System.Text.Json.Nodes.JsonNode.Parse(TrialSeed.Bytes())!["studies"]!.AsArray())
            if (Eligibility(s!.AsObject()).Length >= minEligibility) pool.Add(s.AsObject());
        var shipped = pool.Count;
        var rich = Path.Combine(AppContext.BaseDirectory, "rich-studies.json");
        foreach (var s in System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllBytes(rich))!["studies"]!.AsArray())
            pool.Add(s!.AsObject());

        Directory.CreateDirectory(outDir);
        long eligibilityChars = 0, bytes = 0;
        var n = 0;
        for (var p = 0; p < pages; p++)
        {
            var path = Path.Combine(outDir, $"page-{p + 1:D4}.json");
            using (var file = File.Create(path))
            using (var w = new Utf8JsonWriter(file))
            {
                w.WriteStartObject();
                w.WriteStartArray("studies");
                for (var i = 0; i < perPage; i++, n++)
                {
                    var study = Vary(pool[n % pool.Count], n);
                    eligibilityChars += Eligibility(study).Length;
                    study.WriteTo(w);
                }
                w.WriteEndArray();
                if (p + 1 < pages) w.WriteString("nextPageToken", $"bench-page-{p + 2}");
                w.WriteEndObject();
            }
            bytes += new FileInfo(path).Length;
        }
        Console.WriteLine($"Wrote {pages} pages of {perPage} studies ({n} studies from {pool.Count} records: {shipped} shipped with eligibility >= " +
                          $"{minEligibility} characters, {pool.Count - shipped} from {rich}) to {outDir}: mean eligibility text " +
                          $"{(double)eligibilityChars / n:0} characters, mean record {(double)bytes / n:0} bytes, {bytes / 1e6:0} MB in all.");
        return 0;
    }

    private static string Eligibility(System.Text.Json.Nodes.JsonObject s) =>
        s["protocolSection"]?["eligibilityModule"]?["eligibilityCriteria"]?.GetValue<string>() ?? "";

    /// <summary>A copy of <paramref name="source"/> under id NCT9{n}: conditions shuffled, a random subset of its sites (deterministic in n).</summary>
    private static System.Text.Json.Nodes.JsonObject Vary(System.Text.Json.Nodes.JsonObject source, int n)
    {
        var rng = new Random(n);
        var s = source.DeepClone().AsObject();
        var ps = s["protocolSection"]!.AsObject();
        ps["identificationModule"]!["nctId"] = $"NCT9{n:D7}";
        if (ps["conditionsModule"]?["conditions"] is System.Text.Json.Nodes.JsonArray conditions && conditions.Count > 1)
        {
            var items = conditions.Select(c => c!.DeepClone()).ToArray();
            rng.Shuffle(items);
            conditions.Clear();
            foreach (var c in items) conditions.Add(c);
        }
        if (ps["contactsLocationsModule"]?["locations"] is System.Text.Json.Nodes.JsonArray sites && sites.Count > 1)
        {
            // Keep 1..min(count, 60) sites, in their order, starting at a random one: every copy has its own site list.
            var keep = rng.Next(1, Math.Min(sites.Count, 60) + 1);
            var start = rng.Next(sites.Count);
            var chosen = Enumerable.Range(0, keep).Select(k => sites[(start + k) % sites.Count]!.DeepClone()).ToArray();
            sites.Clear();
            foreach (var site in chosen) sites.Add(site);
        }
        return s;
    }
}

/// <summary>The Learn hot paths: a search query (every keystroke of the search page and /api/search) and loading the knowledge base (start-up).</summary>
[MemoryDiagnoser]
public class LearnBenchmarks
{
    private ContentStore _store = null!;
    private readonly string _dir = Path.Combine(AppContext.BaseDirectory, "content");

    [GlobalSetup]
    public void Setup() => _store = ContentStore.Load(_dir);

    [Benchmark]
    public int SearchOneTerm() => _store.Search.Query("G1202R").Count;

    [Benchmark]
    public int SearchThreeTerms() => _store.Search.Query("brain metastases radiation").Count;

    [Benchmark]
    public int LoadAndCheckContent() => ContentStore.Load(_dir).Drugs.Count;
}
