using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public bool Is2faEnabled { get; private set; }
    public bool HasAuthenticator { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public bool IsMachineRemembered { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();

        Is2faEnabled = await users.GetTwoFactorEnabledAsync(user);
        HasAuthenticator = !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        IsMachineRemembered = await signIn.IsTwoFactorClientRememberedAsync(user);
        return Page();
    }

    /// <summary>"Forget this browser": the next login here asks for a code again.</summary>
    public async Task<IActionResult> OnPostForgetBrowserAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();

        await signIn.ForgetTwoFactorClientAsync();
        TempData.SetStatus("This browser is forgotten. The next time you log in here, we will ask for a code.");
        return RedirectToPage();
    }
}
