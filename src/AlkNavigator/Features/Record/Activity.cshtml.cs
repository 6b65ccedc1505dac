using AlkNavigator.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The audit trail of the record, newest first, 50 per page (?p=2). Only the patient sees it.</summary>
public sealed class ActivityModel(RecordAccess access, AppDbContext db) : RecordPageModel(access, db)
{
    public const int PageSize = 50;

    [FromQuery(Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public List<AuditEntry> Entries { get; private set; } = [];

    [Needs(Record.Access.Owner, Audit = "activity")]
    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var q = Db.AuditEntries.AsNoTracking().Where(a => a.RecordId == RecordId);
        Total = await q.CountAsync(ct);
        if (PageNumber < 1) PageNumber = 1;
        if (PageNumber > PageCount) return NotFound();
        Entries = await q.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return Page();
    }

    public static string ActionLabel(string action) => action switch
    {
        "read" => "Viewed",
        "create" => "Added",
        "update" => "Changed",
        "delete" => "Deleted",
        "invite" => "Invited",
        "accept" => "Accepted invitation",
        "revoke" => "Revoked",
        "import" => "Imported",
        "restore" => "Restored an earlier version",
        "export" => "Exported",
        _ => action.Length > 0 ? char.ToUpperInvariant(action[0]) + action[1..] : action,
    };
}
