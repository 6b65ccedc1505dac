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

    /// <summary>Runs the CLI in process with ALKNAV_... settings (given to it as configuration, as the environment would be).</summary>
    public static async Task<CliResult> RunCliWithEnvAsync(IDictionary<string, string> env, params string[] args)
    {
        var settings = env.ToDictionary(
            kv => kv.Key.StartsWith("ALKNAV_", StringComparison.Ordinal) ? kv.Key["ALKNAV_".Length..].Replace("__", ":") : kv.Key,
            kv => (string?)kv.Value);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Task.Run(() => AlkNavigator.Cli.CliApp.RunAsync(args, new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr }, settings));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

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
