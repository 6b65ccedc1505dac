using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Record;

/// <summary>
/// "My record": sends the account to the record it most likely wants. Its own record when it has one (or
/// follows nobody, in which case the record is created); the one record it follows as a caregiver; or the
/// chooser when it follows several.
/// </summary>
[Authorize]
public sealed class RecordIndexModel(RecordAccess access, UserManager<AppUser> users) : PageModel
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
        var created = await access.GetOrCreateOwnAsync(user, HttpContext.RequestAborted);
        return Redirect($"/record/{created.Id}");
    }
}
