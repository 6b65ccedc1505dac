using System.Text.Json;

namespace AlkNavigator.Tests.Trials;

/// <summary>`alknav trials match` as a user runs it: the CLI in process over a fresh --data directory (SQLite, or its own PostgreSQL database on a PostgreSQL run) (seeded with the shipped catalogue).</summary>
[DatabaseTests]
public class MatchingCliTests
{
    private static string TempData() => Directory.CreateTempSubdirectory("alknav-match-cli-").FullName;

    [Fact]
    public async Task Json_output_ranks_every_trial_with_verdict_score_and_reasons()
    {
        var r = await Repo.RunCliAsync("trials", "match", "--patient", MatchingFixtures.ProfilePath("D02"), "--data", TempData());
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(MatchingFixtures.Trials.Count, items.Count);
        foreach (var item in items)
        {
            Assert.Equal(["nct", "verdict", "score", "reasons"], item.EnumerateObject().Select(p => p.Name));
            Assert.Contains(item.GetProperty("verdict").GetString(), new[] { "likely-eligible", "possibly-eligible", "likely-excluded", "not-relevant" });
            foreach (var reason in item.GetProperty("reasons").EnumerateArray())
                Assert.Equal(["kind", "criterion", "text"], reason.EnumerateObject().Select(p => p.Name));
        }
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.Equal("NCT05384626", items[0].GetProperty("nct").GetString());
    }

    [Fact]
    public async Task Top_limits_the_list_and_table_format_is_readable()
    {
        var data = TempData();
        var json = await Repo.RunCliAsync("trials", "match", "--patient", MatchingFixtures.ProfilePath("D01"), "--top", "3", "--data", data);
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal(3, JsonDocument.Parse(json.Stdout).RootElement.GetArrayLength());

        var table = await Repo.RunCliAsync("trials", "match", "--patient", MatchingFixtures.ProfilePath("D01"), "--top", "3", "--format", "table", "--data", data);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("NCT", table.Stdout);
        Assert.Contains("likely-eligible", table.Stdout);
        Assert.Contains($"3 of {MatchingFixtures.Trials.Count} trial(s).", table.Stdout);
    }

    [Fact]
    public async Task Profile_warnings_go_to_stderr_and_the_match_still_runs()
    {
        var file = Path.Combine(TempData(), "p.json");
        await File.WriteAllTextAsync(file, """{ "age": 50, "diagnosis": { "stage": "IV", "alk": { "status": "positive" } }, "shoeSize": 42 }""");
        var r = await Repo.RunCliAsync("trials", "match", "--patient", file, "--top", "1", "--data", TempData());
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"{file}:1: $.shoeSize: warning: unknown property", r.Stderr); // FILE:LINE, as every profile command prints it
        Assert.Equal(1, JsonDocument.Parse(r.Stdout).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("invalid")]
    [InlineData("format")]
    [InlineData("top")]
    public async Task Bad_input_gives_a_clear_message_and_a_non_zero_exit(string what)
    {
        var data = TempData();
        var bad = Path.Combine(data, "bad.json");
        await File.WriteAllTextAsync(bad, "{ \"age\": ");
        string[] args = what switch
        {
            "missing" => ["trials", "match", "--patient", Path.Combine(data, "nope.json"), "--data", data],
            "invalid" => ["trials", "match", "--patient", bad, "--data", data],
            "format" => ["trials", "match", "--patient", MatchingFixtures.ProfilePath("D01"), "--format", "xml", "--data", data],
            _ => ["trials", "match", "--patient", MatchingFixtures.ProfilePath("D01"), "--top", "0", "--data", data],
        };
        var r = await Repo.RunCliAsync(args);
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("\"nct\"", r.Stdout); // no ranking printed (parse errors show the usage)
        Assert.Contains(what switch { "missing" => "no such file", "invalid" => "not a valid patient profile", "format" => "xml", _ => "--top" }, r.Stderr);
    }
}
