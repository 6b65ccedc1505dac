using AlkNavigator.Features.Learn;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(LearnBenchmarks).Assembly).Run(args);

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
