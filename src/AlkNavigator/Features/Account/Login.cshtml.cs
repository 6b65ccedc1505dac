using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<LoginModel> log) : PageModel
{
    public const string FailedMessage = "Email or password is incorrect.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me logged in on this device")]
        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var returnUrl = AccountHelpers.SafeReturnUrl(Url, ReturnUrl);
        // Users sign in with their email; UserName is kept equal to it, but look the account up by email to be safe.
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        Microsoft.AspNetCore.Identity.SignInResult result;
        if (user is null)
        {
            // Hash anyway so an unknown email takes as long as a wrong password (no timing oracle for which emails exist).
            users.PasswordHasher.HashPassword(new AppUser(), Input.Password);
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        }

        if (result.Succeeded)
        {
            log.LogInformation("User {UserId} logged in", user!.Id);
            return LocalRedirect(returnUrl);
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("./LoginWith2fa", new { returnUrl, rememberMe = Input.RememberMe });
        if (result.IsLockedOut)
        {
            log.LogWarning("User {UserId} is locked out", user!.Id);
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError(string.Empty, FailedMessage);
        return Page();
    }
}
