using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

/// <summary>
/// The page a registration email links to: the owner of the address chooses the password here and creates the
/// account, its email already confirmed, and is signed in. Opening the link changes nothing (mail scanners open links).
/// </summary>
[AllowAnonymous]
public sealed class ConfirmRegistrationModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, RoleManager<IdentityRole> roles,
    AppDbContext db, TimeProvider clock, IDataProtectionProvider protection, ILogger<ConfirmRegistrationModel> log) : PageModel
{
    public enum State { Ready, Invalid, Exists }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public State Status { get; private set; }
    public string Email { get; private set; } = "";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(100, MinimumLength = 10, ErrorMessage = "Your password needs at least {2} characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [Display(Name = "Type the password again")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var pending = await LoadAsync();
        if (pending is null || Status != State.Ready) return Page();
        if (!ModelState.IsValid) return Page();

        var user = new AppUser { UserName = pending.Email, Email = pending.Email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            // Two clicks racing: the other one created the account.
            if (await users.FindByEmailAsync(pending.Email) is not null)
            {
                Status = State.Exists;
                return Page();
            }
            foreach (var error in created.Errors)
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "", error.Description);
            return Page();
        }
        await roles.EnsureRolesAsync([Roles.Patient]);
        await users.AddToRoleAsync(user, Roles.Patient);
        log.LogInformation("New account {UserId} created after email confirmation", user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        var returnUrl = AccountHelpers.SafeReturnUrl(Url, pending.ReturnUrl);
        if (returnUrl != "/") return LocalRedirect(returnUrl); // e.g. accepting an invitation: that is where they were going
        // A new account with nowhere particular to go starts the first-use set-up (Onboarding), remembered from here on.
        var now = clock.GetUtcNow().UtcDateTime;
        db.OnboardingProgress.Add(new Onboarding.OnboardingProgress { UserId = user.Id, StartedUtc = now, UpdatedUtc = now });
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return LocalRedirect("/welcome");
    }

    private async Task<PendingRegistration?> LoadAsync()
    {
        var pending = PendingRegistration.Unprotect(protection, Code);
        if (pending is null)
        {
            Status = State.Invalid;
            return null;
        }
        Email = pending.Email;
        Status = await users.FindByEmailAsync(pending.Email) is null ? State.Ready : State.Exists;
        return pending;
    }
}
