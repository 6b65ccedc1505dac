using System.Text.RegularExpressions;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// The app reads the time only through its <see cref="TimeProvider"/> (TimeProvider.System in production, a
/// FakeTimeProvider in tests), and a patient's "today" only through PatientTime. A wall-clock read in src/ would make a
/// page or job ignore a test's clock, so tests would depend on the day they run; this guard reads the sources (C# and
/// Razor) and names every such line, including those merged in from other branches.
/// </summary>
public partial class WallClockGuardTests
{
    /// <summary>Lines allowed to read the wall clock, by "path:trimmed line", each with its reason. Empty: none needs to.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
    };

    [GeneratedRegex(@"\b(?:System\.)?(?:DateTime|DateTimeOffset)\s*\.\s*(?:UtcNow|Now|Today)\b")]
    private static partial Regex WallClock();

    [Fact]
    public void Nothing_in_src_reads_the_wall_clock()
    {
        var found = new List<string>();
        var src = Path.Combine(Repo.Root, "src");
        var files = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(src, "*.cshtml", SearchOption.AllDirectories));
        var scanned = 0;
        foreach (var file in files)
        {
            var rel = Path.GetRelativePath(Repo.Root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (rel.Split('/').Any(p => p is "bin" or "obj")) continue;
            scanned++;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!WallClock().IsMatch(lines[i])) continue;
                var key = $"{rel}:{lines[i].Trim()}";
                if (!Allowed.ContainsKey(key)) found.Add($"{rel}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(scanned > 100, $"only {scanned} source files found under {src}");
        Assert.True(found.Count == 0,
            "Read the time from the injected TimeProvider (a page: Clock; a service: TimeProvider in its constructor; with a " +
            "DbContext: db.Clock) and a patient's today from PatientTime.Today/TodayAsync, not the wall clock:\n" + string.Join("\n", found));
    }

    [GeneratedRegex(@"\bclass\s+\w+[^{;]*:\s*(?:System\.)?TimeProvider\b")]
    private static partial Regex HandMadeClock();

    /// <summary>Tests stop or move time with FakeTimeProvider (Microsoft.Extensions.TimeProvider.Testing), whose timers follow
    /// the fake clock too; a hand-made TimeProvider subclass fixes GetUtcNow but leaves timers and delays on the wall clock.</summary>
    [Fact]
    public void Tests_use_FakeTimeProvider_not_hand_made_clocks()
    {
        var tests = Path.Combine(Repo.Root, "tests");
        var found = Directory.GetFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(tests, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, line, i)))
            .Where(x => HandMadeClock().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Repo.Root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "Use FakeTimeProvider instead of a TimeProvider subclass:\n" + string.Join("\n", found));
        Assert.Matches(HandMadeClock(), "public sealed cl" + "ass FixedClock(DateTimeOffset now) : TimeProvider"); // split, or this line would be found
    }

    [Theory]
    [InlineData("var now = DateTime.UtcNow;")]
    [InlineData("x = System.DateTimeOffset.Now.AddDays(1);")]
    [InlineData("<span>@DateTime.Today.ToString(\"d\")</span>")]
    [InlineData("DateTime . UtcNow")]
    public void The_guard_sees_a_wall_clock_read(string line) => Assert.Matches(WallClock(), line);

    [Theory]
    [InlineData("var now = clock.GetUtcNow().UtcDateTime;")]
    [InlineData("public DateTime UpdatedUtc { get; set; }")]
    [InlineData("var today = PatientTime.Today(Clock, zone);")]
    public void The_guard_lets_the_clock_through(string line) => Assert.DoesNotMatch(WallClock(), line);
}
