using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Features.Trials.Matching;
using BenchmarkDotNet.Attributes;

/// <summary>
/// Matching one patient against 100,000 studies (the 69 shipped ones replicated under new ids, criteria parsed once as at import):
/// the whole ranking (Rank, every trial) and the top 10; plus reading 100,000 CriteriaJson values (the load side of the catalogue).
/// </summary>
[MemoryDiagnoser]
public class TrialMatchingBenchmarks
{
    private const int Size = 100_000;
    private List<CatalogTrial> _catalog = null!;
    private string[] _criteriaJson = null!;
    private MatchProfile _d01 = null!, _d02 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var seed = CtGovParser.Parse(TrialSeed.Bytes(), "seed").Trials;
        _catalog = new List<CatalogTrial>(Size);
        _criteriaJson = new string[Size];
        for (var i = 0; i < Size; i++)
        {
            var t = seed[i % seed.Count];
            var copy = CatalogTrial.From(t) with { NctId = $"NCT9{i:D7}" };
            _catalog.Add(copy);
            _criteriaJson[i] = t.CriteriaJson;
        }
        _d01 = Read(D01);
        _d02 = Read(D02);

        // The richer set (issue 13): the pool of `trials-data-rich` (shipped studies with eligibility >= 4,000 characters and the full
        // registry records of bench/data/rich-studies.json), replicated to 100,000; both the full criteria and the compact ones.
        var pool = seed.Where(t => (t.EligibilityText?.Length ?? 0) >= 4000).ToList();
        pool.AddRange(CtGovParser.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "rich-studies.json")), "rich").Trials);
        _rich = new List<CatalogTrial>(Size);
        _richCompact = new List<CatalogTrial>(Size);
        _richCriteriaJson = new string[Size];
        _richMatchJson = new string[Size];
        for (var i = 0; i < Size; i++)
        {
            var t = pool[i % pool.Count];
            _rich.Add(CatalogTrial.From(t) with { NctId = $"NCT9{i:D7}" });
            _richCompact.Add(CatalogTrial.From(t) with { NctId = $"NCT9{i:D7}", Criteria = TrialCriteria.FromJson(t.MatchJson) });
            _richCriteriaJson[i] = t.CriteriaJson;
            _richMatchJson[i] = t.MatchJson;
        }
    }

    private List<CatalogTrial> _rich = null!, _richCompact = null!;
    private string[] _richCriteriaJson = null!, _richMatchJson = null!;

    [Benchmark]
    public int Rich_RankTop10_D02() => TrialMatcher.Rank(_d02, _rich, top: 10).Count;

    [Benchmark]
    public int Rich_RankTop10_D02_Compact() => TrialMatcher.Rank(_d02, _richCompact, top: 10).Count;

    [Benchmark]
    public int Rich_DeserialiseCriteriaJson() => Deserialise(_richCriteriaJson);

    [Benchmark]
    public int Rich_DeserialiseMatchJson() => Deserialise(_richMatchJson);

    private static int Deserialise(string[] json)
    {
        var n = 0;
        Parallel.For(0, json.Length, () => 0, (i, _, local) => local + TrialCriteria.FromJson(json[i]).Stages.Count, x => Interlocked.Add(ref n, x));
        return n;
    }

    /// <summary>As `trials match --patient` reads a profile: the one profile reader, then MatchProfile.FromProfile.</summary>
    private static MatchProfile Read(string json)
    {
        var today = new DateOnly(2026, 11, 30);
        var import = AlkNavigator.Features.Record.ProfileJson.Parse(System.Text.Encoding.UTF8.GetBytes(json), today);
        if (!import.IsValid) throw new InvalidOperationException(string.Join("; ", import.Problems));
        return MatchProfile.FromProfile(import, today);
    }

    [Benchmark]
    public int RankAll_D02() => TrialMatcher.Rank(_d02, _catalog).Count;

    [Benchmark]
    public int RankTop10_D01() => TrialMatcher.Rank(_d01, _catalog, top: 10).Count;

    [Benchmark]
    public int DeserialiseCriteria()
    {
        var n = 0;
        Parallel.For(0, _criteriaJson.Length, () => 0, (i, _, local) => local + TrialCriteria.FromJson(_criteriaJson[i]).Stages.Count, x => Interlocked.Add(ref n, x));
        return n;
    }

    // The development profiles D01 and D02 (tests/AlkNavigator.Tests/Fixtures/profiles), inline so the benchmark needs no files.
    private const string D01 = """
        { "age": 49, "sex": "female", "country": "US",
          "diagnosis": { "histology": "adenocarcinoma", "stage": "IVB", "alk": { "status": "positive", "method": "NGS", "fusion": "EML4-ALK v1" } },
          "metastases": [ { "site": "brain", "status": "active" }, { "site": "bone" } ], "ecog": 1, "therapies": [], "procedures": [],
          "biomarkers": [ { "gene": "ALK", "alteration": "EML4-ALK fusion", "source": "tissue" } ] }
        """;

    private const string D02 = """
        { "age": 66, "sex": "male", "country": "US",
          "diagnosis": { "histology": "adenocarcinoma", "stage": "IV", "alk": { "status": "positive", "method": "IHC" } },
          "metastases": [ { "site": "liver" }, { "site": "lung" } ], "ecog": 1,
          "therapies": [ { "line": 1, "agent": "alectinib", "start": "2021-02-01", "end": "2024-05-01", "stopReason": "progression" },
                         { "line": 2, "agent": "lorlatinib", "start": "2024-05-10", "end": "2026-10-01", "stopReason": "progression" } ],
          "procedures": [], "biomarkers": [ { "gene": "ALK", "alteration": "G1202R", "source": "liquid-biopsy", "date": "2024-04-20" } ] }
        """;
}
