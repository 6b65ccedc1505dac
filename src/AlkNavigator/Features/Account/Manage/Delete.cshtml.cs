using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class DeleteModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<DeleteModel> log) : PageModel
{
    public bool RequirePassword { get; private set; } = true;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [DataType(DataType.Password)]
        [Display(Name = "Your password")]
        public string? Password { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        RequirePassword = await users.HasPasswordAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();

        RequirePassword = await users.HasPasswordAsync(user);
        if (RequirePassword)
        {
            if (string.IsNullOrEmpty(Input.Password))
            {
                ModelState.AddModelError("Input.Password", "Enter your password to confirm.");
                return Page();
            }
            if (!await users.CheckPasswordAsync(user, Input.Password))
            {
                // Wrong guesses count towards the lockout, so a stolen session cannot brute-force the password.
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    await signIn.SignOutAsync();
                    return RedirectToPage("/Account/Lockout");
                }
                ModelState.AddModelError("Input.Password", "That password is not correct.");
                return Page();
            }
        }

        var userId = user.Id;
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            log.LogError("Could not delete user {UserId}: {Errors}", userId, string.Join("; ", result.Errors.Select(e => e.Description)));
            ModelState.AddModelError(string.Empty, "Something went wrong and your account was not deleted. Please try again.");
            return Page();
        }

        await signIn.SignOutAsync();
        log.LogInformation("User {UserId} deleted their account", userId);
        TempData.SetStatus("Your account has been deleted. Thank you for using AlkNavigator, and take care.");
        return LocalRedirect("/");
    }
}
