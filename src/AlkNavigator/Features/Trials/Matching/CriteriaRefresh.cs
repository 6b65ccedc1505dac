using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// Criteria are parsed once at import, so a better CriteriaParser would otherwise reach only studies that change upstream.
/// On start-up (`serve`, in the background) every stored trial whose derived criteria or categories differ from what this
/// build's parser makes of it is re-derived. The parser version is the assembly's module version id: deterministic builds
/// give the same id for the same source, so an unchanged program never re-parses, and any upgrade does once.
/// </summary>
public static class CriteriaRefresh
{
    private const string Source = "criteria-parser";

    /// <summary>This build's parser version.</summary>
    public static string CurrentVersion { get; } = typeof(CriteriaParser).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Re-derives every trial when the stored parser version differs; returns the number of trials whose criteria changed.</summary>
    public static async Task<int> RunAsync(AppDbContext db, CancellationToken ct = default)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(s => s.Source == Source, ct);
        if (state?.LastResult == CurrentVersion) return 0;

        var changed = 0;
        string? after = null;
        while (true)
        {
            var batch = await db.Trials.Where(t => after == null || string.Compare(t.NctId, after) > 0)
                .OrderBy(t => t.NctId).Take(500).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var t in batch)
            {
                var (criteria, categories) = (t.CriteriaJson, t.Categories);
                CriteriaParser.Apply(t);
                if (t.CriteriaJson == criteria && t.Categories == categories) continue;
                t.UpdatedUtc = DateTime.UtcNow; // TrialCatalog notices the change and reloads
                changed++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            after = batch[^1].NctId;
        }
        await MarkCurrentAsync(db, ct);
        return changed;
    }

    /// <summary>Records that every stored trial was derived by this build (after seeding a new catalogue).</summary>
    public static async Task MarkCurrentAsync(AppDbContext db, CancellationToken ct = default)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(s => s.Source == Source, ct);
        if (state is null) db.SyncStates.Add(state = new SyncState { Source = Source });
        state.LastResult = CurrentVersion;
        state.LastRunUtc = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }
}
