using System.Security.Claims;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Hosting;

/// <summary>
/// Checks every signed-in request against the account's current security stamp with one indexed query, so a
/// password change, role change, sign-out everywhere or deleted account ends other sessions at once.
/// It replaces Identity's SecurityStampValidator at interval zero, which rebuilt the principal (roles and
/// claims queries) and re-issued the encrypted cookie on every response. Anything that changes what a session may do must therefore change the stamp
/// (UserManager does for passwords, email, 2FA; role changes call UpdateSecurityStampAsync).
/// </summary>
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claimTypes = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claimTypes.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claimTypes.SecurityStampClaimType);
        string? current = null;
        if (userId is not null)
        {
            var db = services.GetRequiredService<AppDbContext>();
            current = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        }
        if (current is null || stamp is null || !string.Equals(current, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
