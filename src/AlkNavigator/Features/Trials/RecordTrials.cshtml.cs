using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials;

/// <summary>A trial as listed on the record's trials page: its row (title, status, phase) and its verdict for the record.</summary>
public sealed record ListedTrial(string Nct, string Title, string Status, string? Phases, TrialMatch? Match)
{
    /// <summary>Distance to the nearest open site with coordinates, and its city; null when unknown.</summary>
    public (double Km, string? City)? Nearest { get; init; }
}

/// <summary>
/// /record/{rid}/trials: the trials ranked for this record and grouped by verdict, the record's saved trials (with notes and why
/// each matched), and new-trial notices. Everyone who can view the record; dismissing and unsaving need contribute access.
/// </summary>
public sealed class RecordTrialsModel(RecordAccess access, AppDbContext db, TrialCatalog catalog) : RecordPageModel(access, db)
{
    /// <summary>How many trials each verdict group lists at most.</summary>
    public const int GroupLimit = 50;

    /// <summary>"Show all studies": also the not relevant group, and studies about other diseases or excluding ALK-positive cancer
    /// (<see cref="TrialRelevance"/> below <see cref="TrialRelevance.DefaultMinimum"/>), which the default view leaves out of every group.</summary>
    [FromQuery(Name = "all")]
    public bool ShowNotRelevant { get; set; }

    /// <summary>"Within N km": only trials with an open site that close to the patient (needs the record's country and city or US ZIP code).</summary>
    [FromQuery(Name = "km")]
    public int? WithinKm { get; set; }

    /// <summary>The distances offered by the filter.</summary>
    public static readonly int[] KmChoices = [25, 50, 100, 250, 500, 1000, 2500];

    /// <summary>Where the patient is, from the offline gazetteer: the US ZIP code when known, else the city; with what placed them
    /// ("ZIP code 94110", "Paris"). Null when the record has no country, or neither its postal code nor its city is known.</summary>
    public (double Lat, double Lon, string From)? Home { get; private set; }

    /// <summary>Per verdict, how many trials the distance filter left out.</summary>
    public Dictionary<string, int> TooFar { get; private set; } = [];

    /// <summary>Per verdict, how many studies the default view leaves out as off-topic (0 when showing all).</summary>
    public Dictionary<string, int> Hidden { get; private set; } = [];

    public List<ListedTrial> LikelyEligible { get; private set; } = [];
    public List<ListedTrial> PossiblyEligible { get; private set; } = [];
    public List<ListedTrial> LikelyExcluded { get; private set; } = [];
    public List<ListedTrial> NotRelevant { get; private set; } = [];
    public Dictionary<string, int> Counts { get; private set; } = [];
    public List<(SavedTrial Saved, ListedTrial Trial)> Saved { get; private set; } = [];
    public List<(TrialNotice Notice, ListedTrial Trial)> Notices { get; private set; } = [];
    public int Unseen => Notices.Count(n => n.Notice.SeenUtc is null);

    [Needs(Record.Access.View, Audit = "trial matches")]
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Marks one notice as seen (form field noticeId), or all of them when noticeId is absent.</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostDismissAsync(Guid? noticeId)
    {
        var notices = await Db.TrialNotices
            .Where(n => n.RecordId == RecordId && n.SeenUtc == null && (noticeId == null || n.Id == noticeId))
            .ToListAsync(HttpContext.RequestAborted);
        if (noticeId is not null && notices.Count == 0 &&
            !await Db.TrialNotices.AnyAsync(n => n.RecordId == RecordId && n.Id == noticeId, HttpContext.RequestAborted))
            return NotFound();
        var now = Clock.GetUtcNow().UtcDateTime;
        foreach (var n in notices) n.SeenUtc = now;
        if (notices.Count > 0)
        {
            Access.Audit(Ctx, "update", "trial notice", noticeId, $"marked {notices.Count} seen: {string.Join(", ", notices.Select(n => n.NctId))}");
            await Db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        TempData.SetStatus(notices.Count == 1 ? $"Dismissed the notice about {notices[0].NctId}." : $"Dismissed {notices.Count} notices.");
        return Redirect($"/record/{RecordId}/trials#notices");
    }

    /// <summary>Removes a saved trial (form field nct).</summary>
    [Needs(Record.Access.Contribute)]
    public async Task<IActionResult> OnPostUnsaveAsync(string? nct)
    {
        var id = TrialText.Nct(nct);
        var saved = id is null ? null : await Db.SavedTrials.FirstOrDefaultAsync(s => s.RecordId == RecordId && s.NctId == id, HttpContext.RequestAborted);
        if (saved is null) return NotFound();
        Db.SavedTrials.Remove(saved);
        Access.Audit(Ctx, "delete", "saved trial", saved.NctId, saved.Note);
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData.SetStatus($"Removed {saved.NctId} from the saved trials.");
        return Redirect($"/record/{RecordId}/trials#saved");
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var matches = await TrialMatching.ForRecordAsync(Db, catalog, RecordId, ct);
        var byNct = matches.GroupBy(m => m.Nct).ToDictionary(g => g.Key, g => g.First());
        Counts = matches.GroupBy(m => m.Verdict).ToDictionary(g => g.Key, g => g.Count());

        var saved = await Db.SavedTrials.AsNoTracking().Where(s => s.RecordId == RecordId).OrderByDescending(s => s.SavedUtc).ToListAsync(ct);
        var notices = await Db.TrialNotices.AsNoTracking().Where(n => n.RecordId == RecordId)
            .OrderBy(n => n.SeenUtc != null).ThenByDescending(n => n.CreatedUtc).Take(50).ToListAsync(ct);

        // Within each verdict the matcher's order stands, but ALK studies come before other lung cancer studies, and those before the rest;
        // off-topic studies (other diseases, lung cancer excluding ALK) are left out unless the visitor asks for all studies.
        var relevance = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in await catalog.GetAsync(Db, ct)) relevance[t.NctId] = TrialRelevance.Of(t.Criteria, t.Title, t.Conditions);
        int RelevanceOf(string nct) => relevance.GetValueOrDefault(nct, TrialRelevance.Other);
        Hidden = ShowNotRelevant ? [] : matches.Where(m => RelevanceOf(m.Nct) < TrialRelevance.DefaultMinimum)
            .GroupBy(m => m.Verdict).ToDictionary(g => g.Key, g => g.Count());
        // Distances: from the patient's US ZIP code or city (offline gazetteer) to each trial's nearest open site with registry coordinates (v2 geoPoint).
        if (WithinKm is { } km && !KmChoices.Contains(km)) WithinKm = null;
        Home = Geo.Gazetteer.Locate(Record.CountryCodes.Normalize(Ctx.Record.Country), Ctx.Record.City, Ctx.Record.PostalCode);
        var nearest = new Dictionary<string, (double Km, string? City)>(StringComparer.Ordinal);
        if (Home is { } place)
        {
            var home = (place.Lat, place.Lon);
            var candidates = matches.Where(m => m.Verdict != Verdicts.NotRelevant).Select(m => m.Nct).ToList();
            foreach (var chunk in candidates.Chunk(500))
            {
                var sites = await Db.Trials.AsNoTracking().Where(t => chunk.Contains(t.NctId) && t.LocationsJson.Contains("\"lat\""))
                    .Select(t => new { t.NctId, t.LocationsJson }).ToListAsync(ct);
                foreach (var s in sites)
                    if (Geo.Distance.NearestOpenSite(s.LocationsJson, home) is { } n) nearest[s.NctId] = n;
            }
        }
        bool Near(TrialMatch m) => WithinKm is not { } limitKm || Home is null || nearest.TryGetValue(m.Nct, out var n) && n.Km <= limitKm;
        TooFar = WithinKm is null || Home is null ? [] : matches.Where(m => !Near(m)).GroupBy(m => m.Verdict).ToDictionary(g => g.Key, g => g.Count());
        List<TrialMatch> Group(string verdict, int limit) => matches.Where(m => m.Verdict == verdict)
            .Where(m => ShowNotRelevant || RelevanceOf(m.Nct) >= TrialRelevance.DefaultMinimum)
            .Where(Near)
            .OrderByDescending(m => RelevanceOf(m.Nct)).Take(limit).ToList();
        var likely = Group(Verdicts.LikelyEligible, GroupLimit);
        var possibly = Group(Verdicts.PossiblyEligible, GroupLimit);
        var excluded = Group(Verdicts.LikelyExcluded, GroupLimit);
        var irrelevant = ShowNotRelevant ? Group(Verdicts.NotRelevant, 200) : [];

        var ids = likely.Concat(possibly).Concat(excluded).Concat(irrelevant).Select(m => m.Nct)
            .Concat(saved.Select(s => s.NctId)).Concat(notices.Select(n => n.NctId)).Distinct().ToList();
        var rows = await Db.Trials.AsNoTracking().Where(t => ids.Contains(t.NctId))
            .Select(t => new { t.NctId, t.Title, t.Status, t.Phases }).ToDictionaryAsync(t => t.NctId, ct);

        ListedTrial Listed(string nct) => (rows.TryGetValue(nct, out var r)
            ? new ListedTrial(nct, r.Title, r.Status, r.Phases, byNct.GetValueOrDefault(nct))
            : new ListedTrial(nct, "No longer in the catalogue", "", null, byNct.GetValueOrDefault(nct)))
            with { Nearest = nearest.TryGetValue(nct, out var n) ? n : null };

        LikelyEligible = likely.Select(m => Listed(m.Nct)).ToList();
        PossiblyEligible = possibly.Select(m => Listed(m.Nct)).ToList();
        LikelyExcluded = excluded.Select(m => Listed(m.Nct)).ToList();
        NotRelevant = irrelevant.Select(m => Listed(m.Nct)).ToList();
        Saved = saved.Select(s => (s, Listed(s.NctId))).ToList();
        Notices = notices.Select(n => (n, Listed(n.NctId))).ToList();
    }
}
