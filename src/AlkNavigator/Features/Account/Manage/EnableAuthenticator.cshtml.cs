using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace AlkNavigator.Features.Account.Manage;

public sealed class EnableAuthenticatorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<EnableAuthenticatorModel> log) : PageModel
{
    public const string Issuer = "AlkNavigator";
    public const string WrongCodeMessage = "That code did not match. Check the time on your phone and try the newest code.";

    /// <summary>The key exactly as Identity stores it (used in the QR code and exposed as data-key).</summary>
    public string SharedKey { get; private set; } = "";

    /// <summary>The key in lower-case blocks of four, for typing by hand.</summary>
    public string FormattedKey { get; private set; } = "";

    public string AuthenticatorUri { get; private set; } = "";

    /// <summary>PNG of the QR code, as a data: URI (allowed by the CSP's img-src).</summary>
    public string QrCodeDataUri { get; private set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(12, ErrorMessage = "The code is 6 digits long.")]
        [Display(Name = "6-digit code from the app")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(user);
            return Page();
        }

        var code = AccountHelpers.CleanCode(Input.Code);
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            ModelState.AddModelError("Input.Code", WrongCodeMessage);
            await LoadKeyAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user); // the security stamp changed: keep this session valid
        log.LogInformation("User {UserId} turned on two-step sign-in with an authenticator app", user.Id);

        if (await users.CountRecoveryCodesAsync(user) == 0)
        {
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, AccountHelpers.RecoveryCodeCount) ?? [];
            TempData[AccountHelpers.RecoveryCodesKey] = string.Join(',', codes);
            TempData.SetStatus("Your authenticator app is set up. Two-step sign-in is now on.");
            return RedirectToPage("./ShowRecoveryCodes");
        }

        TempData.SetStatus("Your authenticator app is set up. Two-step sign-in is on.");
        return RedirectToPage("./TwoFactor");
    }

    private async Task LoadKeyAsync(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user); // the security stamp changed: keep this session valid
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        SharedKey = key;
        FormattedKey = AccountHelpers.FormatKey(key);
        var email = await users.GetEmailAsync(user) ?? user.UserName ?? "";
        AuthenticatorUri = $"otpauth://totp/{Issuer}:{UrlEncoder.Default.Encode(email)}?secret={key}&issuer={Issuer}&digits=6";

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(AuthenticatorUri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
