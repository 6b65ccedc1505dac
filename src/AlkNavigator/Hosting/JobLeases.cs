using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Hosting;

/// <summary>One row per background job: who holds it until when, and when it last ran (see <see cref="JobLeases"/>).</summary>
public sealed class JobLease
{
    public string Name { get; set; } = "";
    /// <summary>The node (process and job instance) that claimed the job last.</summary>
    public string Holder { get; set; } = "";
    /// <summary>Until then no other node may claim it; a node that dies holding it loses it when this passes.</summary>
    public DateTime LeaseUntilUtc { get; set; }
    /// <summary>When the last run started (null: never ran).</summary>
    public DateTime? LastRunUtc { get; set; }
}

internal sealed class JobLeaseConfig : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Holder).HasMaxLength(200);
    }
}

/// <summary>
/// A database lease shared by every background job that must run once per period across all web nodes (the nodes share
/// the database, nothing else): a node runs the job only when one conditional UPDATE of the job's row claims it, i.e. no
/// lease is current and the last run is at least one period ago. PostgreSQL re-checks the condition on the row after a
/// concurrent update commits, and SQLite has one writer at a time, so exactly one of several simultaneous claims wins.
/// </summary>
public static class JobLeases
{
    /// <summary>A holder name unique to this process and job instance.</summary>
    public static string NewHolder(string job)
    {
        var name = $"{Environment.MachineName}/{Environment.ProcessId}/{job}/{Guid.NewGuid():N}";
        return name.Length > 200 ? name[^200..] : name;
    }

    /// <summary>True when this node claimed the job's run for this period (and must call <see cref="CompleteAsync"/> after it).</summary>
    public static async Task<bool> TryClaimAsync(AppDbContext db, string job, string holder, DateTime nowUtc, TimeSpan every, TimeSpan leaseFor, CancellationToken ct)
    {
        var until = nowUtc + leaseFor;
        var dueIfRanBefore = nowUtc - every;
        var claimed = await db.JobLeases
            .Where(l => l.Name == job && l.LeaseUntilUtc <= nowUtc && (l.LastRunUtc == null || l.LastRunUtc <= dueIfRanBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeaseUntilUtc, until), ct);
        if (claimed == 1) return true;
        if (await db.JobLeases.AnyAsync(l => l.Name == job, ct)) return false;
        // The job's first run anywhere: the primary key lets one insert win.
        var row = new JobLease { Name = job, Holder = holder, LeaseUntilUtc = until };
        db.JobLeases.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>Marks the run that started at <paramref name="startedUtc"/> done and frees the lease.</summary>
    public static Task<int> CompleteAsync(AppDbContext db, string job, string holder, DateTime startedUtc, CancellationToken ct) =>
        db.JobLeases.Where(l => l.Name == job && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LastRunUtc, startedUtc).SetProperty(l => l.LeaseUntilUtc, startedUtc), ct);

    /// <summary>Frees the lease of a run that failed, without marking it done (the next pass on any node tries again).</summary>
    public static Task<int> ReleaseAsync(AppDbContext db, string job, string holder, DateTime nowUtc, CancellationToken ct) =>
        db.JobLeases.Where(l => l.Name == job && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LeaseUntilUtc, nowUtc), ct);
}
