using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class LoginWith2faModel(SignInManager<AppUser> signIn, ILogger<LoginWith2faModel> log) : PageModel
{
    public const string WrongCodeMessage = "That code did not match. Check the time on your phone and try the newest code.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(12, ErrorMessage = "The code is 6 digits long.")]
        [Display(Name = "6-digit code")]
        public string TwoFactorCode { get; set; } = "";

        [Display(Name = "Don't ask for a code again on this device")]
        public bool RememberMachine { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return StartAgain();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return StartAgain();
        if (!ModelState.IsValid) return Page();

        var code = AccountHelpers.CleanCode(Input.TwoFactorCode);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            log.LogInformation("User {UserId} logged in with an authenticator code", user.Id);
            return LocalRedirect(AccountHelpers.SafeReturnUrl(Url, ReturnUrl));
        }
        if (result.IsLockedOut)
        {
            log.LogWarning("User {UserId} is locked out", user.Id);
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError("Input.TwoFactorCode", WrongCodeMessage);
        return Page();
    }

    // The password step expired (or was never done): go back to it, keeping where the user wanted to go.
    private IActionResult StartAgain()
    {
        TempData.SetStatus("For your safety, please log in again.", "info");
        return RedirectToPage("./Login", new { returnUrl = ReturnUrl });
    }
}
