using AlkNavigator.Features.Symptoms;
using AlkNavigator.Data;
using AlkNavigator.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>What one plan-refresh pass did: null Records when another node held or had just run the job.</summary>
public sealed record PlanRefreshRun(DateTime AtUtc, int? Records, string? Error);

/// <summary>
/// Background job: the date-driven part of keeping plans current (saves regenerate a plan when its inputs change, see
/// <see cref="PlanSync.SaveAsync"/>). Every Schedule:PlanRefresh:IntervalMinutes (default 60) by the app's TimeProvider, the
/// node that claims the "schedule-plan-refresh" lease (<see cref="JobLeases"/>; one run per interval across all nodes)
/// regenerates every plan not refreshed for <see cref="PlanSync.RefreshEvery"/> (the 12-month horizon moves on), and every
/// record never planned (no schedule settings row: records from before plans were made on save). Off with Schedule:PlanRefresh:Enabled=false.
/// </summary>
public sealed class PlanRefresh(IServiceProvider services, IConfiguration config, TimeProvider time, ILogger<PlanRefresh> log) : BackgroundService
{
    public const string Job = "schedule-plan-refresh";
    /// <summary>A node that dies mid-run gives the job up after this long.</summary>
    public static readonly TimeSpan LeaseFor = TimeSpan.FromMinutes(15);

    private readonly string _holder = JobLeases.NewHolder(Job);

    public TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Schedule:PlanRefresh:IntervalMinutes", 60)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Schedule:PlanRefresh:Enabled", true)) return;
        await Task.Yield(); // never hold up the host's start
        var next = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken);
                var now = time.GetUtcNow();
                // Poll a little more often than the interval, so the run moves to another node soon after one stops.
                next = now + Interval / 4;
                await RunIfDueAsync(now.UtcDateTime, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs the job when this node claims it for the current interval; never throws but for cancellation.</summary>
    public async Task<PlanRefreshRun> RunIfDueAsync(DateTime nowUtc, CancellationToken ct)
    {
        try
        {
            using (var scope = services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (!await JobLeases.TryClaimAsync(db, Job, _holder, nowUtc, Interval, LeaseFor, ct)) return new(nowUtc, null, null);
            }
            int count;
            try
            {
                count = await RunOnceAsync(services, nowUtc, ct);
            }
            catch
            {
                using var scope = services.CreateScope();
                await JobLeases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), Job, _holder, nowUtc, CancellationToken.None);
                throw;
            }
            using (var scope = services.CreateScope())
                await JobLeases.CompleteAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), Job, _holder, nowUtc, ct);
            if (count > 0) log.LogInformation("Plan refresh: regenerated {Count} plan(s)", count);
            return new(nowUtc, count, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Plan refresh failed; the next pass (on any node) tries again");
            return new(nowUtc, 0, e.Message);
        }
    }

    /// <summary>Regenerates every plan that is stale at <paramref name="nowUtc"/> or missing; returns how many records it looked at.</summary>
    public static async Task<int> RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var cutoff = nowUtc - PlanSync.RefreshEvery;
        List<Guid> ids;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            ids = await db.Records.AsNoTracking()
                .Where(r => !db.ScheduleSettings.Any(s => s.RecordId == r.Id && s.UpdatedUtc >= cutoff))
                .Select(r => r.Id).ToListAsync(ct);
        }
        var done = 0;
        foreach (var id in ids)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = services.CreateScope(); // one small unit of work per record
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var (today, _) = await PatientTime.TodayAsync(db, id, db.Clock, ct);
            await PlanSync.RegenerateAsync(db, id, today, ct);
            done++;
        }
        return done;
    }
}
