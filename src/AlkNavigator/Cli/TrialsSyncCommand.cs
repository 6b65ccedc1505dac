using System.CommandLine;
using System.Globalization;
using AlkNavigator.Data;
using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Cli;

internal static partial class TrialsCommands
{
    /// <summary>`alknav trials sync [--data DIR] [--since DATE] [--full]`: the live registry → idempotent upsert, page by page.</summary>
    private static Command SyncCommand()
    {
        var sync = new Command("sync", "Fetch ALK / lung cancer studies from the ClinicalTrials.gov API (Trials:ApiBaseUrl) page by page and " +
            "upsert them. After the first full sync only studies updated since the last one are asked for. At most 50 requests a " +
            "minute (Trials:MinRequestInterval); transient errors are retried.");
        var since = new Option<string?>("--since") { Description = "Ask only for studies updated on or after this date (YYYY-MM-DD).", HelpName = "DATE" };
        since.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } v && !DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                r.AddError($"--since: '{v}' is not a date (YYYY-MM-DD).");
        });
        var full = new Option<bool>("--full") { Description = "Fetch every study of the query, ignoring the last update date." };
        var data = CliApp.DataOption();
        sync.Options.Add(data);
        sync.Options.Add(since);
        sync.Options.Add(full);
        sync.SetAction((pr, ct) => SyncAsync(pr.GetValue(data),
            pr.GetValue(since) is { } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null, pr.GetValue(full), ct));
        return sync;
    }

    private static async Task<int> SyncAsync(string? data, DateOnly? since, bool full, CancellationToken ct)
    {
        await using var app = CliApp.BuildQuietHost(data);
        var options = app.Services.GetRequiredService<CtGovSyncOptions>();
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        ImportCounts? soFar = null;
        var sync = new CtGovSync(scope.ServiceProvider.GetRequiredService<CtGovClient>(), db, options, scope.ServiceProvider.GetRequiredService<TimeProvider>())
        {
            OnPage = (page, c) => { soFar = c; CliOutput.Out.WriteLine($"  page {page}: {c.Imported} studies so far"); },
        };
        SyncReport report;
        try
        {
            report = await sync.RunAsync(since, full, ct);
        }
        catch (Exception) when (soFar is { AddedNctIds.Count: > 0 })
        {
            // The pages before the failure are saved and will look unchanged next time: tell patients about them now.
            db.ChangeTracker.Clear();
            await NotifyAsync(db, soFar.AddedNctIds, CancellationToken.None);
            throw;
        }
        var counts = report.Counts;
        CliOutput.Out.WriteLine($"Fetched {report.Pages} page{(report.Pages == 1 ? "" : "s")} from {options.ApiBaseUrl} " +
                          (report.Since is { } d ? $"(studies updated since {d:yyyy-MM-dd})." : "(full sync)."));
        CliOutput.Out.WriteLine(counts.Summary($"{report.Pages} page{(report.Pages == 1 ? "" : "s")}") + ".");
        foreach (var s in counts.Skipped) CliOutput.Out.WriteLine($"  skipped {s}");
        if (report.LastUpdateSeen is { } last) CliOutput.Out.WriteLine($"Latest registry update seen: {last:yyyy-MM-dd}.");
        await NotifyAsync(db, counts.AddedNctIds, ct);
        return 0;
    }

    /// <summary>After an import or sync: new trials that match a patient's record become notices in the app.</summary>
    private static async Task NotifyAsync(AppDbContext db, List<string> added, CancellationToken ct)
    {
        if (added.Count == 0) return;
        var notices = await TrialNotifier.NotifyAsync(db, added, ct);
        if (notices > 0) CliOutput.Out.WriteLine($"{notices} patient notice(s) about new matching trials.");
    }
}
