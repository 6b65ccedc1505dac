using System.Security.Claims;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>What one account may do with one record. Higher values include the lower ones.</summary>
public enum Access { None = 0, View = 1, Contribute = 2, Manage = 3, Owner = 4 }

/// <summary>The record being worked on, and what the signed-in account may do with it.</summary>
public sealed record RecordContext(PatientRecord Record, Access Access, string UserId, string UserEmail)
{
    /// <summary>Trial notices not yet seen (the record navigation's count; read with the record).</summary>
    public int NewTrialNotices { get; init; }
    /// <summary>Symptom alerts raised (new or worse) and not yet acknowledged (the record navigation's count; read with the record).</summary>
    public int OpenAlerts { get; init; }

    public bool IsOwner => Access == Access.Owner;
    public bool CanContribute => Access >= Access.Contribute;
    public bool CanManage => Access >= Access.Manage;
}

/// <summary>
/// The one place that decides who may see or change a record: the patient who owns it, and caregivers with
/// an accepted, unrevoked invitation (view, contribute or manage). Staff roles get no access to records.
/// Used by the record pages, the record API and the CLI, and writes the audit trail.
/// </summary>
public sealed class RecordAccess(AppDbContext db, UserManager<AppUser> users)
{
    public static Access FromLevel(string level) => level switch
    {
        AccessLevels.Manage => Access.Manage,
        AccessLevels.Contribute => Access.Contribute,
        AccessLevels.View => Access.View,
        _ => Access.None,
    };

    public async Task<Access> GetAccessAsync(Guid recordId, string userId, CancellationToken ct = default)
    {
        var owner = await db.Records.Where(r => r.Id == recordId).Select(r => r.OwnerId).FirstOrDefaultAsync(ct);
        if (owner is null) return Access.None;
        if (owner == userId) return Access.Owner;
        var level = await db.CaregiverAccess
            .Where(a => a.RecordId == recordId && a.CaregiverId == userId && a.AcceptedUtc != null && a.RevokedUtc == null)
            .Select(a => a.Level).FirstOrDefaultAsync(ct);
        return level is null ? Access.None : FromLevel(level);
    }

    /// <summary>Loads the record for the signed-in user, or null when they may not see it (the caller answers 404).
    /// Reads by anyone but the patient are audited. One query: the record, the account's caregiver level and the
    /// navigation's counts (every record page and API call runs it, so it is compiled once).</summary>
    public async Task<RecordContext?> OpenAsync(Guid recordId, ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var userId = users.GetUserId(principal);
        if (userId is null) return null;
        var row = await OpenQuery(db, recordId, userId, ct);
        if (row is null) return null;
        var access = row.Record.OwnerId == userId ? Access.Owner : row.Level is null ? Access.None : FromLevel(row.Level);
        if (access == Access.None)
        {
            db.Entry(row.Record).State = EntityState.Detached; // nothing of a record the account may not open stays in the unit of work
            return null;
        }
        var email = principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity?.Name ?? userId;
        return new RecordContext(row.Record, access, userId, email) { NewTrialNotices = row.NewTrials, OpenAlerts = row.OpenAlerts };
    }

    private sealed record Opened(PatientRecord Record, string? Level, int NewTrials, int OpenAlerts);

    private static readonly Func<AppDbContext, Guid, string, CancellationToken, Task<Opened?>> OpenQuery = EF.CompileAsyncQuery(
        (AppDbContext db, Guid recordId, string userId, CancellationToken ct) => db.Records.Where(r => r.Id == recordId)
            .Select(r => new Opened(r,
                r.OwnerId == userId ? null : db.CaregiverAccess
                    .Where(a => a.RecordId == r.Id && a.CaregiverId == userId && a.AcceptedUtc != null && a.RevokedUtc == null)
                    .Select(a => a.Level).FirstOrDefault(),
                db.TrialNotices.Count(n => n.RecordId == r.Id && n.SeenUtc == null),
                db.SymptomAlerts.Count(a => a.RecordId == r.Id && a.AcknowledgedUtc == null && a.Change != "ongoing")))
            .FirstOrDefault());

    /// <summary>
    /// The patient's own record, created (empty, with the progression checklist) on first use. Idempotent under concurrency:
    /// when another request created it at the same moment (UNIQUE Records.OwnerId), that record is loaded and returned.
    /// </summary>
    public async Task<PatientRecord> GetOrCreateOwnAsync(AppUser user, CancellationToken ct = default)
    {
        var record = await db.Records.FirstOrDefaultAsync(r => r.OwnerId == user.Id, ct);
        if (record is not null) return record;
        record = new PatientRecord { OwnerId = user.Id, DisplayName = user.Email ?? "", UpdatedBy = user.Email };
        foreach (var (key, _, _) in ProgressionPlan.Items)
            record.PlanItems.Add(new PlanItem { Key = key, RecordId = record.Id, UpdatedBy = user.Email });
        db.Records.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost the race (SQLite: UNIQUE constraint failed; PostgreSQL: 23505): forget our copy and take the winner's.
            db.Entry(record).State = EntityState.Detached;
            foreach (var item in record.PlanItems) db.Entry(item).State = EntityState.Detached;
            var winner = await db.Records.FirstOrDefaultAsync(r => r.OwnerId == user.Id, ct);
            if (winner is null) throw; // not a race: a real failure
            record = winner;
        }
        listed = null;
        return record;
    }

    // One request (this service is scoped) asks for the list once: the home page model and its partials share it.
    private (string UserId, List<(PatientRecord Record, Access Access)> Records)? listed;

    /// <summary>Every record this account can open: its own first, then those it follows as a caregiver (one query, read once per request).</summary>
    public async Task<List<(PatientRecord Record, Access Access)>> ListAsync(string userId, CancellationToken ct = default)
    {
        if (listed is { } l && l.UserId == userId) return [.. l.Records];
        var rows = await db.Records
            .Where(r => r.OwnerId == userId
                        || db.CaregiverAccess.Any(a => a.RecordId == r.Id && a.CaregiverId == userId && a.AcceptedUtc != null && a.RevokedUtc == null))
            .Select(r => new
            {
                Record = r,
                Level = r.OwnerId == userId ? null : db.CaregiverAccess
                    .Where(a => a.RecordId == r.Id && a.CaregiverId == userId && a.AcceptedUtc != null && a.RevokedUtc == null)
                    .OrderBy(a => a.AcceptedUtc).Select(a => a.Level).FirstOrDefault(),
                Accepted = db.CaregiverAccess.Where(a => a.RecordId == r.Id && a.CaregiverId == userId && a.AcceptedUtc != null && a.RevokedUtc == null)
                    .Min(a => a.AcceptedUtc),
            })
            .ToListAsync(ct);
        var records = rows.Where(x => x.Record.OwnerId == userId).Select(x => (x.Record, Access.Owner))
            .Concat(rows.Where(x => x.Record.OwnerId != userId).OrderBy(x => x.Accepted).Select(x => (x.Record, FromLevel(x.Level ?? ""))))
            .ToList();
        listed = (userId, records);
        return [.. records];
    }

    /// <summary>Adds an audit entry to the unit of work (saved with the change it describes).</summary>
    public void Audit(RecordContext ctx, string action, string what, object? itemId = null, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            RecordId = ctx.Record.Id, ActorId = ctx.UserId, ActorEmail = ctx.UserEmail, Action = action, What = what,
            ItemId = itemId?.ToString(), Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        });

    /// <summary>Records a read by someone other than the patient (saved immediately).</summary>
    public async Task AuditReadAsync(RecordContext ctx, string what, CancellationToken ct = default)
    {
        if (ctx.IsOwner) return;
        Audit(ctx, "read", what);
        await db.SaveChangesAsync(ct);
    }
}
