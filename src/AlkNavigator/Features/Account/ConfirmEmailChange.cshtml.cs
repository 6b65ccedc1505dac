using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

/// <summary>
/// Target of the link emailed by Manage/Email: moves the account to the new address (or confirms the current one).
/// Opening the link only shows a button (mail scanners open links); pressing it makes the change.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<ConfirmEmailChangeModel> log) : PageModel
{
    public bool Succeeded { get; private set; }
    public string? NewEmail { get; private set; }
    /// <summary>The link confirmed the address the account already had (Manage/Email "send me a confirmation link").</summary>
    public bool SameAddress { get; private set; }
    public string Problem { get; private set; } = "This link has expired or has already been used.";

    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    /// <summary>False on GET (the page shows the button), true once the change was attempted.</summary>
    public bool Posted { get; private set; }
    /// <summary>On GET: whether the link confirms the address the account already has.</summary>
    public bool ConfirmsCurrent { get; private set; }

    public async Task OnGetAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        if (AccountHelpers.DecodeToken(Code) is null || user is null || string.IsNullOrWhiteSpace(Email))
        {
            Posted = true;
            Problem = "This link is not complete or is no longer valid.";
            return;
        }
        ConfirmsCurrent = string.Equals(user.Email, Email, StringComparison.OrdinalIgnoreCase);
    }

    public async Task OnPostAsync()
    {
        Posted = true;
        var (userId, email, code) = (UserId, Email, Code);
        var token = AccountHelpers.DecodeToken(code);
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (token is null || user is null || string.IsNullOrWhiteSpace(email))
        {
            Problem = "This link is not complete or is no longer valid.";
            return;
        }

        var same = string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase);
        var result = await users.ChangeEmailAsync(user, email, token);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail)))
                Problem = "Another account already uses this email address, so we could not move your account to it.";
            return;
        }

        // Sign-in uses the email as the user name, so keep the two the same.
        var rename = await users.SetUserNameAsync(user, email);
        if (!rename.Succeeded)
        {
            log.LogError("Email of user {UserId} changed but the user name could not follow: {Errors}", user.Id,
                string.Join("; ", rename.Errors.Select(e => e.Description)));
            Problem = "Your email changed, but we could not finish updating your account. Please contact us.";
            return;
        }

        // Refresh only this person's own session (the link might be opened in a browser where someone else is signed in).
        if (signIn.IsSignedIn(User) && users.GetUserId(User) == user.Id)
            await signIn.RefreshSignInAsync(user);

        log.LogInformation("User {UserId} changed their email", user.Id);
        Succeeded = true;
        NewEmail = email;
        SameAddress = same;
    }
}
