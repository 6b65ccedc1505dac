using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using AlkNavigator.Data;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Cli;

/// <summary>The `alknav` command line: thin commands over the host and the features' services.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, null);

    /// <summary>
    /// Runs a command line. <paramref name="invocation"/>'s Output and Error receive everything the commands print (tests pass
    /// string writers to run the CLI in process); <paramref name="settings"/> (configuration keys such as "Trials:Seed") stand
    /// in for ALKNAV_ environment variables, below the command line's own options.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? invocation, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // `alknav` itself passes no configuration: the commands write to the process's standard streams. A caller that passes
        // one (a test running the CLI in process) gets everything, log lines included, on its writers.
        if (invocation is not null || settings is not null)
        {
            invocation ??= new InvocationConfiguration();
            CliOutput.Begin(invocation, settings);
        }
        else invocation = new InvocationConfiguration();
        invocation.EnableDefaultExceptionHandler = false;
        try
        {
            return await BuildRoot().Parse(args).InvokeAsync(invocation);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException
                                      or System.Data.Common.DbException or System.Net.Sockets.SocketException)
        {
            // Configuration, file system, database and network problems: the message says what is wrong; no stack trace.
            CliOutput.Error.WriteLine($"alknav: {e.Message}");
            return 1;
        }
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("AlkNavigator: knowledge, records and tools for people with ALK-positive lung cancer.\nWith no command, runs `serve`.");
        ServeCommands.AddTo(root);
        root.Subcommands.Add(ServeCommands.Migrate());

        root.Subcommands.Add(ContentCommands.Build());
        root.Subcommands.Add(UsersCommands.Build());
        root.Subcommands.Add(AccountCommands.Build());
        root.Subcommands.Add(TrialsCommands.Build());
        root.Subcommands.Add(SymptomsCommands.Build());
        root.Subcommands.Add(InteractionsCommands.Build());
        root.Subcommands.Add(ScheduleCommands.Build());
        root.Subcommands.Add(RecordCommands.Build());
        root.Subcommands.Add(VisitCommands.Build());
        root.Subcommands.Add(DemoCommands.Build());
        root.Subcommands.Add(BackupCommands.Backup());
        root.Subcommands.Add(BackupCommands.Restore());
        return root;
    }

    internal static Option<string?> DataOption() =>
        new("--data") { Description = "Directory for the SQLite database and Data Protection keys (default ./data)." };

    internal static Dictionary<string, string?> Overrides(string? data, string? urls = null)
    {
        var o = new Dictionary<string, string?>(CliOutput.Settings ?? new Dictionary<string, string?>());
        if (!string.IsNullOrWhiteSpace(data)) o["Data:Directory"] = data;
        if (!string.IsNullOrWhiteSpace(urls)) o["urls"] = urls;
        return o;
    }

    /// <param name="prepareData">false for `restore`: the target directory is checked for emptiness and left untouched when the
    /// archive is refused, so the host must not create its database file and key directory first.</param>
    internal static WebApplication BuildQuietHost(string? data, bool prepareData = true) =>
        AppHost.Build(prepareData ? Overrides(data) : new Dictionary<string, string?>(Overrides(data)) { ["Data:Prepare"] = "false" }, b =>
        {
            b.Logging.ClearProviders();
            CliOutput.AddErrorLogging(b.Logging);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });

    /// <summary>Reads a file named on the command line; a missing, too large or unreadable file is explained on stderr (null).</summary>
    internal static async Task<byte[]?> ReadInputFileAsync(string file, CancellationToken ct, long? maxBytes = null)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                CliOutput.Error.WriteLine($"{file}: no such file.");
                return null;
            }
            if (info.Length > maxBytes)
            {
                CliOutput.Error.WriteLine($"{file}: the file is {info.Length / 1024} KB; a profile can be at most {maxBytes / (1024 * 1024)} MB.");
                return null;
            }
            return await File.ReadAllBytesAsync(file, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CliOutput.Error.WriteLine($"Cannot read {file}: {e.Message}");
            return null;
        }
    }
}
