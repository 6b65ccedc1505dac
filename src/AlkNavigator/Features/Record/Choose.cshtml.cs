using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Record;

/// <summary>Every record the account can open (its own first, then those it follows), and a way to start its own.</summary>
[Authorize]
public sealed class ChooseRecordModel(RecordAccess access, UserManager<AppUser> users) : PageModel
{
    public List<(PatientRecord Record, Access Access)> Records { get; private set; } = [];

    public bool HasOwn => Records.Any(r => r.Access == Record.Access.Owner);

    public async Task<IActionResult> OnGetAsync()
    {
        var userId = users.GetUserId(User);
        if (userId is null) return Challenge();
        Records = (await access.ListAsync(userId, HttpContext.RequestAborted))
            .OrderByDescending(r => r.Access == Record.Access.Owner)
            .ThenBy(r => r.Record.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return Page();
    }

    /// <summary>Opens the account's own record, creating it on first use.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var record = await access.GetOrCreateOwnAsync(user, HttpContext.RequestAborted);
        return Redirect($"/record/{record.Id}");
    }

    public static string AccessLabel(Access a) => a switch
    {
        Record.Access.Owner => "Your own record",
        Record.Access.Manage => "You manage this record",
        Record.Access.Contribute => "You can add and change entries",
        _ => "View only",
    };
}
