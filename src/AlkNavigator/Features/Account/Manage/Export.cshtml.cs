using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Account.Manage;

/// <summary>
/// /account/export: everything saved for the signed-in account as one ZIP (<see cref="AccountExport"/>). The download is
/// a POST with the anti-forgery token (a page on another site cannot make the browser fetch it), answered no-store, and
/// written to the record's activity log and the app log.
/// </summary>
public sealed class ExportModel(UserManager<AppUser> users, AppDbContext db, TimeProvider clock, ILogger<ExportModel> log) : PageModel
{
    public bool HasRecord { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        HasRecord = await db.Records.AnyAsync(r => r.OwnerId == user.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var now = clock.GetUtcNow().UtcDateTime;
        var files = await AccountExport.CollectAsync(db, users, user, now, ct);
        var zip = AccountExport.Zip(files, user.Email ?? "", now);

        if (await db.Records.Where(r => r.OwnerId == user.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct) is { } rid)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                RecordId = rid, ActorId = user.Id, ActorEmail = user.Email ?? "", Action = "read", What = "account export",
                Detail = $"Downloaded everything as a ZIP ({files.Count} files).", AtUtc = now,
            });
            await db.SaveChangesAsync(ct);
        }
        log.LogInformation("User {UserId} exported their account data ({Files} files, {Bytes} bytes)", user.Id, files.Count, zip.Length);
        Response.Headers.CacheControl = "no-store";
        return File(zip, AccountExport.ContentType, AccountExport.FileName(now));
    }
}
