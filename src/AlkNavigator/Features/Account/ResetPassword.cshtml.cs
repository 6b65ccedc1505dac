using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<AppUser> users, ILogger<ResetPasswordModel> log) : PageModel
{
    public const string BadLinkMessage = "This reset link has expired or has already been used. Please ask for a new one.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>True when the link is unusable: the page then explains and offers a new link instead of the form.</summary>
    public bool BadLink { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(100, MinimumLength = 10, ErrorMessage = "Your password needs at least {2} characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your new password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [Display(Name = "Type the new password again")]
        public string ConfirmPassword { get; set; } = "";

        /// <summary>The Base64Url-encoded token from the emailed link.</summary>
        public string Code { get; set; } = "";
    }

    public void OnGet(string? code, string? email)
    {
        if (AccountHelpers.DecodeToken(code) is null)
        {
            BadLink = true;
            return;
        }
        Input = new InputModel { Code = code!, Email = email ?? "" };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var token = AccountHelpers.DecodeToken(Input.Code);
        if (token is null)
        {
            BadLink = true;
            return Page();
        }
        if (!ModelState.IsValid) return Page();

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            // Same message as a wrong token, so the page does not reveal which emails have accounts.
            ModelState.AddModelError(string.Empty, BadLinkMessage);
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == nameof(IdentityErrorDescriber.InvalidToken))
                    ModelState.AddModelError(string.Empty, BadLinkMessage);
                else if (error.Code.StartsWith("Password", StringComparison.Ordinal))
                    ModelState.AddModelError("Input.Password", error.Description);
                else
                    ModelState.AddModelError(string.Empty, error.Description);
            }
            return Page();
        }

        // A successful reset also lifts a lockout: the person has just proved they own the email.
        await users.SetLockoutEndDateAsync(user, null);
        // Every signed-in device is signed out (the new security stamp rejects them; this also ends their session rows).
        var services = HttpContext.RequestServices;
        await UserSessions.RevokeAllAsync(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<TimeProvider>(), user.Id);
        // ...and the address's failed sign-ins are forgotten, so the new password works on its own at once.
        await SignInChallenges.ForgetAsync(services.GetRequiredService<AppDbContext>(), SignInChallenges.Key(users.NormalizeEmail(user.Email ?? "")));
        log.LogInformation("User {UserId} reset their password", user.Id);
        return RedirectToPage("./ResetPasswordConfirmation");
    }
}
