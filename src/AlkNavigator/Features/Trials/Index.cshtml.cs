using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AlkNavigator.Features.Trials;

/// <summary>What a visitor searched for: the query string of /trials and /api/trials. Unknown values are dropped, not errors.</summary>
/// <remarks>
/// <see cref="All"/> false (the page's default) keeps to studies open to ALK-positive lung cancer (<see cref="TrialRelevance"/> at least
/// <see cref="TrialRelevance.DefaultMinimum"/>); true ("show all studies") adds the others. Either way the closest come first.
/// </remarks>
public sealed record TrialQuery(string Q = "", string? Status = null, string? Phase = null, string? Country = null, string Drug = "",
    string? Category = null, string Sort = TrialQuery.SortUpdated, int Page = 1, bool All = false)
{
    public const int PageSize = 20;
    public const int MaxText = 200;
    public const string SortUpdated = "updated";
    public const string SortFeatured = "featured";
    public const string SortStart = "start";

    public static TrialQuery From(IQueryCollection query) => Clean(query["q"], query["status"], query["phase"], query["country"], query["drug"],
        query["category"], query["sort"], query["page"], query["all"]);

    public static TrialQuery Clean(string? q, string? status, string? phase, string? country, string? drug, string? category, string? sort, string? page,
        string? all = null)
    {
        static string Text(string? s) { s = (s ?? "").Trim(); return s.Length > MaxText ? s[..MaxText] : s; }
        status = TrialText.Statuses.FirstOrDefault(s => string.Equals(s.Id, status?.Trim(), StringComparison.OrdinalIgnoreCase)).Id;
        phase = TrialText.PhaseOptions.FirstOrDefault(p => string.Equals(p.Id, phase?.Trim(), StringComparison.OrdinalIgnoreCase)).Id;
        category = TrialCategories.All.FirstOrDefault(c => string.Equals(c.Id, category?.Trim(), StringComparison.OrdinalIgnoreCase)).Id;
        var c = Text(country);
        sort = sort?.Trim().ToLowerInvariant() is SortFeatured or SortStart ? sort.Trim().ToLowerInvariant() : SortUpdated;
        var p = int.TryParse(page, CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 100_000) : 1;
        var everything = all?.Trim().ToLowerInvariant() is "true" or "1" or "on" or "yes";
        return new TrialQuery(Text(q), status, phase, c.Length == 0 ? null : c, Text(drug), category, sort, p, everything);
    }

    public bool IsEmpty => Q.Length == 0 && Status is null && Phase is null && Country is null && Drug.Length == 0 && Category is null;

    /// <summary>The query string for this search (defaults left out), optionally at another page.</summary>
    public string ToQueryString(int? page = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add($"{key}={Uri.EscapeDataString(value)}"); }
        Add("q", Q); Add("status", Status); Add("phase", Phase); Add("country", Country); Add("drug", Drug); Add("category", Category);
        if (Sort != SortUpdated) Add("sort", Sort);
        if (All) Add("all", "true");
        var pg = page ?? Page;
        if (pg > 1) Add("page", pg.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

/// <summary>The catalogue by <see cref="TrialRelevance"/>: ALK studies, lung cancer studies open to ALK, lung cancer studies excluding ALK, others.</summary>
public sealed record CatalogueMakeup(int Alk, int Lung, int LungNotAlk, int Other)
{
    public int Total => Alk + Lung + LungNotAlk + Other;
}

/// <summary>One row of a search result.</summary>
public sealed record TrialHit(Trial Trial, TrialAnnotation? Annotation)
{
    /// <summary>The categories shown and filtered on: the navigator's tags once a navigator has annotated the trial, else the derived ones.</summary>
    public IReadOnlyList<string> Categories => TrialText.Split(Annotation is null ? Trial.Categories : Annotation.Tags);
}

/// <summary>The catalogue search used by /trials and /api/trials: the same filters on SQLite and PostgreSQL, case-insensitive text.</summary>
public static class TrialSearch
{
    /// <summary>One page of the search, its total, and how many more studies the same search finds outside the default view
    /// (0 when <see cref="TrialQuery.All"/>).</summary>
    public static async Task<(int Total, List<TrialHit> Hits)> RunAsync(AppDbContext db, TrialQuery query, CancellationToken ct)
    {
        var (total, hits, _) = await RunWithHiddenAsync(db, query, ct);
        return (total, hits);
    }

    /// <inheritdoc cref="RunAsync"/>
    public static async Task<(int Total, List<TrialHit> Hits, int Hidden)> RunWithHiddenAsync(AppDbContext db, TrialQuery query, CancellationToken ct)
    {
        var rows =
            from t in db.Trials.AsNoTracking()
            join a in db.TrialAnnotations.AsNoTracking() on t.NctId equals a.NctId into annotations
            from a in annotations.DefaultIfEmpty()
            select new { t, a };

        // Each word must appear somewhere: title, official title, acronym, NCT id, conditions, keywords, interventions or summary.
#pragma warning disable MA0011 // ToLower() inside these EF queries becomes SQL lower(): no .NET culture is involved
        foreach (var word in query.Q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8))
        {
            var p = LikePattern(word);
            rows = rows.Where(x =>
                EF.Functions.Like(x.t.NctId.ToLower(), p, Escape)
                || EF.Functions.Like(x.t.Title.ToLower(), p, Escape)
                || EF.Functions.Like((x.t.OfficialTitle ?? "").ToLower(), p, Escape)
                || EF.Functions.Like((x.t.Acronym ?? "").ToLower(), p, Escape)
                || EF.Functions.Like((x.t.Conditions ?? "").ToLower(), p, Escape)
                || EF.Functions.Like((x.t.Keywords ?? "").ToLower(), p, Escape)
                || EF.Functions.Like((x.t.Interventions ?? "").ToLower(), p, Escape)
                || EF.Functions.Like((x.t.BriefSummary ?? "").ToLower(), p, Escape)
                || EF.Functions.Like((x.t.EligibilityText ?? "").ToLower(), p, Escape)
                || EF.Functions.Like((x.a == null ? "" : x.a.PlainSummary ?? "").ToLower(), p, Escape));
        }
        if (query.Drug.Length > 0)
        {
            var p = LikePattern(query.Drug);
            rows = rows.Where(x => EF.Functions.Like((x.t.Interventions ?? "").ToLower(), p, Escape));
        }
        if (query.Status is { } status) rows = rows.Where(x => x.t.Status == status);
        if (query.Phase is { } phase)
        {
            var token = "|" + phase + "|";
            rows = rows.Where(x => ("|" + (x.t.Phases ?? "") + "|").Contains(token));
        }
        if (query.Country is { } country)
        {
            var p = "%|" + EscapeLike(country.ToLowerInvariant()) + "|%";
            rows = rows.Where(x => EF.Functions.Like(("|" + (x.t.Countries ?? "") + "|").ToLower(), p, Escape));
        }
#pragma warning restore MA0011
        if (query.Category is { } category)
        {
            var token = "|" + category + "|";
            rows = rows.Where(x => ("|" + (x.a == null ? x.t.Categories : x.a.Tags) + "|").Contains(token));
        }

        var hidden = 0;
        if (!query.All)
        {
            hidden = await rows.CountAsync(x => x.t.Relevance < TrialRelevance.DefaultMinimum, ct);
            rows = rows.Where(x => x.t.Relevance >= TrialRelevance.DefaultMinimum);
        }
        var total = await rows.CountAsync(ct);
        // The closest to ALK-positive lung cancer first, then the chosen order. Unknown dates last on both databases (SQLite and PostgreSQL put NULLs at opposite ends by default).
        var ordered = query.Sort switch
        {
            TrialQuery.SortFeatured => rows.OrderByDescending(x => x.t.Relevance).ThenByDescending(x => x.a != null && x.a.Featured)
                .ThenBy(x => x.t.LastUpdate == null).ThenByDescending(x => x.t.LastUpdate)
                .ThenBy(x => x.t.StartDate == null).ThenByDescending(x => x.t.StartDate).ThenBy(x => x.t.NctId),
            TrialQuery.SortStart => rows.OrderByDescending(x => x.t.Relevance).ThenBy(x => x.t.StartDate == null).ThenByDescending(x => x.t.StartDate).ThenBy(x => x.t.NctId),
            _ => rows.OrderByDescending(x => x.t.Relevance).ThenBy(x => x.t.LastUpdate == null).ThenByDescending(x => x.t.LastUpdate)
                .ThenBy(x => x.t.StartDate == null).ThenByDescending(x => x.t.StartDate).ThenBy(x => x.t.NctId),
        };
        var page = await ordered.Skip((query.Page - 1) * TrialQuery.PageSize).Take(TrialQuery.PageSize)
            .Select(x => new
            {
                // Every column but RawJson (as TrialQueries.WithoutRawJson): the list never shows it and it can be megabytes.
                t = new Trial
                {
                    NctId = x.t.NctId, Title = x.t.Title, OfficialTitle = x.t.OfficialTitle, Acronym = x.t.Acronym, BriefSummary = x.t.BriefSummary,
                    Status = x.t.Status, Phases = x.t.Phases, StudyType = x.t.StudyType, Conditions = x.t.Conditions, Keywords = x.t.Keywords,
                    Interventions = x.t.Interventions, Countries = x.t.Countries, Sponsor = x.t.Sponsor, StartDate = x.t.StartDate, LastUpdate = x.t.LastUpdate,
                    MinAgeYears = x.t.MinAgeYears, MaxAgeYears = x.t.MaxAgeYears, Sex = x.t.Sex, EligibilityText = x.t.EligibilityText,
                    InclusionJson = x.t.InclusionJson, ExclusionJson = x.t.ExclusionJson, LocationsJson = x.t.LocationsJson, ContactsJson = x.t.ContactsJson,
                    CriteriaJson = x.t.CriteriaJson, Categories = x.t.Categories, Relevance = x.t.Relevance, ImportedUtc = x.t.ImportedUtc, UpdatedUtc = x.t.UpdatedUtc,
                },
                x.a,
            })
            .ToListAsync(ct);
        return (total, page.Select(x => new TrialHit(x.t, x.a)).ToList(), hidden);
    }

    private const string Escape = "\\";

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static string LikePattern(string word) => "%" + EscapeLike(word.ToLowerInvariant()) + "%";

    /// <summary>How many studies of each relevance the catalogue holds (cached for a minute, like the countries).</summary>
    public static Task<CatalogueMakeup> MakeupAsync(AppDbContext db, IMemoryCache cache, CancellationToken ct) =>
        cache.GetOrCreateAsync("trials:makeup", async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            var counts = await db.Trials.AsNoTracking().GroupBy(t => t.Relevance).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            int N(int r) => counts.Where(c => c.Key == r).Sum(c => c.Count);
            return new CatalogueMakeup(N(TrialRelevance.Alk), N(TrialRelevance.Lung), N(TrialRelevance.LungNotAlk), counts.Where(c => c.Key < TrialRelevance.LungNotAlk).Sum(c => c.Count));
        })!;

    /// <summary>The countries that appear in the catalogue, for the filter (cached for a minute; the list changes only with a sync).</summary>
    public static Task<List<string>> CountriesAsync(AppDbContext db, IMemoryCache cache, CancellationToken ct) =>
        cache.GetOrCreateAsync("trials:countries", async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            var all = await db.Trials.AsNoTracking().Where(t => t.Countries != null && t.Countries != "").Select(t => t.Countries!).Distinct().ToListAsync(ct);
            return all.SelectMany(TrialText.Split).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        })!;
}

/// <summary>/trials: search and filter the ClinicalTrials.gov catalogue. Public: registry data, no login.</summary>
public sealed class TrialsIndexModel(AppDbContext db, IMemoryCache cache) : PageModel
{
    public TrialQuery Query { get; private set; } = new();
    public int Total { get; private set; }
    public List<TrialHit> Hits { get; private set; } = [];
    /// <summary>Studies the same search finds outside the default view (other diseases, lung cancer studies excluding ALK).</summary>
    public int Hidden { get; private set; }
    /// <summary>What the shipped or synced catalogue holds, by relevance (for the page's honest description of it).</summary>
    public CatalogueMakeup Makeup { get; private set; } = new(0, 0, 0, 0);
    public List<string> Countries { get; private set; } = [];
    public int PageCount => Math.Max(1, (Total + TrialQuery.PageSize - 1) / TrialQuery.PageSize);

    public async Task OnGetAsync()
    {
        Query = TrialQuery.From(Request.Query);
        (Total, Hits, Hidden) = await TrialSearch.RunWithHiddenAsync(db, Query, HttpContext.RequestAborted);
        Makeup = await TrialSearch.MakeupAsync(db, cache, HttpContext.RequestAborted);
        // A copy: the cached list is shared. A country given in the URL but not (or no longer) in the catalogue stays selectable.
        Countries = [.. await TrialSearch.CountriesAsync(db, cache, HttpContext.RequestAborted)];
        if (Query.Country is { } c && !Countries.Contains(c, StringComparer.OrdinalIgnoreCase)) Countries.Insert(0, c);
    }
}
