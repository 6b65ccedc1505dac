#:sdk Microsoft.NET.Sdk.Web
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

// Paired, in process: parse the same studies with two builds' CriteriaParser (each in its own AssemblyLoadContext), alternating
// build by build, on one thread, and print each round's process CPU time. On a busy machine this compares two builds under the same
// load, which separate `trials import` runs cannot. A file-based app: build it from a copy OUTSIDE the repository (the repository's
// analyzer settings do not apply to it):
//   mkdir /tmp/pp && cp bench/parser-pair.cs /tmp/pp/ && dotnet build /tmp/pp/parser-pair.cs -o /tmp/pp/out
//   dotnet /tmp/pp/out/parser-pair.dll /tmp/rel-before /tmp/rel-after /tmp/speed-rich/page-0002.json 7
var dirs = new[] { args[0], args[1] };
var file = args[2];
var rounds = args.Length > 3 ? int.Parse(args[3]) : 3;
var setups = new List<(string Name, Func<object, object> Parse, Action<object> Apply, System.Collections.IList Trials)>();
foreach (var d in dirs)
{
    var alc = new DirAlc(d);
    var asm = alc.LoadFromAssemblyPath(Path.Combine(d, "alknav.dll"));
    var parser = asm.GetType("AlkNavigator.Features.Trials.CtGov.CtGovParser")!;
    var parseFile = parser.GetMethod("ParseFile", BindingFlags.Public | BindingFlags.Static)!;
    var result = parseFile.Invoke(null, parseFile.GetParameters().Length == 2 ? new object[] { file, false } : new object[] { file })!;
    var trials = (System.Collections.IList)result.GetType().GetProperty("Trials")!.GetValue(result)!;
    var cp = asm.GetType("AlkNavigator.Features.Trials.Matching.CriteriaParser")!;
    var apply = cp.GetMethod("Apply", BindingFlags.Public | BindingFlags.Static)!;
    setups.Add((Path.GetFileName(d), o => o, t => apply.Invoke(null, new[] { t }), trials));
}
// warm-up (JIT, regex construction)
foreach (var s in setups) for (var i = 0; i < 50; i++) s.Apply(s.Trials[i]!);
var totals = new double[setups.Count];
for (var r = 0; r < rounds; r++)
    for (var k = 0; k < setups.Count; k++)
    {
        var s = setups[k];
        var t0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        foreach (var t in s.Trials) s.Apply(t!);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - t0).TotalSeconds;
        totals[k] += cpu;
        Console.WriteLine($"round {r + 1} {s.Name}: {s.Trials.Count} studies, {cpu:F2} s CPU, {sw.Elapsed.TotalSeconds:F2} s wall, {s.Trials.Count / cpu:F0} studies per CPU-s");
    }
for (var k = 0; k < setups.Count; k++) Console.WriteLine($"total {setups[k].Name}: {totals[k]:F2} s CPU");

sealed class DirAlc(string dir) : AssemblyLoadContext(isCollectible: false)
{
    protected override Assembly? Load(AssemblyName name)
    {
        var p = Path.Combine(dir, name.Name + ".dll");
        if (File.Exists(p) && name.Name != "Microsoft.Data.Sqlite") try { return LoadFromAssemblyPath(p); } catch (FileLoadException) { }
        return null;
    }
}
