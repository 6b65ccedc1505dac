using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AlkNavigator.Data;

/// <summary>What a backup archive holds: written as manifest.json beside the files it lists.</summary>
public sealed record BackupManifest(string Format, int FormatVersion, string AppVersion, string Provider, DateTime CreatedUtc,
    string? Migration, IReadOnlyList<BackupFile> Files)
{
    public const string FormatName = "alknav-backup";
}

public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>
/// `alknav backup` / `alknav restore`: one .tar.gz holding a consistent copy of the database (SQLite online backup API, or
/// `pg_dump --format=custom` for PostgreSQL), the Data Protection keys (SQLite keeps them in DATA/keys; PostgreSQL keeps them
/// in the database, so the dump has them) and manifest.json (version, provider, time, last migration, SHA-256 of every file).
/// Written 0600; safe to run while `serve` is running.
/// </summary>
public static partial class Backup
{
    public const string ManifestName = "manifest.json";
    public const string SqliteName = "alknav.db";
    public const string PostgresName = "alknav.pgdump";
    public const string KeysFolder = "keys";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Only these names can come out of an archive: nothing outside the staging folder, no links, no surprises.</summary>
    [GeneratedRegex(@"^(manifest\.json|alknav\.db|alknav\.pgdump|keys/[A-Za-z0-9][A-Za-z0-9_.-]{0,120}\.xml)$")]
    private static partial Regex AllowedName();

    public static string DataDirectory(IConfiguration config) =>
        Path.GetFullPath(config["Data:Directory"] is { Length: > 0 } d ? d : "data");

    public static string KeysDirectory(string dataDir) => Path.Combine(dataDir, KeysFolder);

    private static string AppVersion =>
        typeof(Backup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Backup).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The SQLite file the app uses (from the connection string), or null for PostgreSQL.</summary>
    private static string? SqliteFile(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!db.Database.IsSqlite()) return null;
        return Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
    }

    // ------------------------------------------------------------------ backup

    /// <summary>Writes a backup of the running or stopped app's data to <paramref name="outFile"/> (replaced atomically); returns its manifest.</summary>
    public static async Task<BackupManifest> CreateAsync(IServiceProvider services, string outFile, DateTime nowUtc, CancellationToken ct)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        var config = services.GetRequiredService<IConfiguration>();
        var stage = Directory.CreateTempSubdirectory("alknav-backup-");
        try
        {
            string? migration;
            if (options.IsPostgres)
            {
                var cs = options.ConnectionString!;
                migration = await LastMigrationPostgresAsync(cs, ct);
                await RunPgToolAsync("pg_dump", cs, ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(stage.FullName, PostgresName)], ct);
            }
            else
            {
                var file = SqliteFile(services)!;
                if (!File.Exists(file))
                    throw new InvalidOperationException($"There is no database at {file}: nothing to back up (is --data right?).");
                var copy = Path.Combine(stage.FullName, SqliteName);
                // The online backup API copies a consistent snapshot while the server keeps writing (WAL readers do not block writers).
                await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
                await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
                {
                    await source.OpenAsync(ct);
                    await target.OpenAsync(ct);
                    source.BackupDatabase(target);
                    await using var cmd = target.CreateCommand();
                    cmd.CommandText = "PRAGMA journal_mode=DELETE;"; // one self-contained file, no -wal beside it
                    await cmd.ExecuteNonQueryAsync(ct);
                    cmd.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
                    migration = await cmd.ExecuteScalarAsync(ct) as string;
                }
                var keys = KeysDirectory(DataDirectory(config));
                if (Directory.Exists(keys))
                {
                    Directory.CreateDirectory(Path.Combine(stage.FullName, KeysFolder));
                    foreach (var key in Directory.GetFiles(keys, "*.xml"))
                        File.Copy(key, Path.Combine(stage.FullName, KeysFolder, Path.GetFileName(key)));
                }
            }

            var files = new List<BackupFile>();
            foreach (var path in Directory.GetFiles(stage.FullName, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                files.Add(new BackupFile(Path.GetRelativePath(stage.FullName, path).Replace('\\', '/'), new FileInfo(path).Length, await Sha256Async(path, ct)));
            var manifest = new BackupManifest(BackupManifest.FormatName, 1, AppVersion, options.IsPostgres ? "postgres" : "sqlite", nowUtc, migration, files);
            await File.WriteAllBytesAsync(Path.Combine(stage.FullName, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);

            await WriteArchiveAsync(stage.FullName, [ManifestName, .. files.Select(f => f.Path)], Path.GetFullPath(outFile), ct);
            return manifest;
        }
        finally
        {
            stage.Delete(recursive: true);
        }
    }

    private static async Task WriteArchiveAsync(string stage, IEnumerable<string> names, string outFile, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(outFile)!;
        if (!Directory.Exists(dir)) throw new InvalidOperationException($"The folder {dir} does not exist.");
        var partial = Path.Combine(dir, $".{Path.GetFileName(outFile)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var stream = new FileStream(partial, PrivateFile(FileMode.CreateNew)))
            {
                await using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (var name in names)
                    {
                        // Entries carry 0600 too, so a plain `tar x` of the archive does not spread patient data world-readable.
                        await using var data = File.OpenRead(Path.Combine(stage, name));
                        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                        {
                            DataStream = data, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite, ModificationTime = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(stage, name))),
                        };
                        await tar.WriteEntryAsync(entry, ct);
                    }
                }
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true); // the archive is on disk before it takes the real name
            }
            File.Move(partial, outFile, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>New files readable by the owner only (0600): a backup holds every patient's record and the keys.</summary>
    private static FileStreamOptions PrivateFile(FileMode mode)
    {
        var o = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return o;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(f, ct));
    }

    private static async Task<string?> LastMigrationPostgresAsync(string cs, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" DESC LIMIT 1""", conn);
        try { return await cmd.ExecuteScalarAsync(ct) as string; }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new InvalidOperationException("The PostgreSQL database has no AlkNavigator tables: nothing to back up (run `alknav migrate` first?).", e);
        }
    }

    // ------------------------------------------------------------------ restore

    /// <summary>
    /// Checks the archive (every file's SHA-256 against the manifest) and restores it: SQLite into DATA (empty, or replaced
    /// with <paramref name="force"/>), PostgreSQL into the configured database (empty, or cleaned with <paramref name="force"/>).
    /// </summary>
    public static async Task<BackupManifest> RestoreAsync(IServiceProvider services, string archive, bool force, CancellationToken ct)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        var dataDir = DataDirectory(services.GetRequiredService<IConfiguration>());
        if (!File.Exists(archive)) throw new InvalidOperationException($"{archive}: no such file.");

        var stage = Directory.CreateTempSubdirectory("alknav-restore-");
        try
        {
            var manifest = await ExtractAndVerifyAsync(archive, stage.FullName, ct);
            var provider = options.IsPostgres ? "postgres" : "sqlite";
            if (manifest.Provider != provider)
                throw new InvalidOperationException($"{archive} is a {manifest.Provider} backup but this app is configured for {provider} (Database:Provider); " +
                                                    "restore it with the same provider, then move the data with `record export`/`record import` if needed.");
            if (manifest.Migration is { } m)
            {
                using var scope = services.CreateScope();
                var known = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetMigrations();
                if (!known.Contains(m))
                    throw new InvalidOperationException($"{archive} was made by a newer AlkNavigator (database migration {m} is unknown to this version {AppVersion}); restore it with that version or newer.");
            }

            if (options.IsPostgres) await RestorePostgresAsync(options.ConnectionString!, Path.Combine(stage.FullName, PostgresName), force, ct);
            else RestoreSqlite(services, stage.FullName, dataDir, force);
            return manifest;
        }
        finally
        {
            stage.Delete(recursive: true);
        }
    }

    /// <summary>Unpacks the archive into <paramref name="stage"/> and checks it completely; any problem is one clear InvalidOperationException.</summary>
    public static async Task<BackupManifest> ExtractAndVerifyAsync(string archive, string stage, CancellationToken ct)
    {
        string Bad(string why) => $"{archive} is not a usable alknav backup: {why}. Nothing was restored.";
        try
        {
            await using (var file = File.OpenRead(archive))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            await using (var tar = new TarReader(gzip))
            {
                while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
                {
                    if (entry.EntryType is TarEntryType.Directory) continue;
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !AllowedName().IsMatch(entry.Name))
                        throw new InvalidOperationException(Bad($"it contains an unexpected entry '{entry.Name}'"));
                    var target = Path.Combine(stage, entry.Name);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    if (File.Exists(target)) throw new InvalidOperationException(Bad($"'{entry.Name}' appears twice"));
                    await entry.ExtractToFileAsync(target, overwrite: false, ct);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new InvalidOperationException(Bad($"the archive is damaged or not a .tar.gz ({e.Message.TrimEnd('.')})"), e);
        }

        var manifestPath = Path.Combine(stage, ManifestName);
        if (!File.Exists(manifestPath)) throw new InvalidOperationException(Bad("it has no manifest.json"));
        BackupManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllBytesAsync(manifestPath, ct), Json); }
        catch (JsonException e) { throw new InvalidOperationException(Bad($"manifest.json cannot be read ({e.Message})"), e); }
        if (manifest is null || manifest.Format != BackupManifest.FormatName || manifest.Files is null)
            throw new InvalidOperationException(Bad("manifest.json is not an alknav backup manifest"));
        if (manifest.FormatVersion != 1)
            throw new InvalidOperationException(Bad($"its format version {manifest.FormatVersion} is not one this version reads (1)"));

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in manifest.Files)
        {
            var path = Path.Combine(stage, f.Path);
            if (!AllowedName().IsMatch(f.Path) || !listed.Add(f.Path) || !File.Exists(path))
                throw new InvalidOperationException(Bad($"'{f.Path}' is listed in the manifest but missing"));
            if (new FileInfo(path).Length != f.Bytes || await Sha256Async(path, ct) != f.Sha256)
                throw new InvalidOperationException(Bad($"'{f.Path}' does not match its checksum (the file is damaged or was changed)"));
        }
        foreach (var path in Directory.GetFiles(stage, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(stage, path).Replace('\\', '/');
            if (rel != ManifestName && !listed.Contains(rel)) throw new InvalidOperationException(Bad($"'{rel}' is not listed in the manifest"));
        }
        var db = manifest.Provider switch { "sqlite" => SqliteName, "postgres" => PostgresName, _ => null };
        if (db is null || !listed.Contains(db)) throw new InvalidOperationException(Bad($"it has no database copy for provider '{manifest.Provider}'"));
        return manifest;
    }

    private static void RestoreSqlite(IServiceProvider services, string stage, string dataDir, bool force)
    {
        var dbFile = SqliteFile(services)!;
        var keysDir = KeysDirectory(dataDir);
        if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any() && !force)
            throw new InvalidOperationException($"The data directory {dataDir} is not empty. Restore into an empty directory, " +
                                                "or add --force to replace its database and keys (stop `alknav serve` first).");
        CreatePrivateDirectory(dataDir);
        CreatePrivateDirectory(Path.GetDirectoryName(dbFile)!);
        SqliteConnection.ClearAllPools();

        // The database: copied beside its place, then moved over it (a crash leaves the old file or the new one, never half).
        var partial = dbFile + ".restoring";
        CopyPrivate(Path.Combine(stage, SqliteName), partial);
        foreach (var stale in new[] { dbFile + "-wal", dbFile + "-shm", dbFile + "-journal" })
            if (File.Exists(stale)) File.Delete(stale);
        File.Move(partial, dbFile, overwrite: true);

        if (Directory.Exists(keysDir)) Directory.Delete(keysDir, recursive: true);
        var stagedKeys = Path.Combine(stage, KeysFolder);
        if (Directory.Exists(stagedKeys))
        {
            CreatePrivateDirectory(keysDir);
            foreach (var key in Directory.GetFiles(stagedKeys)) CopyPrivate(key, Path.Combine(keysDir, Path.GetFileName(key)));
        }
    }

    /// <summary>Creates the directory (or tightens it) to 0700: only the account that runs alknav reads patient data and keys.</summary>
    internal static void CreatePrivateDirectory(string dir)
    {
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void CopyPrivate(string from, string to)
    {
        using var source = File.OpenRead(from);
        using var target = new FileStream(to, PrivateFile(FileMode.Create));
        source.CopyTo(target);
        target.Flush(flushToDisk: true);
    }

    private static async Task RestorePostgresAsync(string cs, string dump, bool force, CancellationToken ct)
    {
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", conn);
            var tables = (long)(await cmd.ExecuteScalarAsync(ct))!;
            if (tables > 0 && !force)
                throw new InvalidOperationException($"The PostgreSQL database '{conn.Database}' is not empty ({tables} tables). Restore into an empty database " +
                                                    "(createdb), or add --force to replace the objects the backup contains (stop every `alknav serve` node first).");
        }
        NpgsqlConnection.ClearAllPools();
        string[] args = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", .. force ? new[] { "--clean", "--if-exists" } : [], dump];
        await RunPgToolAsync("pg_restore", cs, args, ct);
    }

    // ------------------------------------------------------------------ pg_dump / pg_restore

    private static async Task RunPgToolAsync(string tool, string cs, IEnumerable<string> args, CancellationToken ct)
    {
        var exe = FindOnPath(tool) ?? throw new InvalidOperationException(
            $"{tool} was not found on PATH. A PostgreSQL backup needs the PostgreSQL client tools (Debian: apt-get install postgresql-client, " +
            "the same major version as the server or newer).");
        var b = new NpgsqlConnectionStringBuilder(cs);
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!string.IsNullOrEmpty(b.Host)) { psi.ArgumentList.Add("--host"); psi.ArgumentList.Add(b.Host); }
        psi.ArgumentList.Add("--port"); psi.ArgumentList.Add(b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(b.Username)) { psi.ArgumentList.Add("--username"); psi.ArgumentList.Add(b.Username); }
        psi.ArgumentList.Add("--no-password");
        psi.ArgumentList.Add("--dbname"); psi.ArgumentList.Add(b.Database ?? b.Username ?? "postgres");
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (!string.IsNullOrEmpty(b.Password)) psi.Environment["PGPASSWORD"] = b.Password; // never on the command line (visible in ps)
        if (b.SslMode is SslMode.Require or SslMode.VerifyCA or SslMode.VerifyFull)
            psi.Environment["PGSSLMODE"] = b.SslMode switch { SslMode.VerifyCA => "verify-ca", SslMode.VerifyFull => "verify-full", _ => "require" };

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync(ct);
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        await stdout;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed (exit {p.ExitCode}): {(await stderr).Trim()}");
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
