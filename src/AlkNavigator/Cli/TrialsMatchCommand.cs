using AlkNavigator.Features.Symptoms;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AlkNavigator.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Features.Trials.Matching;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Cli;

internal static partial class TrialsCommands
{
    /// <summary>`alknav trials match --patient FILE [--format json|table] [--top N] [--data DIR]`: rank the catalogue for a profile.</summary>
    private static Command MatchCommand()
    {
        var match = new Command("match", "Rank the trial catalogue for a patient profile (JSON v1): each trial gets a verdict " +
            "(likely-eligible, possibly-eligible, likely-excluded, not-relevant), a score and the reasons, best first.");
        var patient = new Option<string>("--patient") { Description = "The patient profile JSON file.", Required = true, HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "json (default) or table.", DefaultValueFactory = _ => "json", HelpName = "json|table" };
        format.AcceptOnlyFromAmong("json", "table");
        var top = new Option<int?>("--top") { Description = "Only the best N trials (default: every trial).", HelpName = "N" };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--top: must be a whole number of at least 1.");
        });
        var data = CliApp.DataOption();
        match.Options.Add(patient);
        match.Options.Add(format);
        match.Options.Add(top);
        match.Options.Add(data);
        match.SetAction((pr, ct) => MatchAsync(pr.GetValue(patient)!, pr.GetValue(format)!, pr.GetValue(top), pr.GetValue(data), ct));
        return match;
    }

    private static async Task<int> MatchAsync(string file, string format, int? top, string? data, CancellationToken ct)
    {
        var today = PatientTime.UtcToday(TimeProvider.System); // a profile file, no patient zone: the UTC date
        if (await ProfileInput.ReadAsync(file, today, ct) is not { } import) return 1;
        var profile = MatchProfile.FromProfile(import, today);

        await using var app = CliApp.BuildQuietHost(data);
        using var scope = app.Services.CreateScope();
        await using var catalogue = await OpenCatalogueAsync(app, scope.ServiceProvider, ct);
        // --top N: rank from the compact criteria and read the full criteria of the N printed trials only; every trial: read them all.
        List<TrialMatch> matches;
        int total;
        if (top is { } n) (matches, total, _) = await TrialCatalog.RankAsync(catalogue.Connection, profile, n, ct);
        else
        {
            var trials = await TrialCatalog.LoadAsync(catalogue.Connection, ct);
            (matches, total) = (TrialMatcher.Rank(profile, trials), trials.Count);
        }

        await using var stdout = new StreamWriter(CliOutput.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        if (format == "table") WriteTable(stdout, matches, total);
        else
        {
            await JsonSerializer.SerializeAsync(stdout.BaseStream, matches, MatchJson.Default.ListTrialMatch, ct);
            await stdout.BaseStream.WriteAsync("\n"u8.ToArray(), ct);
        }
        return 0;
    }

    /// <summary>An open connection to the catalogue, and what closes it.</summary>
    private sealed class Catalogue(System.Data.Common.DbConnection connection, Func<ValueTask> close) : IAsyncDisposable
    {
        public System.Data.Common.DbConnection Connection => connection;
        public ValueTask DisposeAsync() => close();
    }

    /// <summary>
    /// The catalogue for matching. An existing SQLite file is read directly (no EF model to build, no migration check: about a
    /// second less on a 100,000-trial catalogue); a new file, an older schema (or one without the matching index), or PostgreSQL go
    /// through migration first.
    /// </summary>
    private static async Task<Catalogue> OpenCatalogueAsync(WebApplication app, IServiceProvider services, CancellationToken ct)
    {
        if (!app.Services.GetRequiredService<DatabaseOptions>().IsPostgres)
        {
            var cs = RelationalOptionsExtension.Extract(services.GetRequiredService<DbContextOptions>()).ConnectionString;
            if (cs is not null && new SqliteConnectionStringBuilder(cs).DataSource is { Length: > 0 } file && File.Exists(file))
            {
                var connection = new SqliteConnection(cs);
                try
                {
                    await connection.OpenAsync(ct);
                    await using var cmd = connection.CreateCommand();
                    // The columns matching reads and their covering index: an older schema fails here or lacks the index, and is
                    // migrated below (once); an empty catalogue is seeded below.
                    cmd.CommandText = $"""
                        SELECT EXISTS (SELECT "MatchJson", "CriteriaJson", "Categories" FROM "Trials")
                           AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '{Features.Trials.TrialConfig.MatchIndex}')
                        """;
                    if (Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1)
                        return new Catalogue(connection, connection.DisposeAsync);
                }
                catch (SqliteException)
                {
                    // An older or unfinished database: migrate it below, then read it through EF.
                }
                await connection.DisposeAsync();
            }
        }
        await Database.MigrateAsync(app.Services, ct);
        await TrialSeed.SeedIfEmptyAsync(app.Services, ct);
        var db = services.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        return new Catalogue(db.Database.GetDbConnection(), async () => await db.Database.CloseConnectionAsync());
    }

    private static void WriteTable(TextWriter o, List<TrialMatch> matches, int total)
    {
        o.WriteLine($"{"#",4}  {"NCT",-12} {"verdict",-18} {"score",6}  why");
        var rank = 0;
        foreach (var m in matches)
        {
            var key = m.Reasons.Where(r => r.Kind == "excludes").Concat(m.Reasons.Where(r => r.Kind == "unknown")).Concat(m.Reasons.Where(r => r.Kind == "meets")).FirstOrDefault();
            var why = key is null ? "" : $"{key.Kind}: {key.Text}";
            if (why.Length > 110) why = why[..107] + "...";
            o.WriteLine($"{++rank,4}  {m.Nct,-12} {m.Verdict,-18} {m.Score,6:0.000}  {why}");
        }
        o.WriteLine($"{matches.Count} of {total} trial(s).");
    }
}

/// <summary>The CLI's JSON: [{"nct","verdict","score","reasons":[{kind,criterion,text}]}], source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<TrialMatch>))]
internal sealed partial class MatchJson : JsonSerializerContext;
