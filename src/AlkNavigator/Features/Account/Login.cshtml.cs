using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

/// <summary>
/// Sign-in by email and password. Wrong passwords never lock an account (anyone could lock a patient out that way):
/// after <see cref="SignInChallenges.Threshold"/> failures with one address, that address also needs a one-time code
/// emailed to it. Every answer is the same for addresses with and without an account: the same messages, the same
/// code step (no email is sent to an address without an account), a password hash computed either way.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, EmailSender mail, TimeProvider clock, ILogger<LoginModel> log) : PageModel
{
    public const string FailedMessage = "Email or password is incorrect.";
    public const string FailedWithCodeMessage = "Email, password or code is incorrect.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>True when this address needs the emailed code: the page shows the code field and says why.</summary>
    public bool NeedsCode { get; private set; }

    /// <summary>Set when the hourly allowance of codes is spent: minutes until the next one can be sent.</summary>
    public int? NextCodeMinutes { get; private set; }

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

        [Display(Name = "6-digit sign-in code")]
        [StringLength(20)]
        public string? Code { get; set; }

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
        var key = SignInChallenges.Key(typed);
        // Users sign in with their email; UserName is kept equal to it, but look the account up by email to be safe.
        var user = await users.FindByEmailAsync(typed);
        var challenge = await db.SignInChallenges.FindAsync(key);

        var needsCode = SignInChallenges.NeedsCode(challenge, now);
        if (needsCode)
        {
            NeedsCode = true;
            if (string.IsNullOrWhiteSpace(Input.Code) || !SignInChallenges.HasLiveCode(challenge!, now))
            {
                await SendCodeAsync(challenge!, user, now);
                ModelState.Remove("Input.Code");
                Input.Code = null;
                return Page();
            }
        }

        Microsoft.AspNetCore.Identity.SignInResult result;
        if (user is null || (needsCode && !SignInChallenges.CodeMatches(challenge!, Input.Code, now)))
        {
            // Hash anyway so an unknown address or a wrong code takes as long as a wrong password.
            users.PasswordHasher.HashPassword(new AppUser(), Input.Password);
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
        Input.Code = null;
        ModelState.Remove("Input.Code");
        ModelState.AddModelError(string.Empty, needsCode ? FailedWithCodeMessage : FailedMessage);
        return Page();
    }

    private async Task SendCodeAsync(SignInChallenge challenge, AppUser? user, DateTime now)
    {
        var code = await SignInChallenges.IssueCodeAsync(db, challenge, now);
        if (SignInChallenges.NextCodeAllowedUtc(challenge, now) is { } next)
            NextCodeMinutes = Math.Max(1, (int)Math.Ceiling((next - now).TotalMinutes));
        if (code is null || user?.Email is not { Length: > 0 } to) return;
        var minutes = (int)SignInChallenges.CodeLifetime.TotalMinutes;
        var reset = Url.Page("/Account/ForgotPassword", null, null, Request.Scheme)!;
        mail.Send(to, SignInChallenges.Subject,
            $"Your AlkNavigator sign-in code is {code}. It works for {minutes} minutes, together with your password.\n\n" +
            "We ask for it because someone tried to log in to your account several times with a wrong password. If it was not you, " +
            $"your account is still safe, but choosing a new password is a good idea: {reset}",
            null);
        log.LogInformation("Sign-in code sent to user {UserId}", user.Id);
    }
}
