using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<ChangePasswordModel> log) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(100, MinimumLength = 10, ErrorMessage = "Your password needs at least {2} characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type your new password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords are not the same.")]
        [Display(Name = "Type the new password again")]
        public string ConfirmPassword { get; set; } = "";
    }

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
        if (!ModelState.IsValid) return Page();

        var result = await users.ChangePasswordAsync(user, Input.OldPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                // Wrong guesses count towards the lockout, so a stolen session cannot brute-force the password.
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    await signIn.SignOutAsync();
                    return RedirectToPage("/Account/Lockout");
                }
            }
            foreach (var error in result.Errors)
            {
                if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                    ModelState.AddModelError("Input.OldPassword", "Your current password is not correct.");
                else if (error.Code.StartsWith("Password", StringComparison.Ordinal))
                    ModelState.AddModelError("Input.NewPassword", error.Description);
                else
                    ModelState.AddModelError(string.Empty, error.Description);
            }
            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        log.LogInformation("User {UserId} changed their password", user.Id);
        TempData.SetStatus("Your password has been changed.");
        return RedirectToPage();
    }
}
