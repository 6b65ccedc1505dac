using System.Text;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AlkNavigator.Features.Account;

/// <summary>How many rows of one kind were deleted.</summary>
public sealed record DeletedKind(string Kind, int Count);

/// <summary>What an account deletion removed, kind by kind (kinds with nothing deleted are left out).</summary>
public sealed record DeletionSummary(IReadOnlyList<DeletedKind> Kinds)
{
    public int Total => Kinds.Sum(k => k.Count);

    public string ToText()
    {
        var b = new StringBuilder();
        foreach (var k in Kinds) b.Append("- ").Append(k.Kind).Append(": ").Append(k.Count).Append('\n');
        return b.ToString();
    }
}

/// <summary>
/// "Leave nothing": deletes an account and everything that hangs off it, in one transaction (all or nothing). The
/// database does the deleting by its foreign keys: every record item cascades from PatientRecord, and the record and every
/// per-account row (sessions, tokens, logins, roles, caregiver grants) cascade from the account, so an entity another
/// feature adds with a cascading foreign key to either is covered without a change here. What the counts are taken from
/// is read from the EF model the same way. Rows linked by value rather than by key are deleted here explicitly: invitations
/// to the account's address not yet accepted, invitations the account sent on other records that were never accepted, and
/// its failed-sign-in row. Kept, and why: Features/Account/DATA-RETENTION.md.
/// </summary>
public static class AccountDeletion
{
    public const string EmailSubject = "AlkNavigator: your account has been deleted";

    /// <summary>Friendly names for the kinds shown to the person; others are named from their entity type.</summary>
    private static readonly Dictionary<string, string> Names = new()
    {
        ["PatientRecord"] = "patient record",
        ["SiteObservation"] = "cancer site observations",
        ["EcogEntry"] = "ECOG scores",
        ["TreatmentLine"] = "treatment lines",
        ["ProcedureEntry"] = "procedures",
        ["ProgressionEvent"] = "progressions",
        ["BiomarkerResult"] = "biomarker results",
        ["OtherMedicine"] = "other medicines",
        ["CareTeamMember"] = "care team members",
        ["PlanItem"] = "progression plan items",
        ["CaregiverAccess"] = "invitations and caregiver access to your record",
        ["AuditEntry"] = "activity log entries about your record",
        ["RecordSnapshot"] = "earlier versions of your record",
        ["SymptomSettings"] = "symptom settings",
        ["CheckIn"] = "symptom check-ins",
        ["CheckInAnswer"] = "check-in answers",
        ["SymptomAlert"] = "symptom alerts",
        ["DoseEntry"] = "dose marks",
        ["ReminderSent"] = "reminders sent (log)",
        ["MonitoringItem"] = "schedule items",
        ["MonitoringResult"] = "schedule results",
        ["ScheduleSettings"] = "schedule settings",
        ["OwnQuestion"] = "your questions for visits",
        ["SavedTrial"] = "saved trials",
        ["TrialNotice"] = "trial notices",
        ["UserSession"] = "signed-in devices (sessions)",
        ["IdentityUserToken<string>"] = "security tokens (authenticator key, recovery codes)",
        ["IdentityUserLogin<string>"] = "external logins",
        ["IdentityUserClaim<string>"] = "account claims",
        ["IdentityUserRole<string>"] = "role memberships",
        ["AppUser"] = "account",
    };

    /// <summary>Deletes <paramref name="user"/> and everything of theirs; nothing is deleted if any step fails.</summary>
    public static async Task<DeletionSummary> DeleteAsync(AppDbContext db, UserManager<AppUser> users, AppUser user, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var counts = new List<DeletedKind>();
            var recordIds = await db.Records.Where(r => r.OwnerId == user.Id).Select(r => r.Id).ToListAsync(ct);

            // Counted before anything is deleted: everything under the record (by the model's foreign keys), then the account's rows.
            foreach (var rid in recordIds)
                foreach (var (kind, n) in await CountUnderAsync(db, db.Model.FindEntityType(typeof(PatientRecord))!, rid, ct))
                    counts.Add(new(kind, n));
            var userType = db.Model.FindEntityType(typeof(AppUser))!;
            foreach (var (kind, n) in await CountUnderAsync(db, userType, user.Id, ct, skip: [typeof(PatientRecord)]))
                counts.Add(new(kind == Names["CaregiverAccess"] ? "your caregiver access to other people's records" : kind, n));

            // Linked by value, not by key.
            var email = (user.Email ?? "").ToUpperInvariant();
            counts.Add(new("invitations to your email address not yet accepted", await db.CaregiverAccess
#pragma warning disable MA0011 // ToUpper() runs in SQL (EF translates it to UPPER), where a culture argument cannot be translated
                .Where(a => a.CaregiverId == null && a.AcceptedUtc == null && a.InvitedEmail.ToUpper() == email && !recordIds.Contains(a.RecordId))
#pragma warning restore MA0011
                .ExecuteDeleteAsync(ct)));
            counts.Add(new("invitations you sent on other records, never accepted", await db.CaregiverAccess
                .Where(a => a.InvitedById == user.Id && a.AcceptedUtc == null && !recordIds.Contains(a.RecordId))
                .ExecuteDeleteAsync(ct)));
            if (user.NormalizedEmail is { Length: > 0 } normalized)
            {
                var key = SignInChallenges.Key(normalized);
                counts.Add(new("failed sign-in counter", await db.SignInChallenges.Where(c => c.Key == key).ExecuteDeleteAsync(ct)));
            }

            // The record first (the database cascades to all its items), then the account (sessions, tokens, grants, roles).
            await db.Records.Where(r => r.OwnerId == user.Id).ExecuteDeleteAsync(ct);
            var result = await users.DeleteAsync(user);
            if (!result.Succeeded)
                throw new InvalidOperationException("The account could not be deleted: " + string.Join("; ", result.Errors.Select(e => e.Description)));
            counts.Add(new(Names["AppUser"], 1));
            await tx.CommitAsync(ct);

            return new DeletionSummary(counts
                .GroupBy(c => c.Kind).Select(g => new DeletedKind(g.Key, g.Sum(c => c.Count)))
                .Where(k => k.Count > 0).ToList());
        });
    }

    /// <summary>
    /// Rows under one principal row (<paramref name="principal"/>, key <paramref name="key"/>): the principal row itself
    /// when it is a record, every dependent through a foreign key, and their dependents, counted by SQL built from the EF model.
    /// </summary>
    private static async Task<List<(string Kind, int Count)>> CountUnderAsync(AppDbContext db, IEntityType principal, object key, CancellationToken ct,
        Type[]? skip = null)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var result = new List<(string, int)>();
        if (principal.ClrType == typeof(PatientRecord)) result.Add((Names["PatientRecord"], 1));
        var seen = new HashSet<IEntityType> { principal };

        // Each level is a sub-select of the keys of the level above: "WHERE fk IN (SELECT pk FROM parent WHERE ...)".
        var level = new List<(IEntityType Type, string KeysSql)>
        {
            (principal, $"SELECT {Col(principal, principal.FindPrimaryKey()!.Properties[0])} FROM {Table(principal)} WHERE {Col(principal, principal.FindPrimaryKey()!.Properties[0])} = {{0}}"),
        };
        while (level.Count > 0)
        {
            var next = new List<(IEntityType, string)>();
            foreach (var (parent, keysSql) in level)
                foreach (var fk in parent.GetReferencingForeignKeys().Where(f => f.Properties.Count == 1 && f.PrincipalKey.Properties.Count == 1))
                {
                    var child = fk.DeclaringEntityType;
                    if (skip?.Contains(child.ClrType) == true || child.IsOwned() || !seen.Add(child)) continue;
                    var where = $"{Col(child, fk.Properties[0])} IN ({keysSql})";
                    // Only identifiers from the EF model (delimited) are spliced in; the key is a parameter ({0}).
                    var query = $"SELECT COUNT(*) AS {sql.DelimitIdentifier("Value")} FROM {Table(child)} WHERE {where}";
                    var count = (await db.Database.SqlQueryRaw<int>(query, key).ToListAsync(ct))[0];
                    result.Add((Name(child), count));
                    if (child.FindPrimaryKey() is { Properties.Count: 1 } pk)
                        next.Add((child, $"SELECT {Col(child, pk.Properties[0])} FROM {Table(child)} WHERE {where}"));
                }
            level = next;
        }
        return result;

        string Table(IEntityType t) => sql.DelimitIdentifier(t.GetTableName()!, t.GetSchema());
        string Col(IEntityType t, IProperty p) => sql.DelimitIdentifier(p.GetColumnName(StoreObjectIdentifier.Table(t.GetTableName()!, t.GetSchema()))!);
    }

    private static string Name(IEntityType t) =>
        Names.TryGetValue(t.ClrType.Name.Replace("`1", "<string>", StringComparison.Ordinal), out var name) ? name : t.ClrType.Name;
}
