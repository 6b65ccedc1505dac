using AlkNavigator.Data;
using AlkNavigator.Features.SecondOpinion;
using AlkNavigator.Features.Trials;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Navigator;

/// <summary>
/// /navigator: the workspace of navigators and admins (the folder's "Navigator" policy; everyone else 403, signed out to
/// the login). The second-opinion queue by state and what needs attention, trials waiting for a plain-language annotation
/// and trials new in the catalogue, and the way into the directory. Reads requests only, never a patient's record.
/// </summary>
public sealed class NavigatorIndexModel(AppDbContext db, UserManager<AppUser> users, IConfiguration config, TimeProvider clock) : PageModel
{
    /// <summary>How far back "new in the catalogue" looks.</summary>
    public const int NewTrialDays = 14;
    public const int ListLimit = 10;

    public Dictionary<string, int> ByState { get; private set; } = [];
    public List<SecondOpinionRequest> Attention { get; private set; } = [];
    public int AttentionCount { get; private set; }
    public int MineOpen { get; private set; }
    public int AttentionDays { get; private set; }
    public DateTime Now { get; private set; }

    public int AwaitingAnnotationCount { get; private set; }
    public List<Trial> AwaitingAnnotation { get; private set; } = [];
    public int NewTrialsCount { get; private set; }
    public List<Trial> NewTrials { get; private set; } = [];
    public SyncState? LastSync { get; private set; }
    public int DirectoryCount { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Now = clock.GetUtcNow().UtcDateTime;
        AttentionDays = NavigatorQueue.AttentionDays(config);
        var me = users.GetUserId(User);
        var requests = db.Set<SecondOpinionRequest>().AsNoTracking();

        ByState = (await requests.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        var attention = requests.Where(NavigatorQueue.NeedsAttention(Now, AttentionDays));
        AttentionCount = await attention.CountAsync(ct);
        Attention = await attention.OrderBy(r => r.StateSinceUtc).Take(ListLimit).ToListAsync(ct);
        MineOpen = await requests.CountAsync(r => r.AssignedToId == me
            && (r.State == SecondOpinionStates.New || r.State == SecondOpinionStates.Matched || r.State == SecondOpinionStates.Booked), ct);
        DirectoryCount = await db.Set<SpecialistCentre>().CountAsync(ct);

        // Trials about ALK or lung cancer open to ALK (relevance 2-3), open or about to open, with no navigator annotation yet.
        var awaiting = db.Trials.AsNoTracking()
            .Where(t => t.Relevance >= 2 && (t.Status == "RECRUITING" || t.Status == "NOT_YET_RECRUITING")
                        && !db.TrialAnnotations.Any(a => a.NctId == t.NctId));
        AwaitingAnnotationCount = await awaiting.CountAsync(ct);
        AwaitingAnnotation = await awaiting.OrderByDescending(t => t.Relevance).ThenByDescending(t => t.LastUpdate).ThenBy(t => t.NctId)
            .Take(ListLimit).Select(t => new Trial { NctId = t.NctId, Title = t.Title, Status = t.Status, LastUpdate = t.LastUpdate, Relevance = t.Relevance })
            .ToListAsync(ct);
        var since = Now.AddDays(-NewTrialDays);
        var fresh = db.Trials.AsNoTracking().Where(t => t.ImportedUtc >= since && t.Relevance >= 2);
        NewTrialsCount = await fresh.CountAsync(ct);
        NewTrials = await fresh.OrderByDescending(t => t.ImportedUtc).ThenBy(t => t.NctId).Take(ListLimit)
            .Select(t => new Trial { NctId = t.NctId, Title = t.Title, Status = t.Status, ImportedUtc = t.ImportedUtc, Relevance = t.Relevance })
            .ToListAsync(ct);
        LastSync = await db.SyncStates.AsNoTracking().OrderByDescending(s => s.LastRunUtc).FirstOrDefaultAsync(ct);
    }

    public int Count(string state) => ByState.GetValueOrDefault(state);
}
