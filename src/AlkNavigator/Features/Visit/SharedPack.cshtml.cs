using AlkNavigator.Data;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// The anonymous, read-only second-opinion pack behind a share link: GET /shared/pack/{token}. The secret token is the key
/// (only its SHA-256 is stored); the page has no navigation and no link into the record or the app. An unknown token is
/// 404; an expired or revoked link is 410 with a page that says so. Each open writes an audit row on the record (who: the
/// link; what: <see cref="AuditWhat"/>; item: the link's id). Never cached, never indexed, and no referrer leaves it.
/// </summary>
[AllowAnonymous]
public sealed class SharedPackModel(AppDbContext db, ContentStore content) : PageModel
{
    public const string AuditWhat = "second-opinion pack (shared)";

    public static string LinkUrl(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/shared/pack/{token}";

    [FromRoute(Name = "token")]
    public string Token { get; set; } = "";

    public VisitPackData? Data { get; private set; }
    /// <summary>"unknown", "expired" or "revoked" when the pack is not shown.</summary>
    public string? Refused { get; private set; }
    public DateTime ExpiresUtc { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers["Referrer-Policy"] = "no-referrer"; // the token is in the URL: no link may carry it away
        var ct = HttpContext.RequestAborted;
        var now = (HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;

        PackShare? share = null;
        if (LooksLikeToken(Token))
        {
            var hash = SecretTokens.Hash(Token);
            share = await db.PackShares.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, ct);
            // The lookup is by the hash (a unique index); compare again in constant time.
            if (share is not null && !SecretTokens.Matches(Token, share.TokenHash)) share = null;
        }
        if (share is null)
        {
            Refused = "unknown";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (!share.IsActive(now))
        {
            Refused = share.RevokedUtc is not null ? "revoked" : "expired";
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }

        ExpiresUtc = share.ExpiresUtc;
        Data = await VisitPack.LoadAsync(db, share.RecordId, now, content, full: true, ct);
        // Every open is recorded on the patient's activity (as every read by someone else is).
        db.AuditEntries.Add(new AuditEntry
        {
            RecordId = share.RecordId, ActorId = $"share:{share.Id:N}", ActorEmail = "Read-only link" + (share.Label is null ? "" : $" ({share.Label})"),
            Action = "read", What = AuditWhat, ItemId = share.Id.ToString(), Detail = $"link works until {share.ExpiresUtc:yyyy-MM-dd HH:mm} UTC", AtUtc = now,
        });
        await db.SaveChangesAsync(ct);
        return Page();
    }

    /// <summary>Tokens are 43 base64url characters; anything else is not a token (no database query).</summary>
    private static bool LooksLikeToken(string token) =>
        token.Length == 43 && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
