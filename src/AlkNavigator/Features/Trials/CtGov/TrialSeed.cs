using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.CtGov;

/// <summary>
/// The catalogue a fresh database starts with: the 69 real studies of Features/Trials/Seed/studies.json (see SOURCES.md
/// there), embedded in the assembly. Imported when the Trials table is empty after migration, unless Trials:Seed is false.
/// </summary>
public static class TrialSeed
{
    private const string ResourceName = "AlkNavigator.Features.Trials.Seed.studies.json";

    /// <summary>The seed file's bytes, exactly as shipped.</summary>
    public static byte[] Bytes()
    {
        using var stream = typeof(TrialSeed).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The trial seed ({ResourceName}) is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// Imports the seed when Trials is empty and Trials:Seed is not false. Returns the number of trials added. Called where a default
    /// catalogue is wanted (serve, trials match, tests), after migration; `migrate`, `trials import` and `trials sync` never seed.
    /// </summary>
    public static async Task<int> SeedIfEmptyAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var config = services.GetRequiredService<IConfiguration>();
        if (config.GetValue("Trials:Seed", true) is false) return 0;
        using var scope = services.CreateScope();
        services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Trials.AnyAsync(ct)) return 0;

        var parsed = CtGovParser.Parse(Bytes(), "seed studies.json");
        var counts = new ImportCounts();
        try
        {
            await new TrialImporter(db).UpsertAsync(parsed.Trials, counts, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Trials.AnyAsync(ct)) return 0; // another node seeded at the same moment
            throw;
        }
        services.GetService<ILoggerFactory>()?.CreateLogger(typeof(TrialSeed).FullName!)
            .LogInformation("Trial catalogue seeded with {Count} studies from the shipped studies.json", counts.Added);
        await Matching.CriteriaRefresh.MarkCurrentAsync(db, ct); // just derived by this build: nothing to refresh
        return counts.Added;
    }
}
