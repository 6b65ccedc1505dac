using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Schedule;

/// <summary>
/// Keeps a record's stored monitoring items in step with <see cref="SchedulePlanner"/>: regenerates when what the plan
/// depends on (<see cref="SchedulePlanner.Basis"/>) changed, and once a week so the 12-month horizon moves on. Keeps
/// everything done, skipped, edited, added by a person, or already due in the past; replaces the rest.
/// </summary>
public static class PlanSync
{
    public const int Months = 12;
    /// <summary>Plan from this many days back, so an item whose window is open today is part of a first plan.</summary>
    public const int LookBackDays = 14;
    /// <summary>With an unchanged basis the plan is still refreshed this often (the horizon moves with the days).</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromDays(7);

    /// <summary>Regenerates when needed; one SaveChanges; tried again (up to 6 times in all) when another writer saved first.
    /// For the background refresh and tests; pages never call it (saves regenerate through <see cref="SaveAsync"/>).
    /// <paramref name="loaded"/>: the record as the caller already tracks it; when its clinical collections are loaded, the
    /// plan's basis is computed from them instead of querying them again.</summary>
    public static async Task<(int Added, int Removed, int Kept)> RegenerateAsync(AppDbContext db, Guid recordId, DateOnly today, CancellationToken ct = default,
        PatientRecord? loaded = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SerializedAsync(db, recordId, today, ct, loaded);
            }
            catch (Exception e) when (attempt < 6 && (e is DbUpdateException || e.InnerException is DbUpdateException))
            {
                // Another writer saved first (an item it changed, the settings row): start again from what is stored now.
                // Regenerations of one record take turns (below), so this is rare and needs no back-off.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The plan step of every <see cref="AppDbContext"/> save: when the save adds, changes or deletes what a record's plan
    /// depends on, the save and that record's regeneration commit together in one transaction (inside the caller's
    /// transaction when there is one). On PostgreSQL the record's advisory lock is taken first, so concurrent saves of one
    /// record take turns and each regenerates from what the one before committed.
    /// </summary>
    public static async Task<int> SaveAsync(AppDbContext db, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var records = ChangedInputs(db);
        if (records.Count == 0) return await db.SaveOnlyAsync(acceptAllChangesOnSuccess, ct);
        if (db.Database.CurrentTransaction is not null) return await SaveAndPlanAsync(db, records, acceptAllChangesOnSuccess, ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var n = await SaveAndPlanAsync(db, records, acceptAllChangesOnSuccess, ct);
            await tx.CommitAsync(ct);
            return n;
        });
    }

    private static async Task<int> SaveAndPlanAsync(AppDbContext db, List<Guid> records, bool accept, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            foreach (var id in records.Order()) await LockAsync(db, id, ct);
        var n = await db.SaveOnlyAsync(accept, ct);
        var clock = db.Clock;
        foreach (var id in records)
        {
            var (today, _) = await PatientTime.TodayAsync(db, id, clock, ct);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await PlanOnlyAsync(db, id, today, ct, loaded: null, clock.GetUtcNow().UtcDateTime);
                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    // An item of this plan was changed by someone else meanwhile (EF rolled back to its savepoint):
                    // forget the plan's pending changes and regenerate from what is stored now.
                    foreach (var e in db.ChangeTracker.Entries().Where(e => e.Entity is MonitoringItem or MonitoringResult or ScheduleSettings).ToList())
                        e.State = EntityState.Detached;
                }
            }
        }
        return n;
    }

    /// <summary>The records whose plan inputs this save adds, changes or deletes (records being deleted excluded).</summary>
    internal static List<Guid> ChangedInputs(AppDbContext db)
    {
        if (!db.ChangeTracker.HasChanges()) return [];
        var ids = new HashSet<Guid>();
        var deleted = new HashSet<Guid>();
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (e.Entity)
            {
                case PatientRecord r when e.State == EntityState.Deleted: deleted.Add(r.Id); break;
                case PatientRecord r when e.State == EntityState.Added || PlanFieldsChanged(e): ids.Add(r.Id); break;
                case TreatmentLine or SiteObservation or ProcedureEntry or ProgressionEvent or BiomarkerResult: ids.Add(((RecordItem)e.Entity).RecordId); break;
                // Settings: only the visit spacing is a plan input (not the calendar link, reminders or the plan's own stamp).
                case ScheduleSettings st when e.State == EntityState.Added ? PlanSettings.From(st) != new PlanSettings()
                    : e.State == EntityState.Modified && e.Properties.Any(p => p.IsModified && p.Metadata.Name is nameof(ScheduleSettings.VisitMonthsEarly)
                        or nameof(ScheduleSettings.VisitMonthsLater) or nameof(ScheduleSettings.StableMonthsBeforeLater)):
                    ids.Add(st.RecordId);
                    break;
            }
        }
        ids.ExceptWith(deleted);
        return [.. ids];
    }

    /// <summary>The record's own fields the plan reads (its dates); a renamed record or a changed care-team note does not regenerate.</summary>
    private static bool PlanFieldsChanged(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry e) =>
        e.Properties.Any(p => p.IsModified && p.Metadata.Name is not (nameof(PatientRecord.DisplayName) or nameof(PatientRecord.UpdatedBy)
            or nameof(PatientRecord.UpdatedUtc) or nameof(PatientRecord.Version)));

    private static async Task LockAsync(AppDbContext db, Guid recordId, CancellationToken ct)
    {
        var key = BitConverter.ToInt64(recordId.ToByteArray(), 0);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({key})", ct);
    }

    /// <summary>
    /// On PostgreSQL, regenerations of one record take turns (a transaction-scoped advisory lock on the record id):
    /// concurrent inserts of the same plan keys, sent in EF's own order, otherwise deadlock on the unique index again and
    /// again on a busy server. SQLite already serialises writers. Inside a caller's transaction the caller decides.
    /// </summary>
    private static async Task<(int Added, int Removed, int Kept)> SerializedAsync(AppDbContext db, Guid recordId, DateOnly today, CancellationToken ct, PatientRecord? loaded)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        if (!db.Database.IsNpgsql() || db.Database.CurrentTransaction is not null) return await PlanOnlyAsync(db, recordId, today, ct, loaded, now);
        var tries = 0;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            if (tries++ > 0) db.ChangeTracker.Clear(); // a retried attempt starts from what is stored
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, recordId, ct);
            var result = await PlanOnlyAsync(db, recordId, today, ct, loaded, now);
            await tx.CommitAsync(ct);
            return result;
        });
    }

    private static async Task<(int Added, int Removed, int Kept)> PlanOnlyAsync(AppDbContext db, Guid recordId, DateOnly today, CancellationToken ct, PatientRecord? loaded, DateTime nowUtc)
    {
        db.PlanInProgress = true;
        try
        {
            return await OnceAsync(db, recordId, today, ct, loaded, nowUtc);
        }
        finally
        {
            db.PlanInProgress = false;
        }
    }

    private static async Task<(int Added, int Removed, int Kept)> OnceAsync(AppDbContext db, Guid recordId, DateOnly today, CancellationToken ct, PatientRecord? loaded, DateTime nowUtc)
    {
        var settings = await db.ScheduleSettings.FirstOrDefaultAsync(s => s.RecordId == recordId, ct);
        var anyItems = await db.MonitoringItems.AnyAsync(i => i.RecordId == recordId && i.Origin == ItemOrigin.Plan, ct);
        var record = loaded is not null && loaded.Id == recordId && ClinicalLoaded(db, loaded) ? loaded : await LoadBasisAsync(db, recordId, ct);
        if (record is null) return (0, 0, 0);

        var planSettings = PlanSettings.From(settings);
        var basis = SchedulePlanner.Basis(record, planSettings);
        // The planner anchors every cadence on a date in the record (the TKI's start, else the latest treatment, progression or
        // diagnosis date), so a refresh by age only moves the 12-month horizon forward.
        var fresh = settings is not null && nowUtc - settings.UpdatedUtc < RefreshEvery;
        var same = settings is not null && settings.PlanBasis == basis;
        if (same && fresh && anyItems) return (0, 0, 0);

        var plan = SchedulePlanner.Plan(record, today.AddDays(-LookBackDays), Months, planSettings)
            .GroupBy(p => p.Key).Select(g => g.First()).ToList();
        var planKeys = plan.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var items = await db.MonitoringItems.Include(i => i.Results).Where(i => i.RecordId == recordId).ToListAsync(ct);
        var byKey = items.Where(i => i.PlanKey is not null).GroupBy(i => i.PlanKey!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        int added = 0, removed = 0, kept = 0;
        foreach (var item in items)
        {
            if (Keep(item, today)) { kept++; continue; }
            if (item.PlanKey is { } key && planKeys.Contains(key)) continue; // updated below
            db.MonitoringItems.Remove(item);
            removed++;
        }
        foreach (var p in plan)
        {
            if (byKey.TryGetValue(p.Key, out var existing))
            {
                if (Keep(existing, today)) continue;
                kept++;
                if (existing.Kind == p.Kind && existing.Title == p.Title && existing.Due == p.Due && existing.WindowDays == p.WindowDays
                    && existing.Reason == p.Reason && existing.Source == p.Source) continue;
                (existing.Kind, existing.Title, existing.Due, existing.WindowDays, existing.Reason, existing.Source) = (p.Kind, Cut(p.Title, 200), p.Due, p.WindowDays, Cut(p.Reason, 1000), Cut(p.Source, 100));
                existing.Version = Guid.NewGuid();
                existing.UpdatedUtc = nowUtc;
                existing.UpdatedBy = "plan";
                continue;
            }
            // A new item only while it can still be done on time.
            if (p.Due.AddDays(p.WindowDays) < today) continue;
            db.MonitoringItems.Add(new MonitoringItem
            {
                RecordId = recordId, Kind = p.Kind, Title = Cut(p.Title, 200), Due = p.Due, WindowDays = p.WindowDays, Reason = Cut(p.Reason, 1000),
                Source = Cut(p.Source, 100), Origin = ItemOrigin.Plan, PlanKey = Cut(p.Key, 200), UpdatedBy = "plan",
            });
            added++;
        }

        if (same && fresh && added == 0 && removed == 0 && !db.ChangeTracker.HasChanges()) return (0, 0, kept);
        if (settings is null)
        {
            settings = new ScheduleSettings { RecordId = recordId, UpdatedBy = "plan" };
            db.ScheduleSettings.Add(settings);
        }
        settings.PlanBasis = Cut(basis, 2000);
        // The settings' Version is left alone: a settings form open elsewhere still saves.
        settings.UpdatedUtc = nowUtc;
        await db.SaveChangesAsync(ct);
        return (added, removed, kept);
    }

    /// <summary>Whether the tracked record's collections the plan reads are all loaded (so nothing is missing from its basis).</summary>
    private static bool ClinicalLoaded(AppDbContext db, PatientRecord record)
    {
        var entry = db.Entry(record);
        return entry.State != EntityState.Detached && entry.Collection(r => r.Treatments).IsLoaded && entry.Collection(r => r.Sites).IsLoaded
               && entry.Collection(r => r.Procedures).IsLoaded && entry.Collection(r => r.Progressions).IsLoaded && entry.Collection(r => r.Biomarkers).IsLoaded;
    }

    private static async Task<PatientRecord?> LoadBasisAsync(AppDbContext db, Guid recordId, CancellationToken ct)
    {
        var record = await db.Records.AsNoTracking().FirstOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null) return null;
        record.Treatments = await db.Treatments.AsNoTracking().Where(x => x.RecordId == recordId).ToListAsync(ct);
        record.Sites = await db.Sites.AsNoTracking().Where(x => x.RecordId == recordId).ToListAsync(ct);
        record.Procedures = await db.Procedures.AsNoTracking().Where(x => x.RecordId == recordId).ToListAsync(ct);
        record.Progressions = await db.Progressions.AsNoTracking().Where(x => x.RecordId == recordId).ToListAsync(ct);
        record.Biomarkers = await db.Biomarkers.AsNoTracking().Where(x => x.RecordId == recordId).ToListAsync(ct);
        return record;
    }

    /// <summary>What regeneration never touches: done, skipped, edited, added by a person, with results, or due before today.</summary>
    public static bool Keep(MonitoringItem i, DateOnly today) =>
        i.Status != ItemStatus.Planned || i.Edited || i.Origin != ItemOrigin.Plan || i.PlanKey is null || i.Results.Count > 0 || i.Due < today;

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
