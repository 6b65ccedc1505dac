using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Record;

/// <summary>
/// The record as it was just before a whole-record import or restore: its profile export (the same JSON as the export
/// file), who replaced it, when, and from what. Kept <see cref="RecordSnapshots.KeepDays"/> days, so an import that
/// emptied or garbled the record can be undone from the Import and export page.
/// </summary>
public sealed class RecordSnapshot
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RecordId { get; set; }
    public DateTime TakenUtc { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorEmail { get; set; } = "";
    /// <summary>What replaced the record: "API import", "import of profile.json", "CLI import of x.json", "restore of the version of ...".</summary>
    public string Source { get; set; } = "";
    /// <summary>The profile export (JSON text) of the record before the change.</summary>
    public string ProfileJson { get; set; } = "";
}

internal sealed class RecordSnapshotConfig : IEntityTypeConfiguration<RecordSnapshot>
{
    public void Configure(EntityTypeBuilder<RecordSnapshot> b)
    {
        b.ToTable("RecordSnapshots");
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RecordId, x.TakenUtc });
        b.HasIndex(x => x.TakenUtc); // pruning
        b.Property(x => x.ActorId).HasMaxLength(450);
        b.Property(x => x.ActorEmail).HasMaxLength(256);
        b.Property(x => x.Source).HasMaxLength(300);
    }
}

/// <summary>
/// Snapshots before whole-record replacement (API PUT profile, the Import and export page, `alknav record import`, and a
/// restore itself), the list shown on the page, and the restore. Who may restore: whoever may import (the patient, or a
/// caregiver who manages the record), since a restore is an import of an earlier version and is itself undoable.
/// </summary>
public static class RecordSnapshots
{
    /// <summary>How long a snapshot is kept (and can be restored).</summary>
    public const int KeepDays = 30;

    /// <summary>
    /// Adds a snapshot of <paramref name="record"/> as it is now to the unit of work (saved with the replacement, in the same
    /// SaveChanges), and deletes every snapshot older than <see cref="KeepDays"/> days (of any record).
    /// </summary>
    public static async Task<RecordSnapshot> TakeAsync(AppDbContext db, PatientRecord record, string actorId, string actorEmail, string source,
        DateTime nowUtc, CancellationToken ct = default)
    {
        await PruneAsync(db, nowUtc, ct);
        await ProfileJson.LoadCollectionsAsync(db, record, ct);
        var snapshot = new RecordSnapshot
        {
            RecordId = record.Id, TakenUtc = nowUtc, ActorId = actorId, ActorEmail = actorEmail,
            Source = source.Length > 300 ? source[..300] : source,
            ProfileJson = ProfileJson.ExportString(record, DateOnly.FromDateTime(nowUtc)),
        };
        db.Add(snapshot);
        return snapshot;
    }

    /// <summary>Deletes snapshots older than <see cref="KeepDays"/> days; returns how many.</summary>
    public static Task<int> PruneAsync(AppDbContext db, DateTime nowUtc, CancellationToken ct = default)
    {
        var cutoff = nowUtc.AddDays(-KeepDays);
        return db.Set<RecordSnapshot>().Where(s => s.TakenUtc < cutoff).ExecuteDeleteAsync(ct);
    }

    public sealed record Listed(Guid Id, DateTime TakenUtc, string ActorEmail, string Source);

    /// <summary>The record's snapshots that can still be restored, newest first (without their JSON).</summary>
    public static Task<List<Listed>> ListAsync(AppDbContext db, Guid recordId, DateTime nowUtc, CancellationToken ct = default)
    {
        var cutoff = nowUtc.AddDays(-KeepDays);
        return db.Set<RecordSnapshot>().AsNoTracking()
            .Where(s => s.RecordId == recordId && s.TakenUtc >= cutoff)
            .OrderByDescending(s => s.TakenUtc)
            .Select(s => new Listed(s.Id, s.TakenUtc, s.ActorEmail, s.Source))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Replaces the record with a whole-record import, keeping a snapshot of it first (one transaction): the one path for
    /// the API, the page, the CLI and a restore. <paramref name="audit"/> adds the audit entry (given a one-line summary).
    /// </summary>
    public static async Task<ProfileJson.ImportCounts> ImportWithSnapshotAsync(AppDbContext db, PatientRecord record, ProfileImport import,
        string actorId, string actorEmail, string source, DateTime nowUtc, Action<string>? audit, CancellationToken ct = default)
    {
        await TakeAsync(db, record, actorId, actorEmail, source, nowUtc, ct);
        return await ProfileJson.ReplaceAsync(db, record, import, actorEmail,
            detail => audit?.Invoke($"{detail} The record as it was before is kept for {KeepDays} days and can be restored on the Import and export page."), ct);
    }

    /// <summary>
    /// Restores a snapshot (taken within <see cref="KeepDays"/> days) into its record, snapshotting the current state first.
    /// Null when there is no such snapshot for this record.
    /// </summary>
    public static async Task<ProfileJson.ImportCounts?> RestoreAsync(AppDbContext db, PatientRecord record, Guid snapshotId, string actorId,
        string actorEmail, DateTime nowUtc, Action<string>? audit, CancellationToken ct = default)
    {
        var cutoff = nowUtc.AddDays(-KeepDays);
        var snapshot = await db.Set<RecordSnapshot>().AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == snapshotId && s.RecordId == record.Id && s.TakenUtc >= cutoff, ct);
        if (snapshot is null) return null;
        var import = ProfileJson.Parse(System.Text.Encoding.UTF8.GetBytes(snapshot.ProfileJson), DateOnly.FromDateTime(nowUtc), requireContent: false);
        if (!import.IsValid)
            throw new InvalidOperationException($"Snapshot {snapshot.Id} does not read back: {string.Join("; ", import.Problems)}");
        var label = $"the version of {snapshot.TakenUtc:yyyy-MM-dd HH:mm} UTC";
        return await ImportWithSnapshotAsync(db, record, import, actorId, actorEmail, $"restore of {label}", nowUtc,
            detail => audit?.Invoke($"Restored {label} (saved before: {snapshot.Source}). {detail}"), ct);
    }
}
