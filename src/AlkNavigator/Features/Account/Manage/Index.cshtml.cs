using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class IndexModel(UserManager<AppUser> users) : PageModel
{
    public string Email { get; private set; } = "";
    public IList<string> Roles { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }
    public DateTime CreatedUtc { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();

        Email = user.Email ?? user.UserName ?? "";
        Roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        CreatedUtc = user.CreatedUtc;
        return Page();
    }
}
