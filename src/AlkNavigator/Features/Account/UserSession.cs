using System.Security.Claims;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace AlkNavigator.Features.Account;

/// <summary>
/// One signed-in browser or device. The login cookie carries the row's id (claim <see cref="UserSessions.ClaimType"/>);
/// every request checks the row is still there and not revoked, so logging out ends the session on the server (a
/// copied cookie stops working) on every node sharing the database, without touching the account's other sessions.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string UserId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    /// <summary>Updated at most every <see cref="UserSessions.LastSeenInterval"/>, so it costs one write per session per few minutes.</summary>
    public DateTime LastSeenUtc { get; set; }
    /// <summary>A short description from the User-Agent at sign-in, e.g. "Firefox on Windows".</summary>
    public string Device { get; set; } = "";
    /// <summary>The account's security stamp the session was issued under: a password, email or role change renews the
    /// account's stamp, which ends (and hides from the list) every session issued before it except the one that made it.</summary>
    public string Stamp { get; set; } = "";
    public DateTime? RevokedUtc { get; set; }
}

internal sealed class UserSessionConfig : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.HasKey(x => x.Id);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.UserId, x.LastSeenUtc });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Device).HasMaxLength(120);
        b.Property(x => x.Stamp).HasMaxLength(256);
    }
}

/// <summary>Creating, checking and revoking server-side sessions; wired into the login cookie's events in AppHost.</summary>
public static class UserSessions
{
    public const string ClaimType = "alknav:sid";
    /// <summary>"Last seen" is written at most this often per session (the first request after it passes).</summary>
    public static readonly TimeSpan LastSeenInterval = TimeSpan.FromMinutes(5);
    /// <summary>The login cookie's lifetime (sliding): a session not seen for longer is over even if never revoked.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    /// <summary>Rows of ended sessions are deleted this long after they ended, when the account next signs in.</summary>
    private static readonly TimeSpan KeepEnded = TimeSpan.FromDays(30);

    public static Guid? Id(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimType), out var id) ? id : null;

    /// <summary>Sessions shown as active: not revoked, issued under the account's current stamp, seen within the cookie lifetime.</summary>
    public static IQueryable<UserSession> Active(AppDbContext db, string userId, string stamp, DateTime nowUtc)
    {
        var since = nowUtc - Lifetime - LastSeenInterval;
        return db.UserSessions.Where(s => s.UserId == userId && s.RevokedUtc == null && s.Stamp == stamp && s.LastSeenUtc > since);
    }

    /// <summary>Cookie event: a new sign-in gets a new session row; a refresh (same account, same browser, after a
    /// password or role change) keeps its session and moves it to the new security stamp.</summary>
    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var claimTypes = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (context.Principal?.Identity is not ClaimsIdentity identity) return;
        var userId = identity.FindFirst(claimTypes.UserIdClaimType)?.Value;
        var stamp = identity.FindFirst(claimTypes.SecurityStampClaimType)?.Value ?? "";
        if (userId is null) return;
        var db = services.GetRequiredService<AppDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var old in identity.FindAll(ClaimType).ToList()) identity.RemoveClaim(old);

        Guid? kept = null;
        if (Id(http.User) is { } currentId && http.User.FindFirstValue(claimTypes.UserIdClaimType) == userId)
        {
            var moved = await db.UserSessions.Where(s => s.Id == currentId && s.UserId == userId && s.RevokedUtc == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Stamp, stamp).SetProperty(s => s.LastSeenUtc, now), http.RequestAborted);
            if (moved == 1) kept = currentId;
        }
        if (kept is null)
        {
            var cutoff = now - KeepEnded;
            await db.UserSessions.Where(s => s.UserId == userId && (s.RevokedUtc < cutoff || s.LastSeenUtc < cutoff)).ExecuteDeleteAsync(http.RequestAborted);
            var session = new UserSession
            {
                UserId = userId, CreatedUtc = now, LastSeenUtc = now, Stamp = stamp,
                Device = DeviceName.FromUserAgent(http.Request.Headers.UserAgent.ToString()),
            };
            // A context of its own: the page's context may hold changes the page has not decided to save.
            using (var scope = services.GetRequiredService<IServiceScopeFactory>().CreateScope())
            {
                var own = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                own.UserSessions.Add(session);
                await own.SaveChangesAsync(http.RequestAborted);
            }
            kept = session.Id;
        }
        identity.AddClaim(new Claim(ClaimType, kept.Value.ToString()));
    }

    /// <summary>Cookie event: signing out (the Log out button, an expired lockout, account deletion) revokes this session only.</summary>
    public static async Task SigningOutAsync(CookieSigningOutContext context)
    {
        if (Id(context.HttpContext.User) is not { } id) return;
        var services = context.HttpContext.RequestServices;
        await RevokeAsync(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<TimeProvider>(), s => s.Id == id);
    }

    /// <summary>Revokes every session of the account (sign out everywhere, password reset).</summary>
    public static Task<int> RevokeAllAsync(AppDbContext db, TimeProvider clock, string userId) =>
        RevokeAsync(db, clock, s => s.UserId == userId);

    public static Task<int> RevokeAsync(AppDbContext db, TimeProvider clock, System.Linq.Expressions.Expression<Func<UserSession, bool>> which)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(which).Where(s => s.RevokedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedUtc, now), CancellationToken.None);
    }
}

/// <summary>"Firefox on Windows" from a User-Agent string: enough for a person to recognise their own devices.</summary>
public static class DeviceName
{
    public static string FromUserAgent(string? ua)
    {
        if (string.IsNullOrWhiteSpace(ua)) return "Unknown device";
        var browser =
            Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") ? "Edge" :
            Has(ua, "OPR/") || Has(ua, "Opera") ? "Opera" :
            Has(ua, "SamsungBrowser/") ? "Samsung Internet" :
            Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox" :
            Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/") ? "Chrome" :
            Has(ua, "Safari/") && Has(ua, "Version/") ? "Safari" :
            null;
        var os =
            Has(ua, "iPhone") ? "iPhone" :
            Has(ua, "iPad") ? "iPad" :
            Has(ua, "Android") ? "Android" :
            Has(ua, "Windows") ? "Windows" :
            Has(ua, "CrOS") ? "ChromeOS" :
            Has(ua, "Macintosh") || Has(ua, "Mac OS X") ? "Mac" :
            Has(ua, "Linux") ? "Linux" :
            null;
        if (browser is null)
        {
            // Not a browser (a script, an app): its product name, letters and digits only.
            var product = new string(ua.TakeWhile(c => c != '/' && c != ' ').Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(40).ToArray());
            browser = product.Length > 0 ? product : "Unknown program";
        }
        return os is null ? browser : $"{browser} on {os}";
    }

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.OrdinalIgnoreCase);
}
