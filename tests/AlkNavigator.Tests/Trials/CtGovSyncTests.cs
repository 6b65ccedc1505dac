using System.Diagnostics;
using AlkNavigator.Data;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace AlkNavigator.Tests.Trials;

/// <summary>`sync` against a loopback server replaying the recorded real API responses, on the real database.</summary>
[DatabaseTests]
public class CtGovSyncTests
{
    private static CtGovSyncOptions Options(string baseUrl, double intervalSeconds = 0, int attempts = 5) => new()
    {
        ApiBaseUrl = baseUrl,
        MinRequestInterval = TimeSpan.FromSeconds(intervalSeconds),
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxAttempts = attempts,
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    private static async Task<SyncReport> SyncAsync(TestApp app, CtGovSyncOptions options, DateOnly? since = null, bool full = false)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var client = CtGovClients.Create(options);
        return await new CtGovSync(client.Client, db, options, TimeProvider.System).RunAsync(since, full);
    }

    private static async Task<SyncState?> StateAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().SyncStates.AsNoTracking().SingleOrDefaultAsync();
    }

    private static Task<TestApp> StartEmptyAsync() => TestApp.StartAsync(s => s["Trials:Seed"] = "false", smtp: false);

    [Fact]
    public async Task Sync_follows_next_page_tokens_then_asks_only_for_updates_since_the_last_one_seen()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        await using var app = await StartEmptyAsync();

        var report = await SyncAsync(app, Options(server.BaseUrl));
        Assert.Equal(4, report.Pages);
        Assert.Null(report.Since);
        Assert.Equal((20, 0, 0), (report.Counts.Added, report.Counts.Updated, report.Counts.Unchanged));
        var requests = server.RequestList;
        Assert.Equal(4, requests.Count);
        Assert.Equal("", requests[0].Query["pageToken"].ToString());
        Assert.Equal(CtGovReplayServer.Page1Token, requests[1].Query["pageToken"].ToString());
        Assert.Equal(CtGovReplayServer.Page2Token, requests[2].Query["pageToken"].ToString());
        Assert.Equal(CtGovReplayServer.Page3Token, requests[3].Query["pageToken"].ToString());
        Assert.All(requests, r =>
        {
            Assert.Equal("json", r.Query["format"].ToString());
            Assert.Contains("lung cancer", r.Query["query.cond"].ToString());
            Assert.Contains("ALK", r.Query["query.term"].ToString());
            Assert.Equal("protocolSection|derivedSection|hasResults", r.Query["fields"].ToString());
            Assert.Equal("", r.Query["filter.advanced"].ToString());
        });

        var state = await StateAsync(app);
        Assert.Equal(new DateOnly(2025, 11, 3), state!.LastUpdateSeen);     // NCT05786924, the latest update on the replayed pages
        Assert.NotNull(state.LastRunUtc);

        // The second run is incremental and changes nothing.
        var second = await SyncAsync(app, Options(server.BaseUrl));
        Assert.Equal(new DateOnly(2025, 11, 3), second.Since);
        Assert.Equal((0, 0, 20), (second.Counts.Added, second.Counts.Updated, second.Counts.Unchanged));
        var incremental = server.RequestList.Skip(4).ToList();
        Assert.Equal(4, incremental.Count);
        Assert.All(incremental, r => Assert.Equal("AREA[LastUpdatePostDate]RANGE[2025-11-03,MAX]", r.Query["filter.advanced"].ToString()));

        // --since overrides the stored date; --full ignores it.
        await SyncAsync(app, Options(server.BaseUrl), since: new DateOnly(2024, 1, 31));
        Assert.Equal("AREA[LastUpdatePostDate]RANGE[2024-01-31,MAX]", server.RequestList[8].Query["filter.advanced"].ToString());
        await SyncAsync(app, Options(server.BaseUrl), full: true);
        Assert.Equal("", server.RequestList[12].Query["filter.advanced"].ToString());
    }

    [Fact]
    public async Task A_503_and_a_429_with_retry_after_are_retried_and_the_sync_completes()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        await using var app = await StartEmptyAsync();
        server.Failures.Enqueue((503, null));
        server.Failures.Enqueue((429, "1"));

        var report = await SyncAsync(app, Options(server.BaseUrl));
        Assert.Equal(4, report.Pages);
        Assert.Equal(20, report.Counts.Added);
        var requests = server.RequestList;
        Assert.Equal(6, requests.Count);                                      // two failures, then the four pages
        Assert.All(requests.Take(3), r => Assert.Equal("", r.Query["pageToken"].ToString()));
        var waitedAfter429 = Stopwatch.GetElapsedTime(requests[1].Timestamp, requests[2].Timestamp);
        Assert.True(waitedAfter429 >= TimeSpan.FromSeconds(0.95), $"Retry-After: 1 was not honoured (waited {waitedAfter429.TotalMilliseconds} ms)");
    }

    [Fact]
    public async Task Persistent_server_errors_fail_clearly_and_keep_the_last_update_date()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        await using var app = await StartEmptyAsync();
        for (var i = 0; i < 3; i++) server.Failures.Enqueue((500, null));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SyncAsync(app, Options(server.BaseUrl, attempts: 3)));
        Assert.Contains("failed 3 time(s)", e.Message);
        Assert.Contains("HTTP 500", e.Message);
        Assert.Equal(3, server.RequestList.Count);
        var state = await StateAsync(app);
        Assert.StartsWith("failed after 0 page(s)", state!.LastResult);
        Assert.Null(state.LastUpdateSeen);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        await using var app = await StartEmptyAsync();
        using var refusing = new RefusingPort();
        var port = refusing.Port;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SyncAsync(app, Options($"http://127.0.0.1:{port}/api/v2", attempts: 2)));
        Assert.Contains("could not be reached", e.Message);
        Assert.Contains("failed 2 time(s)", e.Message);
    }

    [Fact]
    public async Task Requests_keep_the_minimum_interval()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        await using var app = await StartEmptyAsync();
        await SyncAsync(app, Options(server.BaseUrl, intervalSeconds: 0.4));
        var r = server.RequestList;
        Assert.Equal(4, r.Count);
        for (var i = 1; i < r.Count; i++)
        {
            var gap = Stopwatch.GetElapsedTime(r[i - 1].Timestamp, r[i].Timestamp);
            Assert.True(gap >= TimeSpan.FromSeconds(0.38), $"request {i + 1} came {gap.TotalMilliseconds:0} ms after the previous one");
        }
    }

    [Fact]
    public void The_default_pace_is_at_most_50_requests_a_minute()
    {
        var o = CtGovSyncOptions.From(new ConfigurationBuilder().Build());
        Assert.True(60 / o.MinRequestInterval.TotalSeconds <= 50);
        Assert.Equal("https://clinicaltrials.gov/api/v2", o.ApiBaseUrl);
        var custom = CtGovSyncOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trials:MinRequestInterval"] = "0", ["Trials:ApiBaseUrl"] = "http://127.0.0.1:9/api/v2/",
        }).Build());
        Assert.Equal(TimeSpan.Zero, custom.MinRequestInterval);
        Assert.Equal("http://127.0.0.1:9/api/v2", custom.ApiBaseUrl);
    }
}
