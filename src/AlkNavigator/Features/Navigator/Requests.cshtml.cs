using AlkNavigator.Data;
using AlkNavigator.Features.SecondOpinion;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Navigator;

/// <summary>/navigator/requests: the second-opinion queue, filtered by state, "needs attention" or "assigned to me"; urgent first, then oldest.</summary>
public sealed class NavigatorRequestsModel(AppDbContext db, UserManager<AppUser> users, IConfiguration config, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "state")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "attention")] public bool AttentionOnly { get; set; }
    [BindProperty(SupportsGet = true, Name = "mine")] public bool Mine { get; set; }

    public List<SecondOpinionRequest> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public DateTime Now { get; private set; }
    public int AttentionDays { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (State is not null && !SecondOpinionStates.All.Contains(State)) State = null;
        Now = clock.GetUtcNow().UtcDateTime;
        AttentionDays = NavigatorQueue.AttentionDays(config);
        var q = db.Set<SecondOpinionRequest>().AsNoTracking();
        if (State is not null) q = q.Where(r => r.State == State);
        else if (!AttentionOnly) q = q.Where(r => r.State == SecondOpinionStates.New || r.State == SecondOpinionStates.Matched || r.State == SecondOpinionStates.Booked);
        if (AttentionOnly) q = q.Where(NavigatorQueue.NeedsAttention(Now, AttentionDays));
        if (Mine)
        {
            var me = users.GetUserId(User);
            q = q.Where(r => r.AssignedToId == me);
        }
        Total = await q.CountAsync(HttpContext.RequestAborted);
        Rows = await q.OrderBy(r => r.Urgency == "urgent" ? 0 : r.Urgency == "soon" ? 1 : 2).ThenBy(r => r.StateSinceUtc).Take(PageSize)
            .ToListAsync(HttpContext.RequestAborted);
        return Page();
    }

    public string Title => (State, AttentionOnly, Mine) switch
    {
        (not null, _, _) => $"Requests: {SecondOpinionStates.Label(State).ToLowerInvariant()}",
        (_, true, _) => "Requests that need attention",
        (_, _, true) => "Open requests assigned to me",
        _ => "Open requests",
    };
}
