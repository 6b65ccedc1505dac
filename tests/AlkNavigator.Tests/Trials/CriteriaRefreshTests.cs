using AlkNavigator.Data;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Trials;

[DatabaseTests]
public class CriteriaRefreshTests
{
    [Fact]
    public async Task A_new_parser_version_re_derives_stale_criteria_once_and_a_current_one_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // The seed was derived by this build: nothing to do.
        Assert.Equal(0, await CriteriaRefresh.RunAsync(db));

        // Pretend two trials were parsed by an older parser, and that version is what the database remembers.
        var stale = await db.Trials.OrderBy(t => t.NctId).Take(2).ToListAsync();
        var expected = stale.ToDictionary(t => t.NctId, t => (t.CriteriaJson, t.Categories));
        foreach (var t in stale) { t.CriteriaJson = "{}"; t.Categories = ""; }
        var state = await db.SyncStates.SingleAsync(s => s.Source == "criteria-parser");
        state.LastResult = "an-older-build";
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        Assert.Equal(2, await CriteriaRefresh.RunAsync(db));
        foreach (var (nct, (criteria, categories)) in expected)
        {
            var t = await db.Trials.AsNoTracking().SingleAsync(x => x.NctId == nct);
            Assert.Equal(criteria, t.CriteriaJson);
            Assert.Equal(categories, t.Categories);
        }
        Assert.Equal(CriteriaRefresh.CurrentVersion, (await db.SyncStates.AsNoTracking().SingleAsync(s => s.Source == "criteria-parser")).LastResult);
        Assert.Equal(0, await CriteriaRefresh.RunAsync(db));
    }

    [Fact]
    public void The_parser_version_is_the_explicit_constant_not_the_builds_module_id()
    {
        Assert.Equal("v" + CriteriaRefresh.ParserVersion, CriteriaRefresh.CurrentVersion);
        Assert.DoesNotContain(typeof(CriteriaParser).Assembly.ManifestModule.ModuleVersionId.ToString("N"), CriteriaRefresh.CurrentVersion);
    }

    [Fact]
    public async Task A_build_with_the_same_parser_version_re_derives_nothing_even_when_stored_criteria_differ()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // An unrelated change ships a new build: the stored version is this build's, so the catalogue is left alone, even a trial
        // whose stored criteria this parser would derive differently (re-derivation is explicit: bump ParserVersion).
        var trial = await db.Trials.OrderBy(t => t.NctId).FirstAsync();
        trial.CriteriaJson = "{}";
        trial.Relevance = TrialRelevance.Other;
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        Assert.Equal(CriteriaRefresh.CurrentVersion, (await db.SyncStates.AsNoTracking().SingleAsync(s => s.Source == "criteria-parser")).LastResult);

        Assert.Equal(0, await CriteriaRefresh.RunAsync(db));
        var after = await db.Trials.AsNoTracking().SingleAsync(t => t.NctId == trial.NctId);
        Assert.Equal("{}", after.CriteriaJson);

        // A bumped version (here: a database derived by version 1) re-derives it, relevance included.
        var state = await db.SyncStates.SingleAsync(s => s.Source == "criteria-parser");
        state.LastResult = "v" + (CriteriaRefresh.ParserVersion - 1);
        await db.SaveChangesAsync();
        Assert.True(await CriteriaRefresh.RunAsync(db) >= 1);
        after = await db.Trials.AsNoTracking().SingleAsync(t => t.NctId == trial.NctId);
        Assert.NotEqual("{}", after.CriteriaJson);
        var expected = new Trial { NctId = after.NctId, Title = after.Title, Conditions = after.Conditions, CriteriaJson = after.CriteriaJson };
        TrialRelevance.Apply(expected);
        Assert.Equal(expected.Relevance, after.Relevance);
    }
}
