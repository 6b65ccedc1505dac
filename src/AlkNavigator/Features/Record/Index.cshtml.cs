using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>
/// "My record": sends the account to the record it most likely wants. Its own record when it has one (or
/// follows nobody, in which case the record is created); the one record it follows as a caregiver; or the
/// chooser when it follows several. Navigators, admins and people who said they are a caregiver or a navigator get the
/// chooser instead of a new record (they start one there only if they ask for it).
/// </summary>
[Authorize]
public sealed class RecordIndexModel(RecordAccess access, UserManager<AppUser> users, AppDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var list = await access.ListAsync(user.Id, HttpContext.RequestAborted);
        var own = list.FirstOrDefault(x => x.Access == Record.Access.Owner).Record;
        if (own is not null) return Redirect($"/record/{own.Id}");
        var followed = list.Where(x => x.Access != Record.Access.Owner).ToList();
        if (followed.Count == 1) return Redirect($"/record/{followed[0].Record.Id}");
        if (followed.Count > 1) return Redirect("/record/choose");
        // Navigators and admins get no patient record unless they ask for one (the chooser's "start my own record").
        if (User.IsInRole(Roles.Navigator) || User.IsInRole(Roles.Admin)) return Redirect("/record/choose");
        // Nor do those who said in the first-use set-up that they are a caregiver (they accept an invitation) or a navigator.
        if (await db.OnboardingProgress.AnyAsync(p => p.UserId == user.Id && (p.Who == "caregiver" || p.Who == "navigator"), HttpContext.RequestAborted))
            return Redirect("/record/choose");
        var created = await access.GetOrCreateOwnAsync(user, HttpContext.RequestAborted);
        return Redirect($"/record/{created.Id}");
    }
}
