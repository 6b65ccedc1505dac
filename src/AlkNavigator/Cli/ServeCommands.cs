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

/// <summary>`alknav serve` (also the default command) and `alknav migrate`.</summary>
internal static class ServeCommands
{
    /// <summary>`alknav serve` and the root command's own action (with no command, `alknav` serves).</summary>
    public static void AddTo(RootCommand root)
    {
        AddServeOptions(root, out var rootUrls, out var rootData);
        root.SetAction((pr, ct) => ServeAsync(pr.GetValue(rootUrls), pr.GetValue(rootData), ct));

        var serve = new Command("serve", "Run the web application (default http://localhost:5080, SQLite in ./data).");
        AddServeOptions(serve, out var urls, out var data);
        serve.SetAction((pr, ct) => ServeAsync(pr.GetValue(urls), pr.GetValue(data), ct));
        root.Subcommands.Add(serve);
    }

    /// <summary>`alknav migrate [--data DIR]`.</summary>
    public static Command Migrate()
    {
        var migrate = new Command("migrate", "Apply database migrations (SQLite, or PostgreSQL when Database:Provider=postgres).");
        var migrateData = CliApp.DataOption();
        migrate.Options.Add(migrateData);
        migrate.SetAction(async (pr, ct) =>
        {
            await using var app = CliApp.BuildQuietHost(pr.GetValue(migrateData));
            await Database.MigrateAsync(app.Services, ct);
            var db = app.Services.GetRequiredService<DatabaseOptions>();
            CliOutput.Out.WriteLine($"Database is up to date ({(db.IsPostgres ? "PostgreSQL" : "SQLite")}).");
            return 0;
        });
        return migrate;
    }

    private static void AddServeOptions(Command command, out Option<string?> urls, out Option<string?> data)
    {
        urls = new Option<string?>("--urls") { Description = $"Address(es) to listen on, separated by ';' (default {AppHost.DefaultUrl})." };
        urls.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is null) return;
            foreach (var u in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
                if (!Uri.TryCreate(u.Replace("*", "0.0.0.0").Replace("+", "0.0.0.0"), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    r.AddError($"--urls: '{u}' is not an http(s) address such as http://localhost:5080.");
        });
        data = CliApp.DataOption();
        command.Options.Add(urls);
        command.Options.Add(data);
    }

    private static async Task<int> ServeAsync(string? urls, string? data, CancellationToken ct)
    {
        await using var app = AppHost.Build(CliApp.Overrides(data, urls));
        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart)
            await Database.MigrateAsync(app.Services, ct);
        await AlkNavigator.Features.Trials.CtGov.TrialSeed.SeedIfEmptyAsync(app.Services, ct); // an empty catalogue starts with the shipped studies
        _ = RefreshCriteriaAsync(app, ct);
        var content = app.Services.GetRequiredService<ContentStore>();
        app.Logger.LogInformation("Knowledge loaded: {Drugs} drugs, {Pages} pages, {Sources} sources from {Directory}",
            content.Drugs.Count, content.Pages.Count, content.Bibliography.Count, content.Directory);
        await app.RunAsync(ct);
        return 0;
    }

    /// <summary>In the background while serving: re-derive stored trials' criteria if this build parses them differently.</summary>
    private static async Task RefreshCriteriaAsync(WebApplication app, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            using var scope = app.Services.CreateScope();
            var changed = await AlkNavigator.Features.Trials.Matching.CriteriaRefresh.RunAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
            if (changed > 0) app.Logger.LogInformation("Trial criteria re-derived by this version's parser: {Changed} trial(s) changed", changed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            app.Logger.LogError(e, "Re-deriving trial criteria failed; matching keeps the stored criteria");
        }
    }
}
