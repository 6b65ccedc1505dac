using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

/// <summary>
/// Deleting the account and everything in it (<see cref="AccountDeletion"/>): after the password, and the authenticator
/// (or a recovery) code when two-step sign-in is on. The page then shows, and emails, what was deleted, kind by kind.
/// </summary>
public sealed class DeleteModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, EmailSender mail,
    ILogger<DeleteModel> log) : PageModel
{
    public const string WrongCodeMessage = "That code did not match. Use the newest code from your authenticator app, or one of your recovery codes.";

    public bool RequirePassword { get; private set; } = true;
    public bool RequireCode { get; private set; }
    /// <summary>Set once the account is gone: what was deleted.</summary>
    public DeletionSummary? Deleted { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [DataType(DataType.Password)]
        [Display(Name = "Your password")]
        public string? Password { get; set; }

        [Display(Name = "Code from your authenticator app (or a recovery code)")]
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        RequirePassword = await users.HasPasswordAsync(user);
        RequireCode = await users.GetTwoFactorEnabledAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();

        RequirePassword = await users.HasPasswordAsync(user);
        RequireCode = await users.GetTwoFactorEnabledAsync(user);
        if (RequirePassword)
        {
            if (string.IsNullOrEmpty(Input.Password))
            {
                ModelState.AddModelError("Input.Password", "Enter your password to confirm.");
                return Page();
            }
            if (!await users.CheckPasswordAsync(user, Input.Password))
                return await RefusedAsync(user, "Input.Password", "That password is not correct.");
        }
        if (RequireCode)
        {
            var code = AccountHelpers.CleanCode(Input.Code);
            if (code.Length == 0)
            {
                ModelState.AddModelError("Input.Code", "Enter the code from your authenticator app to confirm.");
                return Page();
            }
            // A recovery code as the recovery sign-in takes it: "K7BX3-9QMTD", also typed in lower case or without the dash.
            var recovery = (Input.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
            if (recovery.Length == 10 && !recovery.Contains('-', StringComparison.Ordinal)) recovery = recovery[..5] + "-" + recovery[5..];
            var ok = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
                     || (await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery)).Succeeded;
            if (!ok) return await RefusedAsync(user, "Input.Code", WrongCodeMessage);
        }

        var userId = user.Id;
        var email = user.Email;
        try
        {
            Deleted = await AccountDeletion.DeleteAsync(db, users, user, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
        {
            log.LogError(e, "Could not delete user {UserId}; nothing was deleted", userId);
            ModelState.AddModelError(string.Empty, "Something went wrong and your account was not deleted (nothing was removed). Please try again.");
            return Page();
        }

        await signIn.SignOutAsync();
        HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()); // the summary renders signed out
        Response.Headers.CacheControl = "no-store";
        // Kept: this line, with the account's opaque id and the counts; no email address, no health data (DATA-RETENTION.md).
        log.LogInformation("User {UserId} deleted their account: {Rows} rows ({Summary})", userId, Deleted.Total,
            string.Join(", ", Deleted.Kinds.Select(k => $"{k.Kind}: {k.Count}")));
        if (!string.IsNullOrEmpty(email))
            mail.Send(email, AccountDeletion.EmailSubject,
                "Your AlkNavigator account has been deleted, with everything saved in it:\n\n" + Deleted.ToText() +
                "\nNothing about your health is kept. If you did not do this, reply to this email.\n", null);
        return Page();
    }

    /// <summary>A wrong password or code counts towards the lockout, so a stolen session cannot guess its way to deleting.</summary>
    private async Task<IActionResult> RefusedAsync(AppUser user, string field, string message)
    {
        await users.AccessFailedAsync(user);
        if (await users.IsLockedOutAsync(user))
        {
            await signIn.SignOutAsync();
            return RedirectToPage("/Account/Lockout");
        }
        ModelState.AddModelError(field, message);
        return Page();
    }
}
