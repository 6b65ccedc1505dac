using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AlkNavigator.Tests.Platform;

/// <summary>`alknav backup` / `restore` as an operator runs them (real processes) against a running app, on SQLite and PostgreSQL.</summary>
public class BackupTests
{
    private static readonly DateOnly ExportDay = new(2026, 6, 1); // the export's "today": fixed, so two exports compare byte for byte

    /// <summary>The CLI's environment for the app's database: PostgreSQL settings when the tests run on it.</summary>
    internal static Dictionary<string, string> DbEnv(string? connectionString) =>
        connectionString is null ? [] : new() { ["ALKNAV_Database__Provider"] = "postgres", ["ALKNAV_Database__ConnectionString"] = connectionString };

    internal static async Task<string> CreatePostgresDatabaseAsync()
    {
        var admin = Environment.GetEnvironmentVariable("ALKNAV_TEST_PG")!;
        var name = "alknav_r_" + Guid.NewGuid().ToString("N")[..12];
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn)) await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    internal static async Task DropPostgresDatabaseAsync(string cs)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("ALKNAV_TEST_PG"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(cs).Database} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A file's Unix permissions (the app writes backups and data 0600/0700).</summary>
    internal static UnixFileMode Mode(string path) => OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);

    private static async Task<string> ExportAsync(TestApp app, Guid recordId)
    {
        using var scope = app.Services.CreateScope();
        var record = await ProfileJson.LoadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), recordId);
        Assert.NotNull(record);
        return ProfileJson.ExportString(record, ExportDay);
    }

    [Fact, DatabaseTests]
    public async Task A_backup_taken_while_serving_restores_the_same_record_and_a_session_from_before_still_works()
    {
        var work = Directory.CreateTempSubdirectory("alknav-backup-test-").FullName;
        string? restoredPg = null;
        await using var source = await TestApp.StartAsync(smtp: false);
        try
        {
            DemoData.Result demo;
            using (var scope = source.Services.CreateScope()) demo = await DemoData.CreateAsync(scope.ServiceProvider);

            // A signed-in browser: its cookie is protected with the Data Protection keys the backup must carry.
            var cookies = new CookieContainer();
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = source.BaseUrl };
            var login = await browser.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = DemoData.PatientEmail, ["Input.Password"] = demo.PatientPassword });
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            var apiBefore = await browser.GetAsync($"/api/records/{demo.RecordId}");
            Assert.Equal(HttpStatusCode.OK, apiBefore.StatusCode);
            var before = await ExportAsync(source, demo.RecordId);

            // Online: the source app is still running and serving.
            var archive = Path.Combine(work, "nightly.tar.gz");
            var backup = await Repo.RunCliWithEnvAsync(DbEnv(source.ConnectionString), "backup", "--out", archive, "--data", source.DataDirectory);
            Assert.True(backup.ExitCode == 0, backup.Stderr);
            Assert.Contains("Backed up the", backup.Stdout);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(archive));

            var target = Path.Combine(work, "restored");
            if (TestApp.IsPostgres) restoredPg = await CreatePostgresDatabaseAsync();
            var restore = await Repo.RunCliWithEnvAsync(DbEnv(restoredPg), "restore", archive, "--data", target);
            Assert.True(restore.ExitCode == 0, restore.Stderr);
            if (!TestApp.IsPostgres)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, Mode(target));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(Path.Combine(target, "alknav.db")));
                Assert.NotEmpty(Directory.GetFiles(Path.Combine(target, "keys"), "*.xml"));
            }

            // Restoring again over the now non-empty target is refused, and changes nothing.
            var again = await Repo.RunCliWithEnvAsync(DbEnv(restoredPg), "restore", archive, "--data", target);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("not empty", again.Stderr);
            Assert.Contains("--force", again.Stderr);

            await using var restored = await TestApp.StartAsync(s =>
            {
                s["Data:Directory"] = target;
                if (restoredPg is not null) s["Database:ConnectionString"] = restoredPg;
            }, smtp: false);
            Assert.Equal(before, await ExportAsync(restored, demo.RecordId));

            // The cookie saved before the backup opens the record on the restored app: the keys came along.
            var restoredCookies = new CookieContainer();
            foreach (Cookie c in cookies.GetCookies(source.BaseUrl)) restoredCookies.Add(restored.BaseUrl, new Cookie(c.Name, c.Value, "/"));
            using var sameBrowser = new HttpClient(new HttpClientHandler { CookieContainer = restoredCookies, AllowAutoRedirect = false }) { BaseAddress = restored.BaseUrl };
            var apiAfter = await sameBrowser.GetAsync($"/api/records/{demo.RecordId}");
            Assert.Equal(HttpStatusCode.OK, apiAfter.StatusCode);
            Assert.Contains(demo.Record.DisplayName, await apiAfter.Content.ReadAsStringAsync());

            // --force replaces what is there with the backup.
            var forced = await Repo.RunCliWithEnvAsync(DbEnv(restoredPg), "restore", archive, "--data", Path.Combine(work, "forced-" + Guid.NewGuid().ToString("N")[..6]), "--force");
            Assert.True(forced.ExitCode == 0, forced.Stderr);
        }
        finally
        {
            if (restoredPg is not null) await DropPostgresDatabaseAsync(restoredPg);
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_damaged_or_tampered_archive_is_refused_with_a_clear_message_and_nothing_is_restored()
    {
        var work = Directory.CreateTempSubdirectory("alknav-backup-bad-").FullName;
        try
        {
            var data = Path.Combine(work, "data");
            Assert.Equal(0, (await Repo.RunCliAsync("migrate", "--data", data)).ExitCode);
            var archive = Path.Combine(work, "good.tar.gz");
            var backup = await Repo.RunCliAsync("backup", "--out", archive, "--data", data);
            Assert.True(backup.ExitCode == 0, backup.Stderr);

            // 1. Bytes flipped in the middle of the compressed stream.
            var bytes = await File.ReadAllBytesAsync(archive);
            for (var i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++) bytes[i] ^= 0xFF;
            var flipped = Path.Combine(work, "flipped.tar.gz");
            await File.WriteAllBytesAsync(flipped, bytes);

            // 2. A well-formed archive whose database is not the one the manifest's checksum names.
            var stage = Directory.CreateTempSubdirectory("alknav-backup-stage-").FullName;
            await using (var f = File.OpenRead(archive))
            await using (var gz = new GZipStream(f, CompressionMode.Decompress))
                await TarFile.ExtractToDirectoryAsync(gz, stage, overwriteFiles: false);
            await File.AppendAllTextAsync(Path.Combine(stage, "alknav.db"), "tampered");
            var tampered = Path.Combine(work, "tampered.tar.gz");
            await using (var f = File.Create(tampered))
            await using (var gz = new GZipStream(f, CompressionLevel.Fastest))
                await TarFile.CreateFromDirectoryAsync(stage, gz, includeBaseDirectory: false);

            // 3. Not an archive at all.
            var text = Path.Combine(work, "notes.tar.gz");
            await File.WriteAllTextAsync(text, "not a backup");

            foreach (var (file, reason) in new[] { (flipped, "damaged"), (tampered, "does not match its checksum"), (text, "damaged") })
            {
                var target = Path.Combine(work, "target-" + Path.GetFileNameWithoutExtension(file));
                var r = await Repo.RunCliAsync("restore", file, "--data", target);
                Assert.Equal(1, r.ExitCode);
                Assert.Contains("is not a usable alknav backup", r.Stderr);
                Assert.Contains(reason, r.Stderr);
                Assert.Contains("Nothing was restored", r.Stderr);
                Assert.DoesNotContain("   at ", r.Stderr);
                Assert.False(File.Exists(Path.Combine(target, "alknav.db")));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact, DatabaseTests]
    public async Task The_daily_job_writes_one_backup_a_day_keeps_the_newest_N_and_prunes_audit_rows_past_retention()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var dir = Directory.CreateTempSubdirectory("alknav-daily-").FullName;
        try
        {
            await using var app = await TestApp.StartAsync(s =>
            {
                s["Backup:Directory"] = dir;
                s["Backup:Keep"] = "3";
                s["Audit:RetentionDays"] = "30";
            }, smtp: false, clock: clock);
            var job = app.Services.GetRequiredService<Maintenance>();
            async Task<MaintenanceRun> NextRun()
            {
                var run = await job.Runs.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(90));
                Assert.Null(run.Error);
                return run;
            }

            var first = await NextRun(); // the pass at start
            Assert.EndsWith("alknav-backup-20300310T020000Z.tar.gz", first.BackupWritten);

            // Audit rows 31 days and 10 days old (by the app's clock).
            Guid recordId;
            using (var scope = app.Services.CreateScope())
            {
                var demo = await DemoData.CreateAsync(scope.ServiceProvider);
                recordId = demo.RecordId;
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var now = clock.GetUtcNow().UtcDateTime;
                db.AuditEntries.RemoveRange(db.AuditEntries.Where(a => a.RecordId == recordId));
                db.AuditEntries.AddRange(
                    new AuditEntry { RecordId = recordId, ActorId = "t", ActorEmail = "t", Action = "read", What = "old", AtUtc = now.AddDays(-31) },
                    new AuditEntry { RecordId = recordId, ActorId = "t", ActorEmail = "t", Action = "read", What = "recent", AtUtc = now.AddDays(-10) });
                await db.SaveChangesAsync();
            }

            // Later the same day: no second backup, no second prune.
            clock.Advance(TimeSpan.FromHours(1));
            var sameDay = await NextRun();
            Assert.Null(sameDay.BackupWritten);
            Assert.Equal(0, sameDay.AuditRowsDeleted);

            // Next day: the 31-day-old row goes (32 days by then), the 10-day-old one stays; a new backup.
            clock.Advance(TimeSpan.FromDays(1));
            var nextDay = await NextRun();
            Assert.Equal(1, nextDay.AuditRowsDeleted);
            Assert.EndsWith("alknav-backup-20300311T030000Z.tar.gz", nextDay.BackupWritten);
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                Assert.Equal(["recent"], db.AuditEntries.Where(a => a.RecordId == recordId).Select(a => a.What).ToList());
            }

            for (var day = 0; day < 3; day++)
            {
                clock.Advance(TimeSpan.FromDays(1));
                Assert.NotNull((await NextRun()).BackupWritten);
            }
            var kept = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["alknav-backup-20300312T030000Z.tar.gz", "alknav-backup-20300313T030000Z.tar.gz", "alknav-backup-20300314T030000Z.tar.gz"], kept);
            if (!OperatingSystem.IsWindows())
                Assert.All(kept, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(Path.Combine(dir, f!))));

            // A daily backup is a whole backup: it checks out.
            var stage = Directory.CreateTempSubdirectory("alknav-daily-check-").FullName;
            var manifest = await Backup.ExtractAndVerifyAsync(Path.Combine(dir, kept[^1]!), stage, CancellationToken.None);
            Assert.Equal(TestApp.IsPostgres ? "postgres" : "sqlite", manifest.Provider);
            Assert.Equal(new DateTime(2030, 3, 14, 3, 0, 0, DateTimeKind.Utc), manifest.CreatedUtc);
            Directory.Delete(stage, recursive: true);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact, DatabaseTests]
    public async Task A_PostgreSQL_backup_without_pg_dump_on_PATH_says_what_to_install()
    {
        if (!TestApp.IsPostgres) return; // SQLite backups need no outside tool
        await using var app = await TestApp.StartAsync(smtp: false);
        var file = Path.Combine(Path.GetTempPath(), $"alknav-nopg-{Guid.NewGuid():N}.tar.gz");
        var env = DbEnv(app.ConnectionString);
        env["PATH"] = "/nonexistent";
        var r = await Repo.RunCliProcessWithEnvAsync(env, "backup", "--out", file);   // a process: its own PATH
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("pg_dump was not found on PATH", r.Stderr);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Audit_retention_defaults_to_six_years_and_zero_keeps_rows_for_ever()
    {
        Assert.Equal(2190, Maintenance.RetentionDays(new ConfigurationBuilder().Build()));
        Assert.Equal(0, Maintenance.RetentionDays(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:RetentionDays"] = "0" }).Build()));
    }
}
