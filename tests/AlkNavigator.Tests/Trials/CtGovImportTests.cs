using AlkNavigator.Data;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;
using Microsoft.EntityFrameworkCore;
using static AlkNavigator.Tests.Trials.CtGovParserTests;

namespace AlkNavigator.Tests.Trials;

/// <summary>The importer and the seed on the real database (SQLite, and PostgreSQL when ALKNAV_TEST_DB=postgres).</summary>
[DatabaseTests]
public class CtGovImportTests
{
    private static Task<TestApp> StartEmptyAsync() => TestApp.StartAsync(s => s["Trials:Seed"] = "false", smtp: false);

    private static async Task<ImportCounts> ImportAsync(TestApp app, params string[] files)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await new TrialImporter(db) { BatchSize = 4 }.ImportFilesAsync(files);
    }

    private static async Task<T> WithDbAsync<T>(TestApp app, Func<AppDbContext, Task<T>> f)
    {
        using var scope = app.Services.CreateScope();
        return await f(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task A_fresh_database_starts_with_the_69_shipped_trials()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        Assert.Equal(69, await WithDbAsync(app, db => db.Trials.CountAsync()));
        var alk = await WithDbAsync(app, db => db.Trials.AsNoTracking().FirstAsync(t => t.NctId == "NCT00068003"));
        Assert.Equal("ENROLLING_BY_INVITATION", alk.Status);
        Assert.Equal("National Cancer Institute (NCI)", alk.Sponsor);

        // Migrating again (a restart) does not import twice or change anything.
        await Database.MigrateAsync(app.Services);
        await AlkNavigator.Features.Trials.CtGov.TrialSeed.SeedIfEmptyAsync(app.Services);
        Assert.Equal(69, await WithDbAsync(app, db => db.Trials.CountAsync()));
    }

    [Fact]
    public async Task The_seed_can_be_turned_off()
    {
        await using var app = await StartEmptyAsync();
        Assert.Equal(0, await WithDbAsync(app, db => db.Trials.CountAsync()));
    }

    [Fact]
    public async Task Import_is_idempotent_the_second_run_finds_everything_unchanged()
    {
        await using var app = await StartEmptyAsync();
        string[] files = [Fixture("search_response_kras_g12c_recruiting_page1.json"), Fixture("NCT02513394.json")];

        var first = await ImportAsync(app, files);
        Assert.Equal((11, 0, 0), (first.Added, first.Updated, first.Unchanged));
        Assert.Equal(11, first.AddedNctIds.Count);
        Assert.Contains("NCT02513394", first.AddedNctIds);
        Assert.Equal(2, first.Files);
        Assert.Equal(11, await WithDbAsync(app, db => db.Trials.CountAsync()));

        var second = await ImportAsync(app, files);
        Assert.Equal((0, 0, 11), (second.Added, second.Updated, second.Unchanged));
        Assert.Empty(second.AddedNctIds);
        Assert.Empty(second.Skipped);

        var stored = await WithDbAsync(app, db => db.Trials.AsNoTracking().FirstAsync(t => t.NctId == "NCT02513394"));
        Assert.Equal(File.ReadAllText(Fixture("NCT02513394.json")).Trim(), stored.RawJson);
        Assert.Equal("PALLAS", stored.Acronym);
    }

    [Fact]
    public async Task A_changed_record_is_updated_and_annotations_survive_re_import()
    {
        await using var app = await StartEmptyAsync();
        var page = Fixture("search_response_kras_g12c_recruiting_page1.json");
        await ImportAsync(app, page);
        var before = await WithDbAsync(app, db => db.Trials.AsNoTracking().FirstAsync(t => t.NctId == "NCT06008288"));

        await WithDbAsync(app, async db =>
        {
            db.TrialAnnotations.Add(new TrialAnnotation { NctId = "NCT06008288", PlainSummary = "A KRAS G12C drug for pancreatic cancer.", Tags = "solid-tumours", Featured = true, UpdatedBy = "nav@example.org" });
            return await db.SaveChangesAsync();
        });

        // The registry changed the study: a new status and a later update date.
        var dir = Directory.CreateTempSubdirectory("alknav-ctgov-").FullName;
        var changed = Path.Combine(dir, "NCT06008288.json");
        File.WriteAllText(changed, File.ReadAllText(Fixture("NCT06008288.json"))
            .Replace("\"overallStatus\":\"RECRUITING\"", "\"overallStatus\":\"ACTIVE_NOT_RECRUITING\"")
            .Replace("\"date\":\"2025-08-07\"", "\"date\":\"2026-01-15\""));

        var counts = await ImportAsync(app, changed);
        Assert.Equal((0, 1, 0), (counts.Added, counts.Updated, counts.Unchanged));

        var after = await WithDbAsync(app, db => db.Trials.AsNoTracking().FirstAsync(t => t.NctId == "NCT06008288"));
        Assert.Equal("ACTIVE_NOT_RECRUITING", after.Status);
        Assert.Equal(new DateOnly(2026, 1, 15), after.LastUpdate);
        Assert.Contains("ACTIVE_NOT_RECRUITING", after.RawJson);
        Assert.True(after.UpdatedUtc > before.UpdatedUtc);
        Assert.Equal(before.ImportedUtc, after.ImportedUtc, TimeSpan.FromMilliseconds(1));

        // Re-importing the whole page brings the old version back: still an update, and the annotation is untouched.
        var again = await ImportAsync(app, page);
        Assert.Equal((0, 1, 9), (again.Added, again.Updated, again.Unchanged));
        var note = await WithDbAsync(app, db => db.TrialAnnotations.AsNoTracking().SingleAsync(a => a.NctId == "NCT06008288"));
        Assert.Equal("A KRAS G12C drug for pancreatic cancer.", note.PlainSummary);
        Assert.Equal("solid-tumours", note.Tags);
        Assert.True(note.Featured);
        Assert.Equal("nav@example.org", note.UpdatedBy);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_bad_record_is_skipped_with_its_reason_and_the_rest_import()
    {
        await using var app = await StartEmptyAsync();
        var counts = await ImportAsync(app, Fixture("bad-records.json"), Fixture("malformed.json"), Fixture("NCT06008288.json"));
        Assert.Equal(3, counts.Added);
        Assert.Equal(3, counts.Skipped.Count);
        Assert.Contains(counts.Skipped, s => s.NctId == "NCT09999991" && s.Reason.Contains("phases"));
        var malformed = Assert.Single(counts.MalformedFiles);
        Assert.Contains("malformed.json: not valid JSON", malformed);
        Assert.Equal(2, counts.Files);
        Assert.Equal(["NCT02710084", "NCT05105685", "NCT06008288"],
            await WithDbAsync(app, db => db.Trials.OrderBy(t => t.NctId).Select(t => t.NctId).ToListAsync()));
    }

    [Fact]
    public async Task The_same_study_twice_in_one_batch_is_added_once()
    {
        await using var app = await StartEmptyAsync();
        var counts = await ImportAsync(app, Fixture("NCT06008288.json"), Fixture("NCT06008288.json"));
        Assert.Equal(1, counts.Added);
        Assert.Equal(1, await WithDbAsync(app, db => db.Trials.CountAsync()));
    }
}
