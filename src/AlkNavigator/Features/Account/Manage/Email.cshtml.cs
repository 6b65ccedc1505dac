using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class EmailModel(UserManager<AppUser> users, IEmailSender<AppUser> emailSender, ILogger<EmailModel> log) : PageModel
{
    public string CurrentEmail { get; private set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your new email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "New email address")]
        public string NewEmail { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        CurrentEmail = user.Email ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        CurrentEmail = user.Email ?? "";
        if (!ModelState.IsValid) return Page();

        var newEmail = Input.NewEmail.Trim();
        if (string.Equals(newEmail, CurrentEmail, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.NewEmail", "This is already your email address.");
            return Page();
        }
        var owner = await users.FindByEmailAsync(newEmail);
        if (owner is not null && owner.Id != user.Id)
        {
            ModelState.AddModelError("Input.NewEmail", "Another account already uses this email address. Please choose a different one.");
            return Page();
        }

        var code = AccountHelpers.EncodeToken(await users.GenerateChangeEmailTokenAsync(user, newEmail));
        var link = Url.Page("/Account/ConfirmEmailChange", pageHandler: null,
            values: new { userId = user.Id, email = newEmail, code }, protocol: Request.Scheme)!;
        try
        {
            await emailSender.SendConfirmationLinkAsync(user, newEmail, link);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Could not send the email-change confirmation for user {UserId}", user.Id);
            ModelState.AddModelError(string.Empty, "We could not send the email just now. Please try again in a few minutes.");
            return Page();
        }

        TempData.SetStatus("We sent a confirmation link to your new email address. Check your inbox and open the link to finish. Until then, keep using your current address to log in.", "info");
        return RedirectToPage();
    }
}
