using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, IEmailSender<AppUser> email, ILogger<ForgotPasswordModel> log) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var address = Input.Email.Trim();
        var user = await users.FindByEmailAsync(address);
        if (user is not null && user.Email is { Length: > 0 } userEmail)
        {
            var code = AccountHelpers.EncodeToken(await users.GeneratePasswordResetTokenAsync(user));
            var link = Url.Page("/Account/ResetPassword", pageHandler: null, values: new { code, email = userEmail }, protocol: Request.Scheme)!;
            try
            {
                await email.SendPasswordResetLinkAsync(user, userEmail, link);
            }
            catch (Exception ex)
            {
                // Never let a mail problem change the answer: that would tell strangers which emails have accounts.
                log.LogError(ex, "Could not send the password reset email for user {UserId}", user.Id);
            }
        }

        // Same answer whether or not the account exists.
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
