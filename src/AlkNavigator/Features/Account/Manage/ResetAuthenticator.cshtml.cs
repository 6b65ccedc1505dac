using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class ResetAuthenticatorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<ResetAuthenticatorModel> log) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        log.LogInformation("User {UserId} reset their authenticator key", user.Id);

        TempData.SetStatus("Your old authenticator key no longer works, and two-step sign-in is off. Set up your app again below to turn it back on.", "info");
        return RedirectToPage("./EnableAuthenticator");
    }
}
