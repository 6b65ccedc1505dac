using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

public sealed class EmailModel(UserManager<AppUser> users, IEmailSender<AppUser> emailSender, EmailSender mail, ILogger<EmailModel> log) : PageModel
{
    public string CurrentEmail { get; private set; } = "";
    /// <summary>Whether the account has proved it owns <see cref="CurrentEmail"/> (needed to accept an invitation).</summary>
    public bool Confirmed { get; private set; }

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
        Confirmed = user.EmailConfirmed;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        CurrentEmail = user.Email ?? "";
        Confirmed = user.EmailConfirmed;
        if (!ModelState.IsValid) return Page();

        var newEmail = Input.NewEmail.Trim();
        if (string.Equals(newEmail, CurrentEmail, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.NewEmail", "This is already your email address.");
            return Page();
        }
        // The same answer whether or not another account uses the address (no list of who has an account); that
        // address's owner gets an email saying so instead of a link.
        var owner = await users.FindByEmailAsync(newEmail);
        if (owner is not null && owner.Id != user.Id)
        {
            mail.Send(owner.Email ?? newEmail, TakenSubject,
                "Someone with another AlkNavigator account tried to change its email address to this one, which already belongs to your account. " +
                "Nothing has changed on your account. If you meant to do this, sign in to the other account and choose a different address.",
                null);
            log.LogInformation("User {UserId} tried to take the address of another account", user.Id);
            TempData.SetStatus(SentMessage, "info");
            return RedirectToPage();
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

        TempData.SetStatus(SentMessage, "info");
        return RedirectToPage();
    }

    /// <summary>Confirms the account's current address (accounts made before registration confirmed addresses).</summary>
    public async Task<IActionResult> OnPostConfirmCurrentAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (user.EmailConfirmed || string.IsNullOrEmpty(user.Email)) return RedirectToPage();
        var code = AccountHelpers.EncodeToken(await users.GenerateChangeEmailTokenAsync(user, user.Email));
        var link = Url.Page("/Account/ConfirmEmailChange", pageHandler: null,
            values: new { userId = user.Id, email = user.Email, code }, protocol: Request.Scheme)!;
        await emailSender.SendConfirmationLinkAsync(user, user.Email, link);
        TempData.SetStatus("We sent a confirmation link to your email address. Open it to confirm the address is yours.", "info");
        return RedirectToPage();
    }

    public const string TakenSubject = "AlkNavigator: someone tried to use your email address";
    private const string SentMessage = "We sent a confirmation link to the new email address. Check that inbox and open the link to finish. Until then, keep using your current address to log in.";
}
