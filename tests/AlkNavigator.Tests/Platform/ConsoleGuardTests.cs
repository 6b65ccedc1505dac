using System.Text.RegularExpressions;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// The CLI writes only through CliOutput (the InvocationConfiguration's Output and Error writers), so tests run its commands
/// in process and see everything a user would. A Console.Write/Out/Error (or a console logger) anywhere else in src/ would
/// print past a test's writers, to the test runner's console; this guard reads the sources and names every such line.
/// </summary>
public partial class ConsoleGuardTests
{
    /// <summary>The one file that may touch the console: it falls back to the process's streams when `alknav` itself runs.</summary>
    private const string Allowed = "src/AlkNavigator/Cli/CliOutput.cs";

    [GeneratedRegex(@"\b(?:System\.)?Console\s*\.\s*(?:Write|WriteLine|Out|Error|OpenStandardOutput|OpenStandardError|SetOut|SetError)\b|\bAddConsole\s*\(")]
    private static partial Regex ConsoleUse();

    [Fact]
    public void Nothing_in_src_writes_to_the_console_past_the_cli_writers()
    {
        var found = new List<string>();
        var src = Path.Combine(Repo.Root, "src");
        var scanned = 0;
        foreach (var file in Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Repo.Root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (rel.Split('/').Any(p => p is "bin" or "obj") || rel == Allowed) continue;
            scanned++;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                if (ConsoleUse().IsMatch(lines[i])) found.Add($"{rel}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(scanned > 100, $"only {scanned} source files found under {src}");
        Assert.True(File.Exists(Path.Combine(Repo.Root, Allowed)), Allowed + " moved: update this guard");
        Assert.True(found.Count == 0,
            "Write through CliOutput.Out / CliOutput.Error (and CliOutput.AddErrorLogging for a host's logs), so an in-process run " +
            "captures it:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("Console.WriteLine(\"Created\");")]
    [InlineData("await Console.Out.WriteLineAsync(text);")]
    [InlineData("System.Console.Error.WriteLine(e.Message);")]
    [InlineData("using var s = Console.OpenStandardOutput();")]
    [InlineData("b.Logging.AddConsole();")]
    public void The_guard_sees_a_console_write(string line) => Assert.Matches(ConsoleUse(), line);

    [Theory]
    [InlineData("CliOutput.Out.WriteLine($\"Created {email}\");")]
    [InlineData("CliOutput.Error.WriteLine(e.Message);")]
    [InlineData("CliOutput.AddErrorLogging(b.Logging);")]
    public void The_guard_lets_the_cli_writers_through(string line) => Assert.DoesNotMatch(ConsoleUse(), line);
}
