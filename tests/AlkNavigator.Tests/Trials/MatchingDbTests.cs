using AlkNavigator.Features.Symptoms;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Trials;

/// <summary>Matching on the real database (seeded with the 69 shipped trials): a record's matches, the catalogue cache, notices.</summary>
[DatabaseTests]
public class MatchingDbTests
{
    private static async Task<Guid> CreateRecordAsync(TestApp app, string profileId)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        var email = $"m{Guid.NewGuid():N}"[..12] + "@example.org";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, "a-long-test-password-1")).Succeeded);
        var import = ProfileJson.Parse(File.ReadAllBytes(MatchingFixtures.ProfilePath(profileId)), app.UtcToday);
        Assert.True(import.IsValid, string.Join("; ", import.Problems));
        var record = await access.GetOrCreateOwnAsync(user);
        await ProfileJson.ReplaceAsync(db, record, import, "test", null);
        return record.Id;
    }

    [Fact]
    public async Task A_record_is_ranked_against_the_catalogue_and_new_matching_trials_become_notices_once()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        var d02 = await CreateRecordAsync(app, "D02");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var catalog = new TrialCatalog(TimeProvider.System);

        var matches = await TrialMatching.ForRecordAsync(db, catalog, d02, CancellationToken.None);
        Assert.Equal(69, matches.Count);
        Assert.Equal("NCT05384626", matches[0].Nct);
        Assert.Equal(Verdicts.LikelyEligible, matches[0].Verdict);
        Assert.Empty(await TrialMatching.ForRecordAsync(db, catalog, Guid.NewGuid(), CancellationToken.None));

        // NVL-655 (ALK, after TKIs) matches D02; NCT05061550 excludes ALK: one notice, and none the second time.
        var created = await TrialNotifier.NotifyAsync(db, ["NCT05384626", "NCT05061550"], CancellationToken.None);
        Assert.Equal(1, created);
        var notice = await db.TrialNotices.AsNoTracking().SingleAsync(n => n.RecordId == d02);
        Assert.Equal(("NCT05384626", Verdicts.LikelyEligible), (notice.NctId, notice.Verdict));
        Assert.Equal(0, await TrialNotifier.NotifyAsync(db, ["NCT05384626"], CancellationToken.None));
    }

    [Fact]
    public async Task The_catalogue_reloads_when_the_trials_change()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var catalog = new TrialCatalog(TimeProvider.System) { CheckInterval = TimeSpan.Zero };
        var first = await catalog.GetAsync(db, CancellationToken.None);
        Assert.Equal(69, first.Count);
        Assert.Same(first, await catalog.GetAsync(db, CancellationToken.None)); // unchanged: the same list

        var trial = await db.Trials.FirstAsync(t => t.NctId == "NCT05384626");
        trial.Status = "COMPLETED";
        trial.UpdatedUtc = DateTime.UtcNow.AddMinutes(1);
        await db.SaveChangesAsync();
        var second = await catalog.GetAsync(db, CancellationToken.None);
        Assert.NotSame(first, second);
        Assert.Equal("COMPLETED", second.Single(t => t.NctId == "NCT05384626").Status);

        catalog.Invalidate();
        Assert.NotSame(second, await catalog.GetAsync(db, CancellationToken.None));
    }
}
