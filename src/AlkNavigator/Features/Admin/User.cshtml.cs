using AlkNavigator.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using AlkNavigator.Features.Account;

namespace AlkNavigator.Features.Admin;

[Authorize(Roles = Roles.Admin)]
public sealed class UserModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, RoleManager<IdentityRole> roles, ILogger<UserModel> log) : PageModel
{
    public const string SelfAdminMessage = "You cannot remove the Admin role from your own account. Ask another administrator to do it.";

    public static readonly IReadOnlyDictionary<string, string> RoleDescriptions = new Dictionary<string, string>
    {
        [Roles.Patient] = "A person living with ALK-positive lung cancer.",
        [Roles.Caregiver] = "Family member or friend who helps someone with ALK-positive lung cancer.",
        [Roles.Navigator] = "Patient navigator or care-team member who supports others.",
        [Roles.Admin] = "Can see and manage all user accounts.",
    };

    public AppUser Account { get; private set; } = null!;
    public bool IsSelf { get; private set; }
    public bool LockedOut { get; private set; }
    public bool TwoFactorEnabled { get; private set; }

    /// <summary>The roles ticked in the form (also the current roles on GET).</summary>
    [BindProperty]
    public List<string> SelectedRoles { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        if (!await LoadAsync(id)) return NotFound();
        SelectedRoles = (await users.GetRolesAsync(Account)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id)
    {
        var posted = SelectedRoles.Select(Roles.Normalize).OfType<string>().Distinct().ToList();
        if (!await LoadAsync(id)) return NotFound();
        SelectedRoles = posted;

        if (IsSelf && !posted.Contains(Roles.Admin))
        {
            ModelState.AddModelError(string.Empty, SelfAdminMessage);
            return Page();
        }

        var current = await users.GetRolesAsync(Account);
        var toAdd = posted.Except(current, StringComparer.OrdinalIgnoreCase).ToList();
        var toRemove = current.Where(r => Roles.Normalize(r) is not null)
            .Except(posted, StringComparer.OrdinalIgnoreCase).ToList();

        if (toAdd.Count > 0)
        {
            await roles.EnsureRolesAsync(toAdd);
            var added = await users.AddToRolesAsync(Account, toAdd);
            if (!added.Succeeded) ModelState.AddErrors(added);
        }
        if (toRemove.Count > 0)
        {
            var removed = await users.RemoveFromRolesAsync(Account, toRemove);
            if (!removed.Succeeded) ModelState.AddErrors(removed);
        }
        if (!ModelState.IsValid) return Page();
        // End the account's other sessions so the new roles apply at once (SessionCheck compares stamps).
        if (toAdd.Count + toRemove.Count > 0) await users.UpdateSecurityStampAsync(Account);

        log.LogInformation("Admin {AdminId} changed roles of {UserId}: added [{Added}], removed [{Removed}]",
            users.GetUserId(User), Account.Id, string.Join(", ", toAdd), string.Join(", ", toRemove));
        if (IsSelf) await signIn.RefreshSignInAsync(Account);

        TempData.SetStatus(toAdd.Count + toRemove.Count == 0
            ? "Nothing changed: the roles were already like that."
            : "Roles saved.");
        return RedirectToPage(new { id = Account.Id });
    }

    public async Task<IActionResult> OnPostUnlockAsync(string? id)
    {
        if (!await LoadAsync(id)) return NotFound();

        await users.SetLockoutEndDateAsync(Account, null);
        await users.ResetAccessFailedCountAsync(Account);
        log.LogInformation("Admin {AdminId} unlocked {UserId}", users.GetUserId(User), Account.Id);

        TempData.SetStatus("The account is unlocked and can log in again.");
        return RedirectToPage(new { id = Account.Id });
    }

    private async Task<bool> LoadAsync(string? id)
    {
        var user = string.IsNullOrWhiteSpace(id) ? null : await users.FindByIdAsync(id);
        if (user is null) return false;

        Account = user;
        IsSelf = users.GetUserId(User) == user.Id;
        LockedOut = await users.IsLockedOutAsync(user);
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        return true;
    }
}
