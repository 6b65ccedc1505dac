using System.CommandLine;
using AlkNavigator.Data;
using AlkNavigator.Features.Trials.CtGov;

namespace AlkNavigator.Cli;

internal static partial class TrialsCommands
{
    /// <summary>`alknav trials import PATH... [--data DIR]`: v2 files or folders of them → idempotent upsert, with counts.</summary>
    private static Command ImportCommand()
    {
        var import = new Command("import", "Load ClinicalTrials.gov API v2 JSON files (a /studies page, a single study, an array of studies) " +
            "or folders of them (every *.json inside, in name order) into the catalogue. Re-importing updates changed studies and " +
            "leaves navigators' annotations alone. A bad study is skipped with its reason; exits 1 only when nothing could be imported.");
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders to import.", Arity = ArgumentArity.OneOrMore };
        var data = CliApp.DataOption();
        import.Arguments.Add(paths);
        import.Options.Add(data);
        import.SetAction((pr, ct) => ImportAsync(pr.GetValue(paths)!, pr.GetValue(data), ct));
        return import;
    }

    private static async Task<int> ImportAsync(string[] paths, string? data, CancellationToken ct)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (File.Exists(p)) files.Add(p);
            else if (Directory.Exists(p))
                files.AddRange(Directory.EnumerateFiles(p, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else
            {
                CliOutput.Error.WriteLine($"{p}: no such file or folder.");
                return 1;
            }
        }
        if (files.Count == 0)
        {
            CliOutput.Error.WriteLine($"No .json files in {string.Join(", ", paths)}.");
            return 1;
        }

        await using var app = CliApp.BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = await new TrialImporter(db).ImportFilesAsync(files, ct);

        foreach (var m in counts.MalformedFiles) CliOutput.Error.WriteLine(m);
        CliOutput.Out.WriteLine(counts.Summary($"{counts.Files} file{(counts.Files == 1 ? "" : "s")}") + ".");
        foreach (var s in counts.Skipped) CliOutput.Out.WriteLine($"  skipped {s}");
        if (counts.MalformedFiles.Count > 0)
            CliOutput.Error.WriteLine($"{counts.MalformedFiles.Count} file(s) could not be read.");
        await NotifyAsync(db, counts.AddedNctIds, ct);
        return counts.Imported == 0 && (counts.MalformedFiles.Count > 0 || counts.Skipped.Count > 0) ? 1 : 0;
    }
}
