using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class Disable2faModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<Disable2faModel> log) : PageModel
{
    public bool Is2faEnabled { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Is2faEnabled = await users.GetTwoFactorEnabledAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();

        var result = await users.SetTwoFactorEnabledAsync(user, false);
        if (!result.Succeeded)
        {
            TempData.SetStatus("Something went wrong and two-step sign-in is still on. Please try again.", "danger");
            return RedirectToPage("./TwoFactor");
        }

        await signIn.RefreshSignInAsync(user); // the security stamp changed: keep this session valid
        log.LogInformation("User {UserId} turned off two-step sign-in", user.Id);
        TempData.SetStatus("Two-step sign-in is now off. You can turn it back on at any time.", "info");
        return RedirectToPage("./TwoFactor");
    }
}
