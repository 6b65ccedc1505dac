using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class GenerateRecoveryCodesModel(UserManager<AppUser> users, ILogger<GenerateRecoveryCodesModel> log) : PageModel
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
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            TempData.SetStatus("Recovery codes are only needed when two-step sign-in is on. Set up an authenticator app first.", "warn");
            return RedirectToPage("./TwoFactor");
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, AccountHelpers.RecoveryCodeCount) ?? [];
        log.LogInformation("User {UserId} made new recovery codes", user.Id);
        TempData[AccountHelpers.RecoveryCodesKey] = string.Join(',', codes);
        TempData.SetStatus("New recovery codes made. Your old codes no longer work.");
        return RedirectToPage("./ShowRecoveryCodes");
    }
}
