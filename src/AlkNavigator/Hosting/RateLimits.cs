using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace AlkNavigator.Hosting;

/// <summary>The "RateLimit" settings: how many POSTs of each kind a client (remote IP) and an account may make.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in attempts (login, two-factor code, recovery code) per client per minute.</summary>
    public int SignInPerClientPerMinute { get; set; } = 10;
    /// <summary>Two-factor and recovery code attempts per account (halfway through two-factor) per 15 minutes. The password
    /// step has no per-account limit: failures there lead to an emailed code instead (see SignInChallenges).</summary>
    public int SignInPerAccountPer15Minutes { get; set; } = 10;
    /// <summary>Actions that send email (registration, forgot password, change email, caregiver invitation) per client per hour.</summary>
    public int EmailPerClientPerHour { get; set; } = 20;
    /// <summary>Actions that send email per account (the typed email, or the signed-in user) per 15 minutes.</summary>
    public int EmailPerAccountPer15Minutes { get; set; } = 5;
}

/// <summary>
/// Rate limits on password guessing and on actions that send email. Only POSTs of the pages below are counted; each is
/// checked against a limiter per client (remote IP) and one per account (the posted Input.Email, lower-case, or the
/// signed-in user id). The form is read here (it is buffered, so model binding reads it again), which a rate-limiter
/// partition callback cannot do. Refused: 429 with Retry-After (seconds) and a short message.
/// </summary>
public static partial class RateLimits
{
    private enum Kind { SignIn, Email }

    /// <summary>Lower-case path (and handler) of each limited POST, and how its account is named.</summary>
    private static (Kind Kind, Func<HttpContext, Task<string?>> Account)? Classify(HttpContext ctx)
    {
        var path = (ctx.Request.Path.Value ?? "").TrimEnd('/').ToLowerInvariant();
        return path switch
        {
            // Per client only: a limit per typed address would let anyone keep its owner out; repeated failures with
            // one address make it need an emailed code instead (SignInChallenges).
            "/account/login" => (Kind.SignIn, NoAccount),
            "/account/loginwith2fa" or "/account/loginwithrecoverycode" => (Kind.SignIn, TwoFactorUser),
            "/account/register" or "/account/forgotpassword" => (Kind.Email, PostedEmail),
            "/account/manage/email" => (Kind.Email, SignedInUser),
            _ when SharingPath().IsMatch(path) && string.Equals(ctx.Request.Query["handler"], "invite", StringComparison.OrdinalIgnoreCase)
                => (Kind.Email, SignedInUser),
            _ => null,
        };
    }

    [GeneratedRegex("^/record/[^/]+/sharing$")]
    private static partial Regex SharingPath();

    private static async Task<string?> PostedEmail(HttpContext ctx)
    {
        if (!ctx.Request.HasFormContentType) return null;
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var email = form["Input.Email"].ToString().Trim();
        // Normalised as Identity looks accounts up, so spelling variants ("ſ" for "s", decomposed accents) share one count.
        var normalizer = ctx.RequestServices.GetRequiredService<ILookupNormalizer>();
        return email.Length == 0 ? null : "email:" + normalizer.NormalizeEmail(email);
    }

    private static async Task<string?> TwoFactorUser(HttpContext ctx)
    {
        var result = await ctx.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return result.Principal?.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } id ? "user:" + id : null;
    }

    private static Task<string?> NoAccount(HttpContext ctx) => Task.FromResult<string?>(null);

    private static Task<string?> SignedInUser(HttpContext ctx) =>
        Task.FromResult(ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? "user:" + id : null);

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true,
        }));

    /// <summary>Adds the middleware; call after UseAuthentication (signed-in actions are limited per user).</summary>
    public static void Use(WebApplication app)
    {
        var o = app.Configuration.GetSection("RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        var limiters = new Dictionary<Kind, (PartitionedRateLimiter<string> Client, PartitionedRateLimiter<string> Account)>
        {
            [Kind.SignIn] = (Limiter(o.SignInPerClientPerMinute, TimeSpan.FromMinutes(1)), Limiter(o.SignInPerAccountPer15Minutes, TimeSpan.FromMinutes(15))),
            [Kind.Email] = (Limiter(o.EmailPerClientPerHour, TimeSpan.FromHours(1)), Limiter(o.EmailPerAccountPer15Minutes, TimeSpan.FromMinutes(15))),
        };
        app.Use(async (ctx, next) =>
        {
            if (!HttpMethods.IsPost(ctx.Request.Method) || Classify(ctx) is not { } what)
            {
                await next(ctx);
                return;
            }
            var (client, account) = limiters[what.Kind];
            var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            using var clientLease = client.AttemptAcquire(ip);
            if (!clientLease.IsAcquired)
            {
                await RefuseAsync(ctx, clientLease);
                return;
            }
            if (await what.Account(ctx) is { } key)
            {
                using var accountLease = account.AttemptAcquire(key);
                if (!accountLease.IsAcquired)
                {
                    await RefuseAsync(ctx, accountLease);
                    return;
                }
            }
            await next(ctx);
        });
    }

    private static async Task RefuseAsync(HttpContext ctx, RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero ? retry : TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        var message = $"Too many attempts. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.";
        ctx.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        ctx.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await ctx.Response.WriteAsJsonAsync(new { type = "about:blank", title = "Too many requests", status = 429, detail = message },
                options: null, contentType: "application/problem+json");
            return;
        }
        ctx.Response.ContentType = "text/html; charset=utf-8";
        await ctx.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts - AlkNavigator</title></head>" +
            $"<body><main><h1>Too many attempts</h1><p>{message}</p><p><a href=\"/\">AlkNavigator home</a></p></main></body></html>");
    }
}
