using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Home;

/// <summary>The home page: for a signed-in patient or caregiver, first the open symptom alerts of each record they own or follow.</summary>
public sealed class HomeModel(RecordAccess access, UserManager<AppUser> users, AppDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>One box per record with open urgent or contact alerts (own record first).</summary>
    public IReadOnlyList<OpenAlertBox> AlertBoxes { get; private set; } = [];
    /// <summary>Each record's "what is due" monitoring items (_Upcoming).</summary>
    public IReadOnlyList<Schedule.UpcomingBlock> Upcoming { get; private set; } = [];

    /// <summary>The first-use set-up step the account left off at (a "continue" card), null when finished or never started.</summary>
    public string? PendingSetupStep { get; private set; }

    /// <summary>Per alert box's record: the side-effect section of its current ALK drug's Learn page (LearnLinks), when there is one.</summary>
    public IReadOnlyDictionary<Guid, string> SideEffects { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated != true || users.GetUserId(User) is not { } uid) return Page();
        var records = await access.ListAsync(uid, HttpContext.RequestAborted);
        // Navigators and admins without a record of their own or followed: their home is the workspace (issue 14).
        if (records.Count == 0 && (User.IsInRole(Roles.Navigator) || User.IsInRole(Roles.Admin))) return Redirect("/navigator");
        PendingSetupStep = await Onboarding.WelcomeModel.PendingStepAsync(db, uid, HttpContext.RequestAborted);
        AlertBoxes = await Symptoms.AlertBoxes.LoadAsync(db, records, HttpContext.RequestAborted);
        if (AlertBoxes.Count > 0)
        {
            // As on the overview, each alert links the side effects of the current drug (issue 14): one query for the boxes' lines.
            var ids = AlertBoxes.Select(b => b.Record.Id).ToList();
            var lines = await db.Treatments.AsNoTracking().Where(t => ids.Contains(t.RecordId)).ToListAsync(HttpContext.RequestAborted);
            SideEffects = lines.GroupBy(t => t.RecordId)
                .Select(g => (g.Key, Url: Learn.LearnLinks.SideEffects(AlkDrugs.CurrentLine(g)?.Agent)))
                .Where(x => x.Url is not null).ToDictionary(x => x.Key, x => x.Url!);
        }
        Upcoming = await Schedule.Upcoming.LoadAsync(db, records, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
        return Page();
    }
}
