using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// A stand-in for https://clinicaltrials.gov/api/v2 on loopback (Kestrel on 127.0.0.1, a free port) that replays the
/// recorded real responses of Fixtures/ctgov, chained by their real nextPageToken values:
/// no token → search_phelan_limit5 → search_phelan_next → search_response_kras_g12c_recruiting_page1 → an empty last page.
/// Records every request (path, query, time, and the time on <see cref="Clock"/>). <see cref="Failures"/> queues status codes to
/// answer before the real pages; status <see cref="Hang"/> never answers (until the client gives up).
/// </summary>
public sealed class CtGovReplayServer : IAsyncDisposable
{
    public sealed record Request(string Path, IQueryCollection Query, long Timestamp, DateTimeOffset At);

    /// <summary>A "status" for <see cref="Failures"/>: take the request and never answer it.</summary>
    public const int Hang = 0;

    private readonly SemaphoreSlim _arrived = new(0);

    private readonly WebApplication _app;
    public ConcurrentQueue<Request> Requests { get; } = new();
    /// <summary>Status codes to answer (in order) before serving pages, e.g. 503 then 429; with an optional Retry-After.</summary>
    public ConcurrentQueue<(int Status, string? RetryAfter)> Failures { get; } = new();
    /// <summary>The clock that stamps <see cref="Request.At"/> (a test's FakeTimeProvider, to see when the client came back).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    public string BaseUrl { get; }

    public const string Page1Token = "ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4dnDeTsPkw";
    public const string Page2Token = "ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4bmjeauvk_IQ";
    public const string Page3Token = "ZVNj7o2Elu8o3lptRcizoKb-mpOQJJxpYfet2_cW";

    private CtGovReplayServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public List<Request> RequestList => [.. Requests];

    /// <summary>Completes when the next request not yet waited for has arrived.</summary>
    public async Task<Request> NextRequestAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a backstop against a test that waits for nothing
        await _arrived.WaitAsync(cts.Token);
        return RequestList[_seen++];
    }

    private int _seen;

    public static async Task<CtGovReplayServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        CtGovReplayServer? self = null;
        app.MapGet("/api/v2/studies", async (HttpContext ctx) =>
        {
            self!.Requests.Enqueue(new Request(ctx.Request.Path, ctx.Request.Query, Stopwatch.GetTimestamp(), self.Clock.GetUtcNow()));
            self._arrived.Release();
            if (self.Failures.TryDequeue(out var failure))
            {
                if (failure.Status == Hang)
                {
                    try { await Task.Delay(Timeout.Infinite, ctx.RequestAborted); }
                    catch (OperationCanceledException) { }
                    return;
                }
                ctx.Response.StatusCode = failure.Status;
                if (failure.RetryAfter is not null) ctx.Response.Headers.RetryAfter = failure.RetryAfter;
                await ctx.Response.WriteAsync("{\"error\":\"recorded failure\"}");
                return;
            }
            string? token = ctx.Request.Query["pageToken"];
            var file = token switch
            {
                null or "" => "search_phelan_limit5_20260811.json",
                Page1Token => "search_phelan_next_20260811.json",
                Page2Token => "search_response_kras_g12c_recruiting_page1.json",
                Page3Token => null,
                _ => "unknown",
            };
            ctx.Response.ContentType = "application/json";
            if (file is null) await ctx.Response.WriteAsync("{\"studies\":[]}");
            else if (file == "unknown")
            {
                ctx.Response.StatusCode = 400;
                await ctx.Response.WriteAsync("{\"error\":\"unknown pageToken\"}");
            }
            else await ctx.Response.SendFileAsync(CtGovParserTests.Fixture(file));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new CtGovReplayServer(app, address.TrimEnd('/') + "/api/v2");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
