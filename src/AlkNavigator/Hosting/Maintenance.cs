using System.Globalization;
using System.Threading.Channels;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Hosting;

/// <summary>What one maintenance pass did (the tests read these; the log says the same).</summary>
public sealed record MaintenanceRun(DateTime AtUtc, int AuditRowsDeleted, string? BackupWritten, IReadOnlyList<string> BackupsDeleted, string? Error);

/// <summary>
/// Background job, every Maintenance:IntervalMinutes (default 60) by the app's TimeProvider:
/// once a UTC day deletes audit rows older than Audit:RetentionDays (default 2190 = 6 years; 0 keeps them for ever), and,
/// when Backup:Directory is set, writes that day's backup there (alknav-backup-YYYYMMDDTHHMMSSZ.tar.gz, the same archive as
/// `alknav backup`) unless one for the day is already there, then keeps the newest Backup:Keep (default 7).
/// The backup is per node: with several nodes on one PostgreSQL set Backup:Directory on one of them (or on a shared folder,
/// where the "already one for today" check makes the others skip it). Pruning is idempotent, so every node may run it.
/// </summary>
public sealed class Maintenance(IServiceProvider services, IConfiguration config, TimeProvider time, ILogger<Maintenance> log) : BackgroundService
{
    public const string BackupPrefix = "alknav-backup-";
    public const string BackupSuffix = ".tar.gz";
    public const int DefaultRetentionDays = 2190;
    public const int DefaultKeep = 7;

    private readonly Channel<MaintenanceRun> _runs = Channel.CreateUnbounded<MaintenanceRun>();
    private DateOnly? _prunedOn;

    /// <summary>Every finished pass, in order (for tests and diagnostics).</summary>
    internal ChannelReader<MaintenanceRun> Runs => _runs.Reader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start
        var interval = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Maintenance:IntervalMinutes", 60)));
        var next = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // An absolute next time: if the clock jumps past it (a suspended machine, a test's fake clock) the pass runs at once.
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken);
                var now = time.GetUtcNow();
                next = now + interval;
                _runs.Writer.TryWrite(await RunOnceAsync(now.UtcDateTime, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass at <paramref name="nowUtc"/>; a failure is logged and reported, never thrown (the next pass tries again).</summary>
    internal async Task<MaintenanceRun> RunOnceAsync(DateTime nowUtc, CancellationToken ct)
    {
        var deleted = 0;
        string? written = null;
        var removed = new List<string>();
        try
        {
            var today = DateOnly.FromDateTime(nowUtc);
            if (_prunedOn != today)
            {
                deleted = await PruneAuditAsync(services, config, nowUtc, ct);
                _prunedOn = today;
                if (deleted > 0) log.LogInformation("Audit retention: deleted {Count} audit row(s) older than {Days} days", deleted, RetentionDays(config));
            }
            if (config["Backup:Directory"] is { Length: > 0 } dir)
            {
                (written, removed) = await DailyBackupAsync(services, Path.GetFullPath(dir), Math.Max(1, config.GetValue("Backup:Keep", DefaultKeep)), nowUtc, ct);
                if (written is not null) log.LogInformation("Daily backup written to {File}; removed {Removed} older backup(s)", written, removed.Count);
            }
            return new MaintenanceRun(nowUtc, deleted, written, removed, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Maintenance (audit retention, daily backup) failed; it runs again at the next pass");
            return new MaintenanceRun(nowUtc, deleted, written, removed, e.Message);
        }
    }

    public static int RetentionDays(IConfiguration config) => Math.Max(0, config.GetValue("Audit:RetentionDays", DefaultRetentionDays));

    /// <summary>Deletes audit rows older than the retention; returns how many.</summary>
    public static async Task<int> PruneAuditAsync(IServiceProvider services, IConfiguration config, DateTime nowUtc, CancellationToken ct)
    {
        var days = RetentionDays(config);
        if (days == 0) return 0;
        var cutoff = nowUtc.AddDays(-days);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.Where(a => a.AtUtc < cutoff).ExecuteDeleteAsync(ct);
    }

    /// <summary>Writes today's backup unless the folder has one for this UTC day, then keeps the newest <paramref name="keep"/>.</summary>
    public static async Task<(string? Written, List<string> Removed)> DailyBackupAsync(IServiceProvider services, string dir, int keep, DateTime nowUtc, CancellationToken ct)
    {
        Backup.CreatePrivateDirectory(dir);
        string? written = null;
        var day = nowUtc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (Directory.GetFiles(dir, $"{BackupPrefix}{day}T*{BackupSuffix}").Length == 0)
        {
            written = Path.Combine(dir, $"{BackupPrefix}{nowUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}{BackupSuffix}");
            await Backup.CreateAsync(services, written, nowUtc, ct);
        }
        var removed = new List<string>();
        // The names sort by time; only files this job names are ever deleted.
        foreach (var old in Directory.GetFiles(dir, $"{BackupPrefix}*{BackupSuffix}").Order(StringComparer.Ordinal).Reverse().Skip(keep))
        {
            File.Delete(old);
            removed.Add(old);
        }
        return (written, removed);
    }
}
