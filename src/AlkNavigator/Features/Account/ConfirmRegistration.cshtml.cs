using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

/// <summary>
/// The page a registration email links to. Opening it changes nothing (mail scanners open links); the button creates
/// the account with the password chosen at registration, its email already confirmed, and signs the person in.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmRegistrationModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, RoleManager<IdentityRole> roles,
    IDataProtectionProvider protection, ILogger<ConfirmRegistrationModel> log) : PageModel
{
    public enum State { Ready, Invalid, Exists }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public State Status { get; private set; }
    public string Email { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var pending = await LoadAsync();
        if (pending is null || Status != State.Ready) return Page();

        var user = new AppUser { UserName = pending.Email, Email = pending.Email, EmailConfirmed = true, PasswordHash = pending.PasswordHash };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            // Two clicks racing: the other one created the account.
            if (await users.FindByEmailAsync(pending.Email) is not null)
            {
                Status = State.Exists;
                return Page();
            }
            ModelState.AddErrors(created);
            return Page();
        }
        await roles.EnsureRolesAsync([Roles.Patient]);
        await users.AddToRoleAsync(user, Roles.Patient);
        log.LogInformation("New account {UserId} created after email confirmation", user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(AccountHelpers.SafeReturnUrl(Url, pending.ReturnUrl));
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
