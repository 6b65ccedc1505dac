using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signIn, ILogger<LogoutModel> log) : PageModel
{
    public bool SignedIn { get; private set; }

    public void OnGet() => SignedIn = signIn.IsSignedIn(User);

    public async Task<IActionResult> OnPostAsync()
    {
        if (signIn.IsSignedIn(User))
        {
            await signIn.SignOutAsync();
            log.LogInformation("User logged out");
        }
        return LocalRedirect("/");
    }
}
