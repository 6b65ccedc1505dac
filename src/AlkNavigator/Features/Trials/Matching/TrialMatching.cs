using AlkNavigator.Data;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>Convenience for pages and the API: a record's matches against the in-memory catalogue.</summary>
public static class TrialMatching
{
    /// <summary>Every trial in the catalogue ranked for the record (best first); empty when the record does not exist.</summary>
    public static async Task<List<TrialMatch>> ForRecordAsync(AppDbContext db, TrialCatalog catalog, Guid recordId, CancellationToken ct = default)
    {
        var record = await ProfileJson.LoadAsync(db, recordId, ct);
        if (record is null) return [];
        var profile = MatchProfile.FromRecord(record, ProfileJson.Today);
        return TrialMatcher.Rank(profile, await catalog.GetAsync(db, ct));
    }
}
