using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

/// <summary>PlanSync against a real database: idempotent, and safe when two requests regenerate at once.</summary>
[DatabaseTests]
public class PlanSyncTests : IAsyncLifetime
{
    private TestApp app = null!;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task InitializeAsync() => app = await TestApp.StartAsync();
    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<Guid> NewRecordAsync(string agent, DateOnly start)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var email = $"sync{Guid.NewGuid():N}@example.org";
        var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(u, "a plan sync passphrase")).Succeeded);
        var record = await access.GetOrCreateOwnAsync(u);
        db.Treatments.Add(new TreatmentLine { RecordId = record.Id, Agent = agent, Start = start });
        await db.SaveChangesAsync();
        return record.Id;
    }

    private async Task<(int, int, int)> RegenerateAsync(Guid rid)
    {
        using var scope = app.Services.CreateScope();
        return await PlanSync.RegenerateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), rid, Today);
    }

    private async Task<List<MonitoringItem>> ItemsAsync(Guid rid)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().MonitoringItems.AsNoTracking().Where(i => i.RecordId == rid).ToListAsync();
    }

    /// <summary>Deletes the record's plan and its basis behind EF's back (ExecuteDelete/Update do not regenerate), as an old database has it.</summary>
    private async Task ForgetPlanAsync(Guid rid)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.MonitoringItems.Where(i => i.RecordId == rid).ExecuteDeleteAsync();
        await db.ScheduleSettings.Where(s => s.RecordId == rid).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task Regenerating_twice_changes_nothing_the_second_time()
    {
        var rid = await NewRecordAsync("lorlatinib", Today.AddDays(-20));
        await ForgetPlanAsync(rid);
        var (added, removed, _) = await RegenerateAsync(rid);
        Assert.True(added > 0);
        Assert.Equal(0, removed);
        var first = await ItemsAsync(rid);
        Assert.Equal((0, 0, 0), await RegenerateAsync(rid));
        var second = await ItemsAsync(rid);
        Assert.Equal(first.Select(i => (i.Id, i.Version)).OrderBy(x => x.Id), second.Select(i => (i.Id, i.Version)).OrderBy(x => x.Id));
        Assert.Contains(second, i => i.Kind == "lab:lipids" && i.Due == Today.AddDays(-20).AddMonths(1));
        using var scope = app.Services.CreateScope();
        var settings = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduleSettings.AsNoTracking().SingleAsync(s => s.RecordId == rid);
        Assert.StartsWith("tki=lorlatinib@", settings.PlanBasis);
    }

    [Fact]
    public async Task A_forced_regeneration_with_the_same_basis_keeps_every_item_as_it_is()
    {
        var rid = await NewRecordAsync("alectinib", Today.AddDays(-10));
        await ForgetPlanAsync(rid);
        await RegenerateAsync(rid);
        var first = await ItemsAsync(rid);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.ScheduleSettings.Where(s => s.RecordId == rid).ExecuteUpdateAsync(s => s.SetProperty(x => x.PlanBasis, "stale"));
        }
        var (added, removed, kept) = await RegenerateAsync(rid);
        Assert.Equal((0, 0), (added, removed));
        Assert.Equal(first.Count, kept);
        Assert.Equal(first.Select(i => (i.Id, i.Version)).OrderBy(x => x.Id), (await ItemsAsync(rid)).Select(i => (i.Id, i.Version)).OrderBy(x => x.Id));
    }

    [Fact]
    public async Task Concurrent_regenerations_end_with_no_duplicates()
    {
        for (var round = 0; round < 3; round++)
        {
            var rid = await NewRecordAsync("brigatinib", Today.AddDays(-5 - round));
            await ForgetPlanAsync(rid);
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RegenerateAsync(rid))));
            var items = await ItemsAsync(rid);
            Assert.NotEmpty(items);
            Assert.Equal(items.Count, items.Select(i => i.PlanKey).Distinct().Count());
            Assert.Equal(items.Count, results.Sum(r => r.Item1));
            Assert.Equal((0, 0, 0), await RegenerateAsync(rid));
        }
    }
}
