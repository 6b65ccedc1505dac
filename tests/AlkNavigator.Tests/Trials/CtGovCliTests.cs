using static AlkNavigator.Tests.Trials.CtGovParserTests;

namespace AlkNavigator.Tests.Trials;

/// <summary>`alknav trials import` and `alknav trials sync` as a user runs them: the CLI in process over a temp --data directory (its SQLite file, or its PostgreSQL database on a PostgreSQL run).</summary>
[DatabaseTests]
public class CtGovCliTests
{
    private static readonly Dictionary<string, string> NoSeed = new() { ["ALKNAV_Trials__Seed"] = "false" };

    private static string TempData() => Directory.CreateTempSubdirectory("alknav-trials-cli-").FullName;

    [Theory]
    [InlineData("trials", "import", "--help")]
    [InlineData("trials", "sync", "--help")]
    public async Task Trials_commands_have_help(params string[] args)
    {
        var r = await Repo.RunCliAsync(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout);
    }

    [Fact]
    public async Task Import_prints_counts_and_a_second_run_finds_everything_unchanged()
    {
        var data = TempData();
        var page = Fixture("search_response_kras_g12c_recruiting_page1.json");
        var single = Fixture("NCT02513394.json");
        var r = await Repo.RunCliWithEnvAsync(NoSeed, "trials", "import", page, single, "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Imported 11 studies from 2 files: 11 added, 0 updated, 0 unchanged, 0 skipped.", r.Stdout);

        var again = await Repo.RunCliWithEnvAsync(NoSeed, "trials", "import", page, single, "--data", data);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("Imported 11 studies from 2 files: 0 added, 0 updated, 11 unchanged, 0 skipped.", again.Stdout);
    }

    [Fact]
    public async Task A_catalogue_imported_into_a_new_data_dir_holds_exactly_those_studies_and_match_ranks_them()
    {
        // Without Trials:Seed=false: importing never adds the shipped studies, and match does not add them to a filled catalogue.
        var data = TempData();
        var r = await Repo.RunCliAsync("trials", "import", Fixture("search_response_kras_g12c_recruiting_page1.json"), "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("10 added", r.Stdout);
        var profile = Path.Combine(Repo.Root, "tests", "AlkNavigator.Tests", "Fixtures", "profiles", "D02.json");
        var match = await Repo.RunCliAsync("trials", "match", "--patient", profile, "--data", data);
        Assert.True(match.ExitCode == 0, match.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(match.Stdout);
        Assert.Equal(10, doc.RootElement.GetArrayLength());

        // A new data dir with nothing imported: match uses the shipped catalogue.
        var fresh = await Repo.RunCliAsync("trials", "match", "--patient", profile, "--data", TempData());
        Assert.True(fresh.ExitCode == 0, fresh.Stderr);
        using var seeded = System.Text.Json.JsonDocument.Parse(fresh.Stdout);
        Assert.Equal(69, seeded.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Import_of_a_folder_skips_bad_records_and_malformed_files_with_reasons_and_succeeds()
    {
        var data = TempData();
        var folder = Directory.CreateTempSubdirectory("alknav-trials-in-").FullName;
        foreach (var f in new[] { "bad-records.json", "malformed.json", "NCT06008288.json" })
            File.Copy(Fixture(f), Path.Combine(folder, f));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not json, not imported");

        var r = await Repo.RunCliWithEnvAsync(NoSeed, "trials", "import", folder, "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Imported 3 studies from 2 files: 3 added, 0 updated, 0 unchanged, 3 skipped.", r.Stdout);
        Assert.Contains("bad-records.json: study 2: no NCT id", r.Stdout);
        Assert.Contains("bad-records.json: study 3 (NCT09999991): designModule.phases is a string, expected an array", r.Stdout);
        Assert.Contains("malformed.json: not valid JSON at line", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task Import_exits_non_zero_when_every_file_is_malformed_or_a_path_is_missing()
    {
        var data = TempData();
        var bad = await Repo.RunCliWithEnvAsync(NoSeed, "trials", "import", Fixture("malformed.json"), "--data", data);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("malformed.json: not valid JSON", bad.Stderr);
        Assert.Contains("Imported 0 studies from 0 files", bad.Stdout);

        var missing = await Repo.RunCliWithEnvAsync(NoSeed, "trials", "import", "/no/such/studies.json", "--data", data);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("/no/such/studies.json: no such file or folder.", missing.Stderr);

        var none = await Repo.RunCliAsync("trials", "import", "--data", data);
        Assert.NotEqual(0, none.ExitCode);
    }

    [Fact]
    public async Task Sync_against_the_replayed_api_prints_pages_and_counts_then_runs_incrementally()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        var data = TempData();
        var env = new Dictionary<string, string>
        {
            ["ALKNAV_Trials__ApiBaseUrl"] = server.BaseUrl,
            ["ALKNAV_Trials__MinRequestInterval"] = "0",
        };

        var r = await Repo.RunCliWithEnvAsync(env, "trials", "sync", "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"Fetched 4 pages from {server.BaseUrl} (full sync).", r.Stdout);
        Assert.Contains("Imported 20 studies from 4 pages: 20 added, 0 updated, 0 unchanged, 0 skipped.", r.Stdout);
        Assert.Contains("Latest registry update seen: 2025-11-03.", r.Stdout);

        var again = await Repo.RunCliWithEnvAsync(env, "trials", "sync", "--data", data);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("(studies updated since 2025-11-03).", again.Stdout);
        Assert.Contains("0 added, 0 updated, 20 unchanged", again.Stdout);
        Assert.Equal("AREA[LastUpdatePostDate]RANGE[2025-11-03,MAX]", server.RequestList[^1].Query["filter.advanced"].ToString());

        // A study imported from its own file after a sync: same content, different JSON text, so an update.
        var import = await Repo.RunCliWithEnvAsync(env, "trials", "import", Fixture("NCT06008288.json"), "--data", data);
        Assert.Contains("0 added, 1 updated", import.Stdout);   // the single-study file's own text replaces the page's copy
    }

    [Fact]
    public async Task Sync_fails_clearly_when_the_api_keeps_failing()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        for (var i = 0; i < 2; i++) server.Failures.Enqueue((502, null));
        var env = new Dictionary<string, string>
        {
            ["ALKNAV_Trials__ApiBaseUrl"] = server.BaseUrl,
            ["ALKNAV_Trials__MinRequestInterval"] = "0",
            ["ALKNAV_Trials__MaxAttempts"] = "2",
            ["ALKNAV_Trials__RetryBaseDelay"] = "0.01",
        };
        var r = await Repo.RunCliWithEnvAsync(env, "trials", "sync", "--data", TempData());
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("alknav: ClinicalTrials.gov could not be reached", r.Stderr.Trim().Split('\n')[^1]);
        Assert.Contains("HTTP 502", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);

        var badDate = await Repo.RunCliAsync("trials", "sync", "--since", "yesterday", "--data", TempData());
        Assert.NotEqual(0, badDate.ExitCode);
        Assert.Contains("is not a date", badDate.Stderr + badDate.Stdout);
    }
}
