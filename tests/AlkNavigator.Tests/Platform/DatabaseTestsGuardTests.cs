using System.Text.RegularExpressions;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// scripts/test runs the database tests twice, on SQLite and on PostgreSQL, selected by <see cref="DatabaseTestsAttribute"/>.
/// A class that starts the app (directly or through a fixture that does) without that attribute would quietly never run on
/// PostgreSQL; this guard reads the test sources and names every such class. A class that runs a CLI command on a `--data`
/// directory opens a database too: Repo.RunCliAsync gives such a command the run's provider (on a PostgreSQL run, a
/// PostgreSQL database per directory), so it must be marked as well, or it would only ever test SQLite.
/// </summary>
public partial class DatabaseTestsGuardTests
{
    [GeneratedRegex(@"^(?:\[[^\n]*\]\s*\n)*(?:(?:public|internal|file|sealed|static|abstract|partial)\s+)*(?:class|record)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    /// <summary>Every top-level type in the test sources, with its text (attributes included).</summary>
    public static IReadOnlyList<(string File, string Name, string Text)> Types()
    {
        var types = new List<(string, string, string)>();
        var roots = new[] { "tests/AlkNavigator.Tests", "tests/AlkNavigator.BrowserTests", "tests/Shared" };
        foreach (var file in roots.SelectMany(r => Directory.GetFiles(Path.Combine(Repo.Root, r), "*.cs", SearchOption.AllDirectories)))
        {
            var rel = Path.GetRelativePath(Repo.Root, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            var text = File.ReadAllText(file);
            var matches = TopLevelType().Matches(text);
            for (var i = 0; i < matches.Count; i++)
            {
                var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
                types.Add((rel, matches[i].Groups[1].Value, text[matches[i].Index..end]));
            }
        }
        return types;
    }

    /// <summary>
    /// Types that open the app's database: those that call TestApp.StartAsync or run a CLI command with `--data`, and, to a
    /// fixed point, those that use one.
    /// </summary>
    public static HashSet<string> DatabaseTypes(IReadOnlyList<(string File, string Name, string Text)> types)
    {
        // This guard names them in strings; Repo (Root, RunCliAsync) is used by nearly every class and opens a database only
        // for a CLI command on --data, which the rule below sees in the calling class.
        types = types.Where(t => t.Name is not (nameof(DatabaseTestsGuardTests) or "Repo")).ToList();
        var db = types.Where(t => t.Name != "TestApp"
                && (t.Text.Contains("TestApp.StartAsync", StringComparison.Ordinal)
                    || (t.Text.Contains("Repo.RunCli", StringComparison.Ordinal) && t.Text.Contains("\"--data\"", StringComparison.Ordinal))))
            .Select(t => t.Name).ToHashSet();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var t in types.Where(t => !db.Contains(t.Name)))
                if (db.Any(d => Regex.IsMatch(t.Text, $@"\b{d}\b"))) grew = db.Add(t.Name) || grew;
        }
        return db;
    }

    [Fact]
    public void Every_class_that_starts_the_app_runs_on_PostgreSQL_too()
    {
        var types = Types();
        var db = DatabaseTypes(types);
        var forgotten = types
            .Where(t => db.Contains(t.Name) && Regex.IsMatch(t.Text, @"\[(Fact|Theory)\b"))
            .Where(t => !t.Text.Contains("DatabaseTests", StringComparison.Ordinal) && !t.Text.Contains("[SqliteOnly(", StringComparison.Ordinal))
            .Select(t => $"{t.File}: {t.Name}")
            .ToList();
        Assert.True(forgotten.Count == 0,
            "These test classes start the app or run the CLI on a --data directory but are not marked [DatabaseTests] (or [SqliteOnly(\"why\")]), so they never run on PostgreSQL:\n"
            + string.Join("\n", forgotten));
    }

    [Fact]
    public void The_guard_sees_the_classes_it_must_see()
    {
        var types = Types();
        var db = DatabaseTypes(types);
        // A fixture that starts the app, a class that uses it, and a pure unit-test class.
        Assert.Contains("RecordWorld", db);
        Assert.Contains("AccessMatrixTests", db);
        Assert.Contains("AccountCliTests", db);   // the CLI on a --data directory
        Assert.DoesNotContain("InteractionsCliTests", db);   // the CLI without a database
        Assert.DoesNotContain("DatabaseTestsGuardTests", db);
        Assert.True(types.Count > 100, $"only {types.Count} types found: the source scan is broken");
    }
}
