using System.Globalization;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Account.Manage;

/// <summary>The account's active sessions (device, when logged in, last active), signing out one, or all.</summary>
public sealed class SessionsModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, TimeProvider clock, ILogger<SessionsModel> log) : PageModel
{
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];
    public Guid? CurrentId { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        CurrentId = UserSessions.Id(User);
        var list = await UserSessions.Active(db, user.Id, user.SecurityStamp ?? "", clock.GetUtcNow().UtcDateTime)
            .AsNoTracking().OrderByDescending(s => s.LastSeenUtc).ToListAsync();
        // This device first, then the most recently active.
        Sessions = [.. list.OrderByDescending(s => s.Id == CurrentId)];
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var device = await db.UserSessions.Where(s => s.Id == id && s.UserId == user.Id && s.RevokedUtc == null).Select(s => s.Device).FirstOrDefaultAsync();
        if (device is null) return NotFound(); // another account's session, or already ended: the id reveals nothing
        if (id == UserSessions.Id(User))
        {
            await signIn.SignOutAsync(); // revokes this session (cookie event)
            log.LogInformation("User {UserId} logged out this session from the devices page", user.Id);
            return RedirectToPage("/Account/Logout");
        }
        await UserSessions.RevokeAsync(db, clock, s => s.Id == id && s.UserId == user.Id);
        log.LogInformation("User {UserId} signed out session {SessionId}", user.Id, id);
        TempData.SetStatus($"Signed out: {device}.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await UserSessions.RevokeAllAsync(db, clock, user.Id);
        // A new stamp also ends anything issued under the old one: remembered two-step devices, password-reset links.
        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        log.LogInformation("User {UserId} signed out everywhere", user.Id);
        return RedirectToPage("/Account/Logout");
    }

    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture);
    public static string Show(DateTime utc) => utc.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
