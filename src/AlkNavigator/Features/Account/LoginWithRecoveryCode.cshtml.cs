using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class LoginWithRecoveryCodeModel(SignInManager<AppUser> signIn, ILogger<LoginWithRecoveryCodeModel> log) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter one of your recovery codes.")]
        [StringLength(40)]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
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

        // Recovery codes look like "K7BX3-9QMTD"; people often type them in lower case, with spaces or without the dash.
        var code = Input.RecoveryCode.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        if (code.Length == 10 && !code.Contains('-', StringComparison.Ordinal)) code = code[..5] + "-" + code[5..];
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);

        if (result.Succeeded)
        {
            log.LogInformation("User {UserId} logged in with a recovery code", user.Id);
            return LocalRedirect(AccountHelpers.SafeReturnUrl(Url, ReturnUrl));
        }
        if (result.IsLockedOut)
        {
            log.LogWarning("User {UserId} is locked out", user.Id);
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError("Input.RecoveryCode", "That recovery code did not work. Check it, or try another one. Each code can be used only once.");
        return Page();
    }

    private IActionResult StartAgain()
    {
        TempData.SetStatus("For your safety, please log in again.", "info");
        return RedirectToPage("./Login", new { returnUrl = ReturnUrl });
    }
}
