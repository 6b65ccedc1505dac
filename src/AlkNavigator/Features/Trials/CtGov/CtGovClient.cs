using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.RateLimiting;
using Polly.Timeout;

namespace AlkNavigator.Features.Trials.CtGov;

/// <summary>
/// The typed HttpClient for the ClinicalTrials.gov API v2 (registered by <see cref="CtGovClientRegistration.AddCtGovClient"/>).
/// Every request goes through one resilience pipeline (Microsoft.Extensions.Http.Resilience), outermost first:
/// a total timeout (Trials:TotalTimeout), retries of transient failures (429, 408, 5xx, timeouts, refused connections;
/// Trials:MaxAttempts attempts, exponential from Trials:RetryBaseDelay capped at a minute, or the server's Retry-After capped
/// at five minutes), a pacing limiter (each attempt waits until Trials:MinRequestInterval has passed since the previous
/// answer: 50 requests a minute by default), and a timeout per attempt (Trials:RequestTimeout) that covers the body too.
/// All waits run on the app's <see cref="TimeProvider"/>.
/// </summary>
public sealed class CtGovClient(HttpClient http)
{
    /// <summary>The name of the resilience pipeline (it shows in logs and metrics).</summary>
    public const string Pipeline = "ctgov";

    internal static readonly ResiliencePropertyKey<int> Retries = new("alknav.ctgov.retries");

    /// <summary>
    /// GETs a URL and returns its body. Throws InvalidOperationException with a clear message when the registry refuses the
    /// request (a 4xx other than 408/429) or cannot be reached after the pipeline gave up.
    /// </summary>
    public async Task<byte[]> GetAsync(string url, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            request.SetResilienceContext(context);
            string lastProblem;
            try
            {
                // The body was buffered inside the pipeline (BufferBodyHandler), so reading it here cannot hang.
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if (response.IsSuccessStatusCode) return await response.Content.ReadAsByteArrayAsync(ct);
                var code = (int)response.StatusCode;
                lastProblem = $"HTTP {code} {response.ReasonPhrase}";
                if (!IsTransient(response.StatusCode))
                {
                    var detail = await response.Content.ReadAsStringAsync(ct);
                    throw new InvalidOperationException($"ClinicalTrials.gov refused {url}: {lastProblem}{(detail.Length > 0 ? ": " + Clip(detail) : "")}");
                }
            }
            catch (TimeoutRejectedException e)
            {
                lastProblem = $"no answer within {e.Timeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                lastProblem = e.InnerException is SocketException se ? $"{e.Message} ({se.SocketErrorCode})" : e.Message;
            }
            var attempts = context.Properties.GetValue(Retries, 0) + 1;
            throw new InvalidOperationException($"ClinicalTrials.gov could not be reached: GET {url} failed {attempts} time(s); last: {lastProblem}.");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool IsTransient(HttpStatusCode code) => code is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)code >= 500;

    private static string Clip(string s, int max = 300) => s.Length <= max ? s : s[..max] + "…";
}

/// <summary>Registers <see cref="CtGovClient"/> with its resilience pipeline.</summary>
public static class CtGovClientRegistration
{
    /// <summary>
    /// Adds the typed client. Its settings come from a registered <see cref="CtGovSyncOptions"/> or, when there is none, from the
    /// "Trials" section of the configuration (read when the client is first used, so a bad setting fails `trials sync`, not `serve`).
    /// </summary>
    public static IServiceCollection AddCtGovClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CtGovSyncOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddTransient<BufferBodyHandler>();
        var client = services.AddHttpClient<CtGovClient>(http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts apply
                http.DefaultRequestHeaders.UserAgent.ParseAdd("AlkNavigator/1.0 (+https://clinicaltrials.gov/data-api)");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = TimeSpan.FromSeconds(30),
            });
        client.AddResilienceHandler(CtGovClient.Pipeline, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<CtGovSyncOptions>();
                var clock = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline.TimeProvider = clock;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxAttempts > 1)
                    pipeline.AddRetry(RetryOptions(options, clock));
                if (options.MinRequestInterval > TimeSpan.Zero)
                {
                    var pacing = new Pacing(options.MinRequestInterval, clock);
                    context.OnPipelineDisposed(pacing.Dispose);
                    pipeline.AddRateLimiter(new RateLimiterStrategyOptions { RateLimiter = args => pacing.AcquireAsync(args.Context.CancellationToken) });
                }
                pipeline.AddTimeout(options.RequestTimeout);
            });
        // Inside the pipeline: the body is read within the attempt, under its timeout, and a broken body is retried.
        client.AddHttpMessageHandler<BufferBodyHandler>();
        return services;
    }

    private static HttpRetryStrategyOptions RetryOptions(CtGovSyncOptions options, TimeProvider clock)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = options.RetryBaseDelay,
            MaxDelay = TimeSpan.FromMinutes(1),
            OnRetry = args =>
            {
                args.Context.Properties.Set(CtGovClient.Retries, args.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            },
        };
        // Retry-After (seconds or a date) wins over the backoff, up to five minutes; the library's own reading of it uses the
        // system clock for dates, so it is replaced by one on the app's clock.
        retry.DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, clock));
        return retry;
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider clock)
    {
        var h = response?.Headers.RetryAfter;
        TimeSpan? wait = h?.Delta ?? (h?.Date is { } date ? date - clock.GetUtcNow() : null);
        if (wait is not { } w) return null;
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : w;
    }

    /// <summary>
    /// One request at a time, and the next one no sooner than the interval after the previous answer (counting from the answer,
    /// not the send, keeps the spacing the server sees at least the interval whatever the network does). A one-permit
    /// concurrency limiter whose permit is given back only a timer's interval after the attempt holding it ended.
    /// </summary>
    private sealed class Pacing(TimeSpan interval, TimeProvider clock) : IDisposable
    {
        private readonly ConcurrencyLimiter _turns = new(new ConcurrencyLimiterOptions
        {
            PermitLimit = 1,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        private ITimer? _giveBack;

        public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct)
        {
            var lease = await _turns.AcquireAsync(1, ct);
            return lease.IsAcquired ? new PacedLease(lease, this) : lease;
        }

        // One permit: the previous give-back timer has fired before the next lease is taken, so it can go.
        private void Release(RateLimitLease inner) =>
            Interlocked.Exchange(ref _giveBack, clock.CreateTimer(_ => inner.Dispose(), null, interval, Timeout.InfiniteTimeSpan))?.Dispose();

        public void Dispose()
        {
            Interlocked.Exchange(ref _giveBack, null)?.Dispose();
            _turns.Dispose();
        }

        private sealed class PacedLease(RateLimitLease inner, Pacing pacing) : RateLimitLease
        {
            private int _released;
            public override bool IsAcquired => inner.IsAcquired;
            public override IEnumerable<string> MetadataNames => inner.MetadataNames;
            public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

            protected override void Dispose(bool disposing)
            {
                if (disposing && Interlocked.Exchange(ref _released, 1) == 0) pacing.Release(inner);
            }
        }
    }
}

/// <summary>Reads the whole response body inside the resilience pipeline (see <see cref="CtGovClientRegistration"/>).</summary>
internal sealed class BufferBodyHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
