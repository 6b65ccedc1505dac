using System.Data.Common;
using System.Text.Json.Nodes;
using AlkNavigator.Data;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Issue 11, items 7 and 8 for the catalogue: one bad or oversized study in a folder is skipped with its name and reason
/// while the others import; the detail page, the API and the search never select RawJson.
/// </summary>
public class TrialLimitsTests
{
    private static string FixtureStudy => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ctgov", "NCT06008288.json"));

    private static JsonObject Study(string nct)
    {
        var s = JsonNode.Parse(FixtureStudy)!.AsObject();
        s["protocolSection"]!["identificationModule"]!["nctId"] = nct;
        return s;
    }

    [Fact]
    public async Task One_bad_or_oversized_study_in_a_folder_is_skipped_with_its_reason_and_the_others_import()
    {
        var data = Directory.CreateTempSubdirectory("alknav-trials-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(data, "studies")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a-good.json"), Study("NCT90000001").ToJsonString());

        var longTitle = Study("NCT90000002");
        longTitle["protocolSection"]!["identificationModule"]!["briefTitle"] = new string('x', CtGovParser.MaxBriefTitle + 1);
        await File.WriteAllTextAsync(Path.Combine(folder, "b-long-title.json"), longTitle.ToJsonString());

        var huge = Study("NCT90000003");
        huge["protocolSection"]!["descriptionModule"]!["detailedDescription"] = new string('y', CtGovParser.MaxStudyBytes + 1024);
        await File.WriteAllTextAsync(Path.Combine(folder, "c-huge.json"), huge.ToJsonString());

        // A lone surrogate (written as a JSON escape): it cannot become a .NET string; it used to stop the whole import.
        var surrogate = Study("NCT90000004").ToJsonString().Replace("\"briefTitle\":\"", "\"briefTitle\":\"\\ud800 ");
        Assert.Contains("\\ud800", surrogate);
        await File.WriteAllTextAsync(Path.Combine(folder, "d-surrogate.json"), surrogate);

        await File.WriteAllTextAsync(Path.Combine(folder, "e-good.json"), Study("NCT90000005").ToJsonString());

        var r = await Repo.RunCliAsync("trials", "import", folder, "--data", data);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("Imported 2 studies from 5 files: 2 added, 0 updated, 0 unchanged, 3 skipped", r.Stdout);
        Assert.Contains("b-long-title.json: study 1 (NCT90000002): identificationModule.briefTitle is 1,001 characters; at most 1,000 are accepted", r.Stdout);
        Assert.Contains("c-huge.json: study 1 (NCT90000003): the study's JSON is 4.0 MB; a study can be at most 4 MB", r.Stdout);
        Assert.Contains("d-surrogate.json: study 1 (NCT90000004): a text field is not valid text", r.Stdout);
    }

    [Fact]
    [DatabaseTests]
    public async Task A_study_the_database_refuses_is_skipped_and_the_rest_of_its_batch_is_saved()
    {
        await using var app = await TestApp.StartAsync();
        var file = Path.Combine(app.DataDirectory, "page.json");
        var nul = Study("NCT90000012");
        nul["protocolSection"]!["descriptionModule"]!["briefSummary"] = "before\u0000after"; // PostgreSQL text cannot hold NUL
        var page = new JsonObject { ["studies"] = new JsonArray(Study("NCT90000011"), nul, Study("NCT90000013")) };
        await File.WriteAllTextAsync(file, page.ToJsonString());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = await new TrialImporter(db).ImportFilesAsync([file]);
        var stored = await db.Trials.Where(t => t.NctId.StartsWith("NCT9000001")).Select(t => t.NctId).OrderBy(n => n).ToListAsync();
        if (TestApp.IsPostgres)
        {
            Assert.Equal(["NCT90000011", "NCT90000013"], stored);
            var skipped = Assert.Single(counts.Skipped);
            Assert.Equal("NCT90000012", skipped.NctId);
            Assert.Contains("the database refused it", skipped.Reason);
            Assert.Equal(2, counts.Added);
        }
        else
        {
            Assert.Equal(["NCT90000011", "NCT90000012", "NCT90000013"], stored); // SQLite stores NUL in text
            Assert.Empty(counts.Skipped);
        }
    }

    [Fact]
    public void The_detail_query_does_not_select_raw_json()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseAppSqlite("Data Source=:memory:").Options);
        var sql = TrialQueries.Detail(db, "NCT06008288").ToQueryString();
        Assert.Contains("\"Title\"", sql);
        Assert.Contains("\"EligibilityText\"", sql);
        Assert.DoesNotContain("RawJson", sql);
    }

    /// <summary>Records every SQL command the context runs.</summary>
    private sealed class Commands : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (Texts) Texts.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    [DatabaseTests]
    public async Task The_detail_page_api_and_search_read_no_raw_json_from_the_database()
    {
        await using var app = await TestApp.StartAsync();
        var commands = new Commands();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (TestApp.IsPostgres) options.UseAppPostgres(app.ConnectionString!);
        else options.UseAppSqlite($"Data Source={Path.Combine(app.DataDirectory, "alknav.db")}");
        await using var db = new AppDbContext(options.AddInterceptors(commands).Options);

        var nct = await db.Trials.Select(t => t.NctId).OrderBy(n => n).FirstAsync();
        commands.Texts.Clear();
        var trial = await TrialQueries.Detail(db, nct).SingleAsync();
        Assert.Equal(nct, trial.NctId);
        Assert.Equal("", trial.RawJson);
        Assert.NotEmpty(trial.InclusionJson);
        var (total, hits) = await TrialSearch.RunAsync(db, new TrialQuery(Q: "alk"), default);
        Assert.True(total > 0);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("", h.Trial.RawJson));
        Assert.NotEmpty(commands.Texts);
        Assert.All(commands.Texts, sql => Assert.DoesNotContain("RawJson", sql));

        // The pages themselves still show the study.
        using var client = app.CreateClient();
        Assert.Contains(trial.Title, System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/trials/{nct}")));
        Assert.Contains(nct, await client.GetStringAsync($"/api/trials/{nct}"));
    }
}
