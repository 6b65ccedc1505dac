using System.Security.Claims;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials;

/// <summary>How the pages show verdicts and reasons.</summary>
public static class TrialsWeb
{
    /// <summary>Order of the verdict groups, best first.</summary>
    public static int Rank(string verdict) => verdict switch
    {
        Verdicts.LikelyEligible => 0,
        Verdicts.PossiblyEligible => 1,
        Verdicts.LikelyExcluded => 2,
        _ => 3,
    };

    /// <summary>The reasons worth showing first: what rules out, then what is unknown, then what is met.</summary>
    public static IEnumerable<MatchReason> TopReasons(TrialMatch m, int count) =>
        m.Reasons.OrderBy(r => r.Kind switch { "excludes" => 0, "unknown" => 1, "meets" => 2, _ => 3 }).Take(count);
}

/// <summary>
/// The trials JSON API. The catalogue is public (registry data); a record's matches follow the record's own rules
/// (RecordAccess: the patient and the caregivers they invited; 404 for everyone else).
/// </summary>
public static class TrialsApi
{
    public sealed record TrialListItem(string Nct, string Title, string Status, string StatusLabel, string? Phases, string PhaseLabel,
        IReadOnlyList<string> Conditions, IReadOnlyList<string> Countries, IReadOnlyList<string> Categories, bool Featured, string? LastUpdate, string Url);

    public sealed record TrialSearchResponse(int Total, int Page, int PageSize, int PageCount, IReadOnlyList<TrialListItem> Results);

    public sealed record AnnotationInfo(string? PlainSummary, IReadOnlyList<string> Tags, bool Featured, DateTime UpdatedUtc);

    public sealed record TrialDetail(string Nct, string Title, string? OfficialTitle, string? Acronym, string? BriefSummary, string Status, string StatusLabel,
        string? Phases, string PhaseLabel, string? StudyType, IReadOnlyList<string> Conditions, IReadOnlyList<string> Interventions,
        IReadOnlyList<string> Countries, string? Sponsor, string? StartDate, string? LastUpdate, int? MinAgeYears, int? MaxAgeYears, string? Sex,
        IReadOnlyList<string> Categories, IReadOnlyList<string> Inclusion, IReadOnlyList<string> Exclusion, string? EligibilityText,
        IReadOnlyList<TrialSite> Locations, IReadOnlyList<TrialContact> CentralContacts, AnnotationInfo? Annotation, string RegistryUrl, string Url);

    public sealed record ReasonItem(string Kind, string Criterion, string Text);

    public sealed record MatchItem(string Nct, string Verdict, double Score, IReadOnlyList<ReasonItem> Reasons);

    public const int DefaultTop = 20;
    public const int MaxTop = 1000;

    public static void MapTrialsApi(this IEndpointRouteBuilder app)
    {
        var trials = app.MapGroup("/api/trials").WithTags("Trials").AllowAnonymous();

        trials.MapGet("/", async (string? q, string? status, string? phase, string? country, string? drug, string? category, string? sort, string? page,
                string? all, AppDbContext db, CancellationToken ct) =>
            {
                // The API returns every study unless all=false: its clients may want the whole catalogue; the page defaults to the relevant part.
                var query = TrialQuery.Clean(q, status, phase, country, drug, category, sort, page, all ?? "true");
                var (total, hits) = await TrialSearch.RunAsync(db, query, ct);
                return TypedResults.Ok(new TrialSearchResponse(total, query.Page, TrialQuery.PageSize,
                    Math.Max(1, (total + TrialQuery.PageSize - 1) / TrialQuery.PageSize), hits.Select(Item).ToList()));
            })
            .WithName("SearchTrials")
            .WithSummary("Search the trial catalogue: q (text: title, conditions, interventions, summary, NCT id), status (e.g. RECRUITING), " +
                         "phase (EARLY_PHASE1, PHASE1 … PHASE4, NA), country, drug, category (an ALK category id), sort (updated | featured | start), page (20 a page), " +
                         "all (default true; false keeps to studies open to ALK-positive lung cancer). ALK studies come first, then lung cancer studies, then the others.");

        trials.MapGet("/{nct}", GetTrialAsync)
            .WithName("GetTrial").ProducesProblem(404)
            .WithSummary("One trial by NCT id: plain-language status and phase, inclusion and exclusion criteria, locations with contacts, " +
                         "central contacts, and the navigators' annotation (summary, tags, featured) when there is one.");

        var records = app.MapGroup("/api/records/{rid:guid}").WithTags("Trials").RequireAuthorization()
            .AddEndpointFilter<RecordAccessEndpointFilter>();
        records.MapGet("/trial-matches", MatchesAsync).Needs(Access.View, audit: "trial matches")
            .WithName("GetTrialMatches").ProducesProblem(404)
            .WithSummary($"Every trial's verdict for the record, best first: [{{nct, verdict, score, reasons: [{{kind, criterion, text}}]}}]. " +
                         $"top: how many (default {DefaultTop}, at most {MaxTop}). The patient and invited caregivers only.");
    }

    private static TrialListItem Item(TrialHit h) => new(h.Trial.NctId, h.Trial.Title, h.Trial.Status, TrialText.Status(h.Trial.Status), h.Trial.Phases,
        TrialText.Phases(h.Trial.Phases), TrialText.Split(h.Trial.Conditions), TrialText.Split(h.Trial.Countries), h.Categories,
        h.Annotation?.Featured ?? false, h.Trial.LastUpdate is { } d ? TrialText.Iso(d) : null, $"/trials/{h.Trial.NctId}");

    private static ProblemHttpResult TrialNotFound() =>
        TypedResults.Problem("There is no trial with this NCT id in the catalogue.", statusCode: 404, title: "Trial not found");

    private static async Task<Results<Ok<TrialDetail>, ProblemHttpResult>> GetTrialAsync(string nct, AppDbContext db, CancellationToken ct)
    {
        var id = TrialText.Nct(nct);
        if (id is null) return TrialNotFound();
        var t = await TrialQueries.Detail(db, id).FirstOrDefaultAsync(ct);
        if (t is null) return TrialNotFound();
        var a = await db.TrialAnnotations.AsNoTracking().FirstOrDefaultAsync(x => x.NctId == id, ct);
        return TypedResults.Ok(new TrialDetail(t.NctId, t.Title, t.OfficialTitle, t.Acronym, t.BriefSummary, t.Status, TrialText.Status(t.Status),
            t.Phases, TrialText.Phases(t.Phases), t.StudyType, TrialText.Split(t.Conditions), TrialText.Split(t.Interventions), TrialText.Split(t.Countries),
            t.Sponsor, t.StartDate is { } s ? TrialText.Iso(s) : null, t.LastUpdate is { } u ? TrialText.Iso(u) : null, t.MinAgeYears, t.MaxAgeYears, t.Sex,
            TrialText.Split(a is null ? t.Categories : a.Tags), TrialText.StringList(t.InclusionJson), TrialText.StringList(t.ExclusionJson), t.EligibilityText,
            TrialText.Sites(t.LocationsJson), TrialText.Contacts(t.ContactsJson),
            a is null ? null : new AnnotationInfo(a.PlainSummary, TrialText.Split(a.Tags), a.Featured, a.UpdatedUtc),
            $"https://clinicaltrials.gov/study/{t.NctId}", $"/trials/{t.NctId}"));
    }

    private static async Task<Ok<List<MatchItem>>> MatchesAsync(Guid rid, int? top, AppDbContext db, TrialCatalog catalog, CancellationToken ct)
    {
        var n = Math.Clamp(top ?? DefaultTop, 1, MaxTop);
        var matches = await TrialMatching.ForRecordAsync(db, catalog, rid, ct, top: n);
        return TypedResults.Ok(matches
            .Select(m => new MatchItem(m.Nct, m.Verdict, m.Score, m.Reasons.Select(r => new ReasonItem(r.Kind, r.Criterion, r.Text)).ToList()))
            .ToList());
    }
}
