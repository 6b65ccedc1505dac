using AlkNavigator.Features.Trials.CtGov;
using Microsoft.Extensions.Time.Testing;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// The ClinicalTrials.gov client as the app registers it (IHttpClientFactory, the resilience pipeline) against a real loopback
/// server (<see cref="CtGovReplayServer"/>), with delays and timeouts configured short (the longest wait is a 1 s Retry-After).
/// Pacing is tested by CtGovSyncTests.Requests_keep_the_minimum_interval.
/// </summary>
public class CtGovResilienceTests
{
    private static CtGovSyncOptions Short(string baseUrl, int attempts, TimeSpan? retryBase = null, TimeSpan? total = null, double attemptSeconds = 10) => new()
    {
        ApiBaseUrl = baseUrl,
        MinRequestInterval = TimeSpan.Zero,
        RetryBaseDelay = retryBase ?? TimeSpan.FromMilliseconds(10),
        MaxAttempts = attempts,
        RequestTimeout = TimeSpan.FromSeconds(attemptSeconds),
        TotalTimeout = total ?? TimeSpan.FromMinutes(1),
    };

    private static string FirstPage(CtGovReplayServer server) => server.BaseUrl + "/studies?format=json";

    [Fact]
    public async Task A_429_with_retry_after_is_retried_after_the_servers_delay_not_the_backoff()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        server.Failures.Enqueue((429, "1"));
        // The backoff (30 s) is longer than the whole request may take (10 s): only Retry-After (1 s) lets it succeed.
        await using var client = CtGovClients.Create(Short(server.BaseUrl, attempts: 2, retryBase: TimeSpan.FromSeconds(30), total: TimeSpan.FromSeconds(10)));

        Assert.NotEmpty(await client.Client.GetAsync(FirstPage(server), CancellationToken.None));
        var r = server.RequestList;
        Assert.Equal(2, r.Count);
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(r[0].Timestamp, r[1].Timestamp), TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task A_5xx_then_a_page_is_retried_and_the_page_arrives()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        server.Failures.Enqueue((503, null));
        await using var client = CtGovClients.Create(Short(server.BaseUrl, attempts: 2));

        using var doc = System.Text.Json.JsonDocument.Parse(await client.Client.GetAsync(FirstPage(server), CancellationToken.None));
        Assert.True(doc.RootElement.GetProperty("studies").GetArrayLength() > 0);
        Assert.Equal(2, server.RequestList.Count);
    }


    [Fact]
    public async Task A_request_that_hangs_hits_the_attempt_timeout_and_is_retried()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        server.Failures.Enqueue((CtGovReplayServer.Hang, null));
        await using var client = CtGovClients.Create(Short(server.BaseUrl, attempts: 2, attemptSeconds: 1));

        Assert.NotEmpty(await client.Client.GetAsync(FirstPage(server), CancellationToken.None));
        Assert.Equal(2, server.RequestList.Count);
    }

    [Fact]
    public async Task Requests_that_keep_hanging_fail_clearly_after_the_last_attempt()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        server.Failures.Enqueue((CtGovReplayServer.Hang, null));
        server.Failures.Enqueue((CtGovReplayServer.Hang, null));
        await using var client = CtGovClients.Create(Short(server.BaseUrl, attempts: 2, attemptSeconds: 2));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Client.GetAsync(FirstPage(server), CancellationToken.None));
        Assert.Equal($"ClinicalTrials.gov could not be reached: GET {FirstPage(server)} failed 2 time(s); last: no answer within 2 s.", e.Message);
        Assert.InRange(server.RequestList.Count, 1, 2);   // on a loaded machine an attempt can time out before Kestrel logs it
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_says_what_the_registry_answered()
    {
        await using var server = await CtGovReplayServer.StartAsync();
        await using var client = CtGovClients.Create(Short(server.BaseUrl, attempts: 3));
        var url = server.BaseUrl + "/studies?pageToken=nonsense";
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Client.GetAsync(url, CancellationToken.None));
        Assert.Equal($"ClinicalTrials.gov refused {url}: HTTP 400 Bad Request: {{\"error\":\"unknown pageToken\"}}", e.Message);
        Assert.Single(server.RequestList);
    }

    [Fact]
    public void Retry_after_as_a_date_counts_from_the_apps_clock_and_is_capped_at_five_minutes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new(clock.GetUtcNow().AddSeconds(90));
        Assert.Equal(TimeSpan.FromSeconds(90), CtGovClientRegistration.RetryAfter(response, clock));
        response.Headers.RetryAfter = new(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromMinutes(5), CtGovClientRegistration.RetryAfter(response, clock));
        response.Headers.RetryAfter = null;
        Assert.Null(CtGovClientRegistration.RetryAfter(response, clock));
    }
}
