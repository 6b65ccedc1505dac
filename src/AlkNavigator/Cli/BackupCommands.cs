using System.CommandLine;
using AlkNavigator.Data;

namespace AlkNavigator.Cli;

/// <summary>`alknav backup` and `alknav restore`: thin over Data/Backup.cs.</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var backup = new Command("backup", "Write a consistent backup (works while `serve` runs): one .tar.gz with the database " +
            "(SQLite online backup, or pg_dump for PostgreSQL), the Data Protection keys and a manifest with checksums. Written 0600.");
        var output = new Option<string>("--out") { Description = "The archive to write (e.g. alknav-2026-12-05.tar.gz); replaced if it exists.", Required = true, HelpName = "FILE" };
        var data = CliApp.DataOption();
        backup.Options.Add(output);
        backup.Options.Add(data);
        backup.SetAction(async (pr, ct) =>
        {
            var file = Path.GetFullPath(pr.GetValue(output)!);
            await using var app = CliApp.BuildQuietHost(pr.GetValue(data));
            var m = await Data.Backup.CreateAsync(app.Services, file, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
            var keys = m.Files.Count(f => f.Path.StartsWith(Data.Backup.KeysFolder + "/", StringComparison.Ordinal));
            CliOutput.Out.WriteLine($"Backed up the {(m.Provider == "postgres" ? "PostgreSQL" : "SQLite")} database (migration {m.Migration ?? "none"}" +
                              (m.Provider == "postgres" ? ", keys inside the database" : $", {keys} key file(s)") +
                              $") to {file} ({new FileInfo(file).Length / 1024} KB).");
            return 0;
        });
        return backup;
    }

    public static Command Restore()
    {
        var restore = new Command("restore", "Restore a backup made by `alknav backup` after checking every file's checksum: SQLite into an empty data " +
            "directory, PostgreSQL (pg_restore) into the configured empty database. Refuses a non-empty target unless --force. Stop `serve` first.");
        var file = new Argument<string>("FILE") { Description = "The backup archive (.tar.gz)." };
        var data = CliApp.DataOption();
        var force = new Option<bool>("--force") { Description = "Replace the database and keys already in the target (the rest of the directory is kept)." };
        restore.Arguments.Add(file);
        restore.Options.Add(data);
        restore.Options.Add(force);
        restore.SetAction(async (pr, ct) =>
        {
            var archive = pr.GetValue(file)!;
            await using var app = CliApp.BuildQuietHost(pr.GetValue(data), prepareData: false);
            var m = await Data.Backup.RestoreAsync(app.Services, archive, pr.GetValue(force), ct);
            var target = m.Provider == "postgres" ? "the configured PostgreSQL database" : Data.Backup.DataDirectory(app.Configuration);
            CliOutput.Out.WriteLine($"Restored {archive} (made {m.CreatedUtc:yyyy-MM-dd HH:mm} UTC by alknav {m.AppVersion}, migration {m.Migration ?? "none"}) into {target}.");
            CliOutput.Out.WriteLine("Start the app with `alknav serve` on it; a backup from an older version is migrated on start.");
            return 0;
        });
        return restore;
    }
}
