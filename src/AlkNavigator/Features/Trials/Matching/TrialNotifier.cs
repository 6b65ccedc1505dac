using AlkNavigator.Features.Symptoms;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>After an import or sync: new trials that a patient is likely or possibly eligible for become <see cref="TrialNotice"/>s.</summary>
public static class TrialNotifier
{
    /// <summary>
    /// Matches every patient record against the trials <paramref name="newNctIds"/> (already saved, with criteria parsed) and adds a
    /// notice per record and trial whose verdict is likely- or possibly-eligible, unless one exists. Returns the notices created.
    /// </summary>
    public static async Task<int> NotifyAsync(AppDbContext db, IReadOnlyCollection<string> newNctIds, CancellationToken ct = default)
    {
        if (newNctIds.Count == 0) return 0;
        var recordIds = await db.Records.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        if (recordIds.Count == 0) return 0; // nobody to tell: don't load the new trials at all
        var ids = newNctIds.Distinct().ToList();
        var trials = new List<CatalogTrial>();
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.Trials.AsNoTracking().Where(t => chunk.Contains(t.NctId))
                .Select(t => new { t.NctId, t.Title, t.Status, t.Phases, t.Countries, t.Conditions, t.Categories, t.CriteriaJson }).ToListAsync(ct);
            trials.AddRange(rows.Select(r => CatalogTrial.Create(r.NctId, r.Title, r.Status, r.Phases, r.Countries, r.Conditions, r.Categories, r.CriteriaJson)));
        }
        trials.RemoveAll(t => !t.IsOpen); // a study nobody can join is not news (a first full sync brings many closed ones)
        if (trials.Count == 0) return 0;

        var created = 0;
        foreach (var recordId in recordIds)
        {
            var record = await ProfileJson.LoadAsync(db, recordId, ct);
            if (record is null) continue;
            var (today, _) = await PatientTime.TodayAsync(db, recordId, db.Clock, ct);
            var profile = MatchProfile.FromRecord(record, today);
            var existing = (await db.TrialNotices.Where(n => n.RecordId == recordId).Select(n => n.NctId).ToListAsync(ct)).ToHashSet();
            foreach (var m in TrialMatcher.Rank(profile, trials))
            {
                if (m.Verdict is not (Verdicts.LikelyEligible or Verdicts.PossiblyEligible) || !existing.Add(m.Nct)) continue;
                db.TrialNotices.Add(new TrialNotice { RecordId = recordId, NctId = m.Nct, Verdict = m.Verdict });
                created++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return created;
    }
}
