using AlkNavigator.Features.Symptoms;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>Convenience for pages and the API: a record's matches against the in-memory catalogue.</summary>
public static class TrialMatching
{
    /// <summary>Every trial in the catalogue (or the best <paramref name="top"/>) ranked for the record, best first; empty when the record does not exist.</summary>
    public static async Task<List<TrialMatch>> ForRecordAsync(AppDbContext db, TrialCatalog catalog, Guid recordId, CancellationToken ct = default, int? top = null)
    {
        var record = await LoadAsync(db, recordId, ct);
        if (record is null) return [];
        var profile = MatchProfile.FromRecord(record, (await PatientTime.TodayAsync(db, recordId, db.Clock, ct)).Today);
        return TrialMatcher.Rank(profile, await catalog.GetAsync(db, ct), top);
    }

    /// <summary>The record's verdict for one trial; null when the record or the trial does not exist.</summary>
    public static async Task<TrialMatch?> ForRecordAsync(AppDbContext db, TrialCatalog catalog, Guid recordId, string nct, CancellationToken ct = default)
    {
        var record = await LoadAsync(db, recordId, ct);
        if (record is null) return null;
        var trial = (await catalog.GetAsync(db, ct)).FirstOrDefault(t => t.NctId == nct);
        return trial is null ? null : TrialMatcher.Match(MatchProfile.FromRecord(record, (await PatientTime.TodayAsync(db, recordId, db.Clock, ct)).Today), trial);
    }

    /// <summary>The whole record, read only, in one split query (what ProfileJson.LoadAsync loads, without tracking it);
    /// compiled once, as the record's trials page runs it on every view.</summary>
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<PatientRecord?>> LoadAsync = EF.CompileAsyncQuery(
        (AppDbContext db, Guid recordId, CancellationToken ct) => db.Records.AsNoTracking().AsSplitQuery()
            .Include(r => r.Sites).Include(r => r.EcogEntries).Include(r => r.Treatments).Include(r => r.Procedures)
            .Include(r => r.Progressions).Include(r => r.Biomarkers).Include(r => r.Medicines).Include(r => r.CareTeam).Include(r => r.PlanItems)
            .FirstOrDefault(r => r.Id == recordId));
}
