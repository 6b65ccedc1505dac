using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

/// <summary>The date-driven plan refresh and the database lease it runs under: once per interval across nodes.</summary>
[DatabaseTests]
public class PlanRefreshTests
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static async Task<Guid> PlannedPatientAsync(TestApp app)
    {
        var (rid, _) = await FeedsTestData.PatientAsync(app.Services);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = "lorlatinib", Start = Today.AddDays(-40) });
        await db.SaveChangesAsync();
        return rid;
    }

    [Fact]
    public async Task Two_nodes_on_one_database_run_the_plan_refresh_once_per_interval()
    {
        await using var first = await TestApp.StartAsync();
        await using var second = await TestApp.StartAsync(s =>
        {
            // The same database as the first node.
            if (TestApp.IsPostgres) s["Database:ConnectionString"] = first.ConnectionString;
            else s["Database:ConnectionString"] = $"Data Source={Path.Combine(first.DataDirectory, "alknav.db")}";
        });
        var stale = new List<Guid>();
        for (var i = 0; i < 3; i++) stale.Add(await PlannedPatientAsync(first));
        var fresh = await PlannedPatientAsync(first);
        using (var scope = first.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Two plans a week old, and one record never planned (as records from before plans were made on save).
            await db.ScheduleSettings.Where(s => s.RecordId == stale[0] || s.RecordId == stale[1])
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedUtc, DateTime.UtcNow.AddDays(-8)));
            await db.MonitoringItems.Where(i => i.RecordId == stale[2]).ExecuteDeleteAsync();
            await db.ScheduleSettings.Where(s => s.RecordId == stale[2]).ExecuteDeleteAsync();
        }
        var jobs = new[] { first.Services.GetRequiredService<PlanRefresh>(), second.Services.GetRequiredService<PlanRefresh>() };

        // Both nodes, three times each, at the same instant: one run.
        var at = DateTime.UtcNow;
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => jobs.Select(j => Task.Run(() => j.RunIfDueAsync(at, CancellationToken.None)))));
        Assert.All(runs, r => Assert.Null(r.Error));
        var ran = Assert.Single(runs, r => r.Records is not null);
        Assert.Equal(3, ran.Records);
        using (var scope = second.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var rid in stale)
            {
                var settings = await db.ScheduleSettings.AsNoTracking().SingleAsync(s => s.RecordId == rid);
                Assert.True(settings.UpdatedUtc >= at.AddMinutes(-1), $"record {rid} was not refreshed");
                Assert.StartsWith("tki=lorlatinib@", settings.PlanBasis);
            }
            Assert.NotEmpty(await db.MonitoringItems.Where(i => i.RecordId == stale[2]).ToListAsync());
        }

        // Within the interval no node runs it again; after it, exactly one does (and finds nothing stale).
        var later = await Task.WhenAll(jobs.Select(j => j.RunIfDueAsync(at + jobs[0].Interval / 2, CancellationToken.None)));
        Assert.All(later, r => Assert.Null(r.Records));
        var next = await Task.WhenAll(jobs.Concat(jobs).Select(j => Task.Run(() => j.RunIfDueAsync(at + jobs[0].Interval, CancellationToken.None))));
        Assert.Equal(0, Assert.Single(next, r => r.Records is not null).Records);
        _ = fresh;
    }

    [Fact]
    public async Task A_lease_held_by_a_node_that_stopped_is_free_again_once_it_expires()
    {
        await using var app = await TestApp.StartAsync();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var at = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc);
        var every = TimeSpan.FromHours(1);
        var leaseFor = TimeSpan.FromMinutes(15);

        Assert.True(await JobLeases.TryClaimAsync(db, "test-job", "node-a", at, every, leaseFor, default));
        // node-a never completes (it died): nobody else may run until the lease ends, then one node may.
        Assert.False(await JobLeases.TryClaimAsync(db, "test-job", "node-b", at.AddMinutes(14), every, leaseFor, default));
        Assert.True(await JobLeases.TryClaimAsync(db, "test-job", "node-b", at.AddMinutes(16), every, leaseFor, default));
        Assert.False(await JobLeases.TryClaimAsync(db, "test-job", "node-a", at.AddMinutes(17), every, leaseFor, default));
        Assert.Equal(1, await JobLeases.CompleteAsync(db, "test-job", "node-b", at.AddMinutes(16), default));
        // Completed: the next run is one interval after that run started.
        Assert.False(await JobLeases.TryClaimAsync(db, "test-job", "node-a", at.AddMinutes(70), every, leaseFor, default));
        Assert.True(await JobLeases.TryClaimAsync(db, "test-job", "node-a", at.AddMinutes(76), every, leaseFor, default));
    }
}
