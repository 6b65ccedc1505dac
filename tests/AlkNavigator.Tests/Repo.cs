using System.Diagnostics;

namespace AlkNavigator.Tests;

public static class Repo
{
    /// <summary>The repository root (the folder holding AlkNavigator.slnx).</summary>
    public static string Root { get; } = Find();

    public static string ContentDir => Path.Combine(Root, "content");

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AlkNavigator.slnx"))) return d.FullName;
        // Built outside the tree (dotnet build --artifacts-path /tmp/...): say where the repository is.
        if (Environment.GetEnvironmentVariable("ALKNAV_REPO_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "AlkNavigator.slnx")))
            return root;
        throw new InvalidOperationException("Cannot find the repository root (AlkNavigator.slnx) above " + AppContext.BaseDirectory);
    }

    /// <summary>Copies a directory tree (used to make a broken copy of content/).</summary>
    public static string CopyTree(string from)
    {
        var to = Directory.CreateTempSubdirectory("alknav-copy-").FullName;
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs the `alknav` command line in this process (CliApp.RunAsync with string writers): the same commands, output and exit
    /// codes as the program, without starting a process. Relative paths are relative to the test's directory, not the repo.
    /// </summary>
    public static Task<CliResult> RunCliAsync(params string[] args) => RunCliWithEnvAsync(new Dictionary<string, string>(), args);

    /// <summary>
    /// Runs the CLI in process with ALKNAV_... settings (given to it as configuration, as the environment would be). On a
    /// PostgreSQL run (ALKNAV_TEST_DB=postgres) a command given `--data DIR` and no Database:Provider of its own uses the
    /// PostgreSQL database of DIR (<see cref="CliPostgresDatabaseAsync"/>), so a [DatabaseTests] CLI class tests the provider
    /// the run chose instead of a SQLite file in DIR.
    /// </summary>
    public static async Task<CliResult> RunCliWithEnvAsync(IDictionary<string, string> env, params string[] args)
    {
        var settings = env.ToDictionary(
            kv => kv.Key.StartsWith("ALKNAV_", StringComparison.Ordinal) ? kv.Key["ALKNAV_".Length..].Replace("__", ":") : kv.Key,
            kv => (string?)kv.Value);
        var data = Array.IndexOf(args, "--data") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        if (TestApp.IsPostgres && data is not null && !settings.ContainsKey("Database:Provider"))
        {
            settings["Database:Provider"] = "postgres";
            settings["Database:ConnectionString"] = await CliPostgresDatabaseAsync(data);
        }
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // Synchronized: a command's log lines may come from another thread than its output.
        var invocation = new System.CommandLine.InvocationConfiguration { Output = TextWriter.Synchronized(stdout), Error = TextWriter.Synchronized(stderr) };
        var code = await Task.Run(() => AlkNavigator.Cli.CliApp.RunAsync(args, invocation, settings)).WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> CliDatabases = new(StringComparer.Ordinal);

    /// <summary>
    /// On a PostgreSQL run: the database that in-process CLI runs with `--data <paramref name="dataDirectory"/>` use (created
    /// on first use, one per directory, so the commands of one test share it as they would share DIR/alknav.db). A test that
    /// then starts the app on the same data passes it as Database:ConnectionString.
    /// </summary>
    public static Task<string> CliPostgresDatabaseAsync(string dataDirectory) =>
        CliDatabases.GetOrAdd(Path.GetFullPath(dataDirectory), _ => new Lazy<Task<string>>(async () =>
        {
            var admin = Environment.GetEnvironmentVariable("ALKNAV_TEST_PG")
                ?? throw new InvalidOperationException("ALKNAV_TEST_DB=postgres needs ALKNAV_TEST_PG (a connection string to a server).");
            var name = "alknav_c_" + Guid.NewGuid().ToString("N")[..12];
            await using var conn = new Npgsql.NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using (var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", conn)) await cmd.ExecuteNonQueryAsync();
            return new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        })).Value;

    /// <summary>Runs the built `alknav` CLI as a real process (end-to-end: the program's own exit code and streams).</summary>
    public static Task<CliResult> RunCliProcessAsync(params string[] args) => RunCliProcessWithEnvAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI process with extra environment variables (ALKNAV_... settings).</summary>
    public static async Task<CliResult> RunCliProcessWithEnvAsync(IDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "alknav.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("ALKNAV_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }
}
