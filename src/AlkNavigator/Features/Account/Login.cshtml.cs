using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Account;

/// <summary>
/// Sign-in by email and password. Wrong passwords never lock an account (anyone could lock a patient out that way):
/// after <see cref="SignInChallenges.Threshold"/> failures with one address, that address also needs the sign-in link
/// emailed to it. Every answer is the same for addresses with and without an account: the same messages, the same
/// step (no email goes to an address without an account), a password hash computed either way.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, EmailSender mail, TimeProvider clock, ILogger<LoginModel> log) : PageModel
{
    public const string FailedMessage = "Email or password is incorrect.";
    public const string FailedWithLinkMessage = "Email or password is incorrect, or the sign-in link is not the latest one we sent.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The secret of an emailed sign-in link (from the link's ?link=, then a hidden field).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Link { get; set; }

    /// <summary>True when this address needs the emailed link and the form does not carry one: the page says so.</summary>
    public bool NeedsLink { get; private set; }

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

        var now = clock.GetUtcNow().UtcDateTime;
        var returnUrl = AccountHelpers.SafeReturnUrl(Url, ReturnUrl);
        var typed = Input.Email.Trim();
        var key = SignInChallenges.Key(users.NormalizeEmail(typed));
        // Users sign in with their email; UserName is kept equal to it, but look the account up by email to be safe.
        var user = await users.FindByEmailAsync(typed);
        var challenge = await db.SignInChallenges.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key);
        var needsLink = SignInChallenges.NeedsLink(challenge, now);

        if (needsLink && string.IsNullOrWhiteSpace(Link))
        {
            // Asked for the first time (or the person came back without the link): send one unless one is live.
            SpendOneHash();
            await SendLinkAsync(key, user, now);
            NeedsLink = true;
            return Page();
        }

        Microsoft.AspNetCore.Identity.SignInResult result;
        if (user is null || (needsLink && !SignInChallenges.LinkMatches(challenge!, Link, now)))
        {
            SpendOneHash();
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: false);
            // A lock (from wrong two-factor codes, or wrong current passwords while signed in) is told only to
            // someone who knows the password; to anyone else a locked account answers like any other.
            if (result.IsLockedOut && !await users.CheckPasswordAsync(user, Input.Password))
                result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }

        if (result.Succeeded || result.RequiresTwoFactor || result.IsLockedOut)
            await SignInChallenges.ForgetAsync(db, key);
        if (result.Succeeded)
        {
            log.LogInformation("User {UserId} logged in", user!.Id);
            // A returning person who has not finished the first-use set-up lands on the step where they left it.
            if (returnUrl == "/" && await Onboarding.WelcomeModel.PendingStepAsync(db, user.Id, HttpContext.RequestAborted) is { } step)
                return LocalRedirect($"/welcome/{step}");
            return LocalRedirect(returnUrl);
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("./LoginWith2fa", new { returnUrl, rememberMe = Input.RememberMe });
        if (result.IsLockedOut)
        {
            log.LogWarning("User {UserId} is locked out", user!.Id);
            return RedirectToPage("./Lockout");
        }

        await SignInChallenges.RecordFailureAsync(db, key, now);
        if (needsLink)
        {
            // A link that expired is replaced (one email); a live one stays the one to use.
            await SendLinkAsync(key, user, now);
        }
        ModelState.AddModelError(string.Empty, needsLink ? FailedWithLinkMessage : FailedMessage);
        return Page();
    }

    /// <summary>A password hash computed for nothing, so an unknown address, a stale link or the link step takes as long as a wrong password.</summary>
    private void SpendOneHash() => users.PasswordHasher.HashPassword(new AppUser(), Input.Password);

    private async Task SendLinkAsync(string key, AppUser? user, DateTime now)
    {
        var secret = await SignInChallenges.IssueLinkAsync(db, key, now);
        if (secret is null || user?.Email is not { Length: > 0 } to) return;
        var link = Url.Page("/Account/Login", null, new { link = secret }, Request.Scheme)!;
        var reset = Url.Page("/Account/ForgotPassword", null, null, Request.Scheme)!;
        mail.Send(to, SignInChallenges.Subject,
            "Someone tried to log in to your AlkNavigator account several times with a wrong password, so for now logging in also needs this link. " +
            $"Open it, then type your email address and password (it works for {(int)SignInChallenges.LinkLifetime.TotalMinutes} minutes):\n\n{link}\n\n" +
            $"If it was not you, your account is still safe: nobody can log in without this email. Choosing a new password is a good idea: {reset}",
            link);
        log.LogInformation("Sign-in link sent to user {UserId}", user.Id);
    }
}
