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
}
