using System.Text.Json;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Trials.CtGov;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

if (args is ["trials-data", ..])
    return TrialsData.Write(args[1..]);
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
