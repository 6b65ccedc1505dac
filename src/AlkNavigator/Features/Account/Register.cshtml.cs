using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

/// <summary>
/// Registration proves the email address before any account exists. The form asks only for the address, and the
/// answer is the same whether or not it already has an account ("check your email"), so the form tells a stranger
/// nothing: a new address gets a link (signed and encrypted, 24 hours) to a page where its owner chooses the password
/// and creates the account; an address that already has one gets an email saying so, with links to log in and to
/// reset the password. Nothing is stored until the owner opens the link, and since the password is chosen there,
/// nobody can register someone else's address with a password of their own.
/// </summary>
[AllowAnonymous]
public sealed class RegisterModel(UserManager<AppUser> users, IDataProtectionProvider protection, EmailSender mail, ILogger<RegisterModel> log) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var email = Input.Email.Trim();
        // The address rules (allowed characters) do not depend on whether it has an account; "taken" is not said here.
        var candidate = new AppUser { UserName = email, Email = email };
        foreach (var validator in users.UserValidators)
        {
            var checkedUser = await validator.ValidateAsync(users, candidate);
            foreach (var error in checkedUser.Errors.Where(e => !e.Code.StartsWith("Duplicate", StringComparison.Ordinal)))
                ModelState.AddModelError("Input.Email", error.Description);
        }
        if (!ModelState.IsValid) return Page();

        var returnUrl = AccountHelpers.SafeReturnUrl(Url, ReturnUrl);
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            var login = Url.Page("/Account/Login", null, null, Request.Scheme)!;
            var reset = Url.Page("/Account/ForgotPassword", null, null, Request.Scheme)!;
            mail.Send(existing.Email ?? email, PendingRegistration.ExistingSubject,
                "Someone (probably you) tried to create an AlkNavigator account with this email address, but it already has one.\n\n" +
                $"To log in: {login}\nIf you have forgotten your password, choose a new one here: {reset}\n\n" +
                "If it was not you, you can ignore this email: nothing has changed on your account.",
                login);
            log.LogInformation("Registration attempted for an existing account {UserId}", existing.Id);
        }
        else
        {
            var code = PendingRegistration.Protect(protection, new PendingRegistration(email, returnUrl));
            var link = Url.Page("/Account/ConfirmRegistration", null, new { code }, Request.Scheme)!;
            mail.Send(email, PendingRegistration.ConfirmSubject,
                "To finish creating your AlkNavigator account, open this link within 24 hours and choose your password:\n\n" +
                $"{link}\n\nIf you did not ask for an account, ignore this email: nothing is created until the link is opened.",
                link);
        }

        TempData["RegisteredEmail"] = email;
        return RedirectToPage("./RegisterConfirmation");
    }
}

/// <summary>What a confirmation link carries: the address and where to go once the account exists.</summary>
public sealed record PendingRegistration(string Email, string ReturnUrl)
{
    public const string ConfirmSubject = "AlkNavigator: confirm your email address";
    public const string ExistingSubject = "AlkNavigator: you already have an account";
    /// <summary>How long a confirmation link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private const string Purpose = "AlkNavigator.Registration.v2";

    public static string Protect(IDataProtectionProvider provider, PendingRegistration pending) =>
        provider.CreateProtector(Purpose).ToTimeLimitedDataProtector().Protect(JsonSerializer.Serialize(pending), Lifetime);

    /// <summary>The registration a link carries, or null when the code is missing, altered, from another server's keys, or expired.</summary>
    public static PendingRegistration? Unprotect(IDataProtectionProvider provider, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        try
        {
            var json = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(code.Trim());
            return JsonSerializer.Deserialize<PendingRegistration>(json);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
