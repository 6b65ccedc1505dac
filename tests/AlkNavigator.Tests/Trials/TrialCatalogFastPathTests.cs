using AlkNavigator.Data;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// `trials match --top N` ranks from the compact criteria stored at import (Trial.MatchJson) and reads the full criteria only for the
/// trials it prints: on the shipped catalogue and every fixture profile, that must give the same verdicts, scores, order and reasons
/// as ranking the full criteria (CriteriaJson) of every trial.
/// </summary>
[DatabaseTests]
public class TrialCatalogFastPathTests
{
    private static IEnumerable<(string Id, MatchProfile Profile)> Profiles() =>
        new[] { "D01", "D02", "D03" }.Select(id => (id, MatchingFixtures.Profile(id)))
            .Concat(Enumerable.Range(1, 15).Select(i => $"O{i:D2}").Select(id => (id, MatchingFixtures.OwnProfile(id))));

    private static string Reasons(TrialMatch m) => string.Join("\n", m.Reasons.Select(r => $"{r.Kind}|{r.Criterion}|{r.Text}"));

    [Fact]
    public async Task Ranking_from_the_compact_criteria_agrees_with_the_full_criteria_on_the_shipped_catalogue()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        var full = await TrialCatalog.LoadAsync(connection);
        var compact = await TrialCatalog.LoadCompactAsync(connection);
        Assert.Equal(69, full.Count);
        Assert.NotNull(compact);
        Assert.Equal(69, compact.Count);
        // The compact form really is smaller: no quotes, no to-check texts (while the full criteria have them), except the words of an
        // earlier-drug or chemotherapy exclusion, which the matcher searches for the record's drugs.
        Assert.All(compact, t => Assert.Empty(t.Criteria.Quotes));
        Assert.All(compact, t => Assert.All(t.Criteria.ToCheck, i => Assert.True(i.Text == "" || CheckItem.KeepsText(i.Dimension), i.Text)));
        Assert.Contains(full, t => t.Criteria.Quotes.Count > 0);
        Assert.Contains(full, t => t.Criteria.ToCheck.Count > 0);

        foreach (var (id, profile) in Profiles())
        {
            var expected = TrialMatcher.Rank(profile, full);
            var fromCompact = TrialMatcher.Rank(profile, compact);
            Assert.True(expected.Select(m => (m.Nct, m.Verdict, m.Score)).SequenceEqual(fromCompact.Select(m => (m.Nct, m.Verdict, m.Score))),
                $"{id}: ranking the compact criteria differs from ranking the full criteria");

            // Batches of 7 stream the 69 trials in ten batches (one scored while the next is read), as 2,048 do a large catalogue.
            foreach (var (top, batch) in new[] { (1, 2048), (10, 2048), (69, 2048), (100, 2048), (10, 7), (69, 7) })
            {
                var (matches, total, usedCompact) = await TrialCatalog.RankAsync(connection, profile, top, batchSize: batch);
                Assert.True(usedCompact, $"{id}: the compact form was not used");
                Assert.Equal(69, total);
                var want = expected.Take(top).ToList();
                Assert.Equal(want.Select(m => (m.Nct, m.Verdict, m.Score)), matches.Select(m => (m.Nct, m.Verdict, m.Score)));
                Assert.Equal(want.Select(Reasons), matches.Select(Reasons)); // quotes included: read from the full criteria
            }
        }
    }

    [Fact]
    public async Task A_catalogue_whose_compact_criteria_are_not_derived_yet_is_ranked_from_the_full_criteria()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var trial = await db.Trials.FirstAsync(t => t.NctId == "NCT05384626");
        trial.MatchJson = ""; // as after the migration that added the column, before a re-import or the criteria refresh
        await db.SaveChangesAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Null(await TrialCatalog.LoadCompactAsync(connection));
        var profile = MatchingFixtures.Profile("D02");
        var (matches, total, usedCompact) = await TrialCatalog.RankAsync(connection, profile, 10);
        Assert.False(usedCompact);
        Assert.Equal(69, total);
        var expected = TrialMatcher.Rank(profile, await TrialCatalog.LoadAsync(connection), 10);
        Assert.Equal(expected.Select(m => (m.Nct, m.Verdict, m.Score)), matches.Select(m => (m.Nct, m.Verdict, m.Score)));
        Assert.Equal("NCT05384626", matches[0].Nct);
    }

    private static async Task<string> CompactQueryPlanAsync(System.Data.Common.DbConnection connection)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + TrialCatalog.CompactQuery;
        await using var r = await cmd.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await r.ReadAsync()) plan.Add(r.GetString(3));
        return string.Join("\n", plan);
    }

    [Fact]
    public async Task On_sqlite_the_compact_query_reads_only_its_covering_index_and_an_upgrade_builds_the_index_from_the_rows_there()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the provider's migrations snapshot");
        if (!db.Database.IsSqlite())
        {
            // PostgreSQL has no such index (B-tree entries are limited to about 2.7 KB; TOAST keeps the long columns out of the rows).
            Assert.DoesNotContain(db.Model.FindEntityType(typeof(Trial))!.GetIndexes(), i => i.GetDatabaseName() == TrialConfig.MatchIndex);
            return;
        }
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        Assert.Contains($"USING COVERING INDEX {TrialConfig.MatchIndex}", await CompactQueryPlanAsync(connection));

        // A database from before the index (the 69 shipped trials already in it): migrating creates the index over them.
        await db.Database.ExecuteSqlRawAsync("DROP INDEX \"" + TrialConfig.MatchIndex + "\"");
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%_TrialMatchIndex'""");
        Assert.DoesNotContain(TrialConfig.MatchIndex, await CompactQueryPlanAsync(connection));
        Assert.Contains(await db.Database.GetPendingMigrationsAsync(), m => m.EndsWith("_TrialMatchIndex", StringComparison.Ordinal));
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains($"USING COVERING INDEX {TrialConfig.MatchIndex}", await CompactQueryPlanAsync(connection));
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"""SELECT COUNT(*) FROM "Trials" INDEXED BY "{TrialConfig.MatchIndex}" WHERE "NctId" > '' AND "MatchJson" <> ''""";
            Assert.Equal(69L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        var compact = await TrialCatalog.LoadCompactAsync(connection);
        Assert.NotNull(compact);
        Assert.Equal(69, compact.Count);
    }
}
