using System.Globalization;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.CtGov;

/// <summary>
/// Settings of the live ClinicalTrials.gov client, section "Trials" (env ALKNAV_Trials__ApiBaseUrl, ...).
/// Durations are seconds ("1.2") or a TimeSpan ("00:00:01.2").
/// </summary>
public sealed class CtGovSyncOptions
{
    public string ApiBaseUrl { get; set; } = "https://clinicaltrials.gov/api/v2";
    /// <summary>The condition query (query.cond): lung cancer, and solid tumours for the ALK basket trials.</summary>
    public string QueryCond { get; set; } = "lung cancer OR NSCLC OR solid tumor";
    /// <summary>The other-terms query (query.term): the ALK gene by its symbol or name.</summary>
    public string QueryTerm { get; set; } = "ALK OR \"anaplastic lymphoma kinase\"";
    /// <summary>Studies per page (the API allows up to 1,000).</summary>
    public int PageSize { get; set; } = 500;
    /// <summary>At least this long between two requests: 1.2 s keeps to 50 requests a minute.</summary>
    public TimeSpan MinRequestInterval { get; set; } = TimeSpan.FromSeconds(1.2);
    /// <summary>Attempts per request before the sync fails (transient errors only: 429, 5xx, timeouts, refused connections).</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>First retry delay; doubles on each retry (capped at a minute) unless the server sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Timeout of one attempt, its body included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
    /// <summary>Timeout of one request with all its attempts, waits and retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public static CtGovSyncOptions From(IConfiguration config)
    {
        var s = config.GetSection("Trials");
        var o = new CtGovSyncOptions();
        if (s["ApiBaseUrl"] is { Length: > 0 } url) o.ApiBaseUrl = url.TrimEnd('/');
        if (s["QueryCond"] is { Length: > 0 } cond) o.QueryCond = cond;
        if (s["QueryTerm"] is { Length: > 0 } term) o.QueryTerm = term;
        if (s["PageSize"] is { Length: > 0 } ps) o.PageSize = Math.Clamp(int.Parse(ps, CultureInfo.InvariantCulture), 1, 1000);
        if (s["MaxAttempts"] is { Length: > 0 } ma) o.MaxAttempts = Math.Max(1, int.Parse(ma, CultureInfo.InvariantCulture));
        o.MinRequestInterval = Duration(s, "MinRequestInterval") ?? o.MinRequestInterval;
        o.RetryBaseDelay = Duration(s, "RetryBaseDelay") ?? o.RetryBaseDelay;
        o.RequestTimeout = Duration(s, "RequestTimeout") ?? o.RequestTimeout;
        o.TotalTimeout = Duration(s, "TotalTimeout") ?? o.TotalTimeout;
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Trials:ApiBaseUrl '{o.ApiBaseUrl}' is not an http(s) address.");
        return o;
    }

    private static TimeSpan? Duration(IConfigurationSection s, string key)
    {
        var v = s[key];
        if (string.IsNullOrWhiteSpace(v)) return null;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t)) return t;
        throw new InvalidOperationException($"Trials:{key} '{v}' is not a duration (seconds such as 1.2, or 00:00:01.2).");
    }
}

/// <summary>The outcome of one sync: pages fetched, whether it was incremental, and the import counts.</summary>
public sealed record SyncReport(int Pages, DateOnly? Since, ImportCounts Counts, DateOnly? LastUpdateSeen);

/// <summary>
/// The live ClinicalTrials.gov API v2 client: GET /studies for the ALK / lung query, page by page through nextPageToken,
/// each page upserted through <see cref="TrialImporter"/>. After the first full sync it asks only for studies updated
/// since the last update date it saw (filter.advanced=AREA[LastUpdatePostDate]RANGE[date,MAX]). The requests go through
/// <see cref="CtGovClient"/>: paced (50 a minute by default), transient failures retried honouring Retry-After, then a clear
/// message. Where it got to is kept in SyncState ("ctgov").
/// </summary>
public sealed class CtGovSync(CtGovClient client, AppDbContext db, CtGovSyncOptions options, TimeProvider clock)
{
    /// <summary>The SyncState row this client keeps.</summary>
    public const string Source = "ctgov";

    /// <summary>Only the sections the catalogue keeps: results sections can be megabytes per study.</summary>
    public const string Fields = "protocolSection|derivedSection|hasResults";

    /// <summary>Called after each page with the page number and the counts so far.</summary>
    public Action<int, ImportCounts>? OnPage { get; init; }

    /// <summary>
    /// Runs a sync. <paramref name="since"/> overrides the stored last update date; <paramref name="full"/> ignores it.
    /// Throws InvalidOperationException with a clear message when the API cannot be reached or answers nonsense.
    /// </summary>
    public async Task<SyncReport> RunAsync(DateOnly? since = null, bool full = false, CancellationToken ct = default)
    {
        var state = await db.SyncStates.AsNoTracking().FirstOrDefaultAsync(s => s.Source == Source, ct);
        var from = full ? null : since ?? state?.LastUpdateSeen;
        var counts = new ImportCounts();
        var importer = new TrialImporter(db);
        var maxSeen = state?.LastUpdateSeen;
        string? token = null;
        var pages = 0;
        try
        {
            do
            {
                var url = PageUrl(from, token, first: pages == 0);
                var body = await client.GetAsync(url, ct);
                CtGovParseResult page;
                try { page = CtGovParser.Parse(body, $"page {pages + 1}"); }
                catch (CtGovFormatException e) { throw new InvalidOperationException($"ClinicalTrials.gov answered {url} with something that is not a v2 page: {e.Message}", e); }
                pages++;
                counts.Files++;
                counts.Skipped.AddRange(page.Problems);
                foreach (var t in page.Trials)
                    if (t.LastUpdate is { } d && (maxSeen is null || d > maxSeen)) maxSeen = d;
                await importer.UpsertAsync(page.Trials, counts, ct);
                OnPage?.Invoke(pages, counts);
                token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
            } while (token is not null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await SaveStateAsync(state?.LastUpdateSeen, $"failed after {pages} page(s): {e.Message}", ct);
            throw;
        }
        await SaveStateAsync(maxSeen, $"{(from is null ? "full" : $"since {from:yyyy-MM-dd}")}: {pages} page(s); {counts.Summary("the API")}", ct);
        return new SyncReport(pages, from, counts, maxSeen);
    }

    /// <summary>The /studies request of one page (the same parameters on every page, plus the page token).</summary>
    public string PageUrl(DateOnly? since, string? pageToken, bool first)
    {
        var q = new List<string>
        {
            "format=json",
            "markupFormat=markdown",
            "query.cond=" + Uri.EscapeDataString(options.QueryCond),
            "query.term=" + Uri.EscapeDataString(options.QueryTerm),
        };
        if (since is { } d) q.Add("filter.advanced=" + Uri.EscapeDataString($"AREA[LastUpdatePostDate]RANGE[{d:yyyy-MM-dd},MAX]"));
        q.Add("fields=" + Uri.EscapeDataString(Fields));
        q.Add("pageSize=" + options.PageSize.ToString(CultureInfo.InvariantCulture));
        if (first) q.Add("countTotal=true");
        if (pageToken is not null) q.Add("pageToken=" + Uri.EscapeDataString(pageToken));
        return $"{options.ApiBaseUrl.TrimEnd('/')}/studies?{string.Join('&', q)}";
    }

    private async Task SaveStateAsync(DateOnly? lastUpdateSeen, string result, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var row = await db.SyncStates.FirstOrDefaultAsync(s => s.Source == Source, ct);
        if (row is null) db.SyncStates.Add(row = new SyncState { Source = Source });
        row.LastUpdateSeen = lastUpdateSeen;
        row.LastRunUtc = clock.GetUtcNow().UtcDateTime;
        row.LastResult = Clip(result, 2000);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static string Clip(string s, int max = 300) => s.Length <= max ? s : s[..max] + "…";
}
