using System.Security.Claims;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Hosting;

/// <summary>
/// Checks every signed-in request with one indexed query: the cookie's server-side session (UserSession) exists and
/// is not revoked, and the account's security stamp is still the one the cookie was issued with. So logging out
/// (this session), "sign out everywhere", a password change, role change or deleted account end sessions at once,
/// on every node sharing the database. "Last seen" is written at most every few minutes per session.
/// It replaces Identity's SecurityStampValidator at interval zero, which rebuilt the principal (roles and
/// claims queries) and re-issued the encrypted cookie on every response. Anything that changes what a session may do must therefore change the stamp
/// (UserManager does for passwords, email, 2FA; role changes call UpdateSecurityStampAsync).
/// A cookie without a session id (issued before sessions existed) is rejected: the person logs in once more.
/// </summary>
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claimTypes = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claimTypes.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claimTypes.SecurityStampClaimType);
        var sessionId = UserSessions.Id(context.Principal);
        var valid = false;
        if (userId is not null && stamp is not null && sessionId is { } sid)
        {
            var db = services.GetRequiredService<AppDbContext>();
            var row = await SessionQuery(db, sid, userId, context.HttpContext.RequestAborted);
            valid = row is not null && string.Equals(row.SecurityStamp, stamp, StringComparison.Ordinal);
            if (valid)
            {
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                if (now - row!.LastSeenUtc >= UserSessions.LastSeenInterval)
                    await db.UserSessions.Where(s => s.Id == sid && s.LastSeenUtc == row.LastSeenUtc)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now), context.HttpContext.RequestAborted);
            }
        }
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private sealed record SessionRow(DateTime LastSeenUtc, string? SecurityStamp);

    // Every signed-in request runs it, so it is compiled once (EF's per-execution query work was most of its cost).
    private static readonly Func<AppDbContext, Guid, string, CancellationToken, Task<SessionRow?>> SessionQuery = EF.CompileAsyncQuery(
        (AppDbContext db, Guid sid, string userId, CancellationToken ct) =>
            (from s in db.UserSessions.AsNoTracking()
             join u in db.Users on s.UserId equals u.Id
             where s.Id == sid && s.UserId == userId && s.RevokedUtc == null
             select new SessionRow(s.LastSeenUtc, u.SecurityStamp))
            .FirstOrDefault());
}
