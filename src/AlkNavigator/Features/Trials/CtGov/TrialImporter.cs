using System.Threading.Channels;
using AlkNavigator.Data;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.CtGov;

/// <summary>What an import or sync did: studies added, updated, unchanged, skipped (with reasons), and the NCT ids it added.</summary>
public sealed class ImportCounts
{
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<string> AddedNctIds { get; } = [];
    /// <summary>Studies that could not be read, each with where it was and why.</summary>
    public List<StudyProblem> Skipped { get; } = [];
    /// <summary>Whole files that are not v2 documents (bad JSON, wrong shape), each with its message.</summary>
    public List<string> MalformedFiles { get; } = [];
    /// <summary>Files (or pages) read successfully.</summary>
    public int Files { get; set; }

    /// <summary>Studies written or confirmed: added + updated + unchanged.</summary>
    public int Imported => Added + Updated + Unchanged;

    public string Summary(string from) =>
        $"Imported {Imported} studies from {from}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Skipped.Count} skipped";
}

/// <summary>
/// Idempotent upsert of parsed trials by NctId, in batches: load the batch's existing rows, update the ones whose content
/// changed, insert the new ones, save (one transaction per batch), clear the change tracker. Never touches
/// TrialAnnotation, SavedTrial or TrialNotice, so navigators' notes and patients' saved trials survive any re-import.
/// Works the same on SQLite and PostgreSQL.
/// </summary>
public sealed class TrialImporter(AppDbContext db)
{
    /// <summary>Studies per database round (one SaveChanges, one transaction).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>
    /// Imports files (v2 pages, single studies, arrays). A background task parses one file at a time (the criteria of its
    /// studies in parallel) while this one writes the previous file to the database; at most one parsed file waits, so
    /// memory does not grow with the number of files (a few pages in flight, whatever the number of files).
    /// </summary>
    public async Task<ImportCounts> ImportFilesAsync(IEnumerable<string> files, CancellationToken ct = default)
    {
        var counts = new ImportCounts();
        var pending = new List<Trial>(BatchSize);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var parsed = Channel.CreateBounded<(CtGovParseResult? Result, string? Error)>(
            new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ParseFilesAsync(files, parsed.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var (result, error) in parsed.Reader.ReadAllAsync(ct))
            {
                if (result is null)
                {
                    counts.MalformedFiles.Add(error!);
                    continue;
                }
                counts.Files++;
                counts.Skipped.AddRange(result.Problems);
                foreach (var t in result.Trials)
                {
                    pending.Add(t);
                    if (pending.Count >= BatchSize)
                    {
                        await UpsertBatchAsync(pending, counts, ct);
                        pending.Clear();
                    }
                }
            }
            if (pending.Count > 0) await UpsertBatchAsync(pending, counts, ct);
            await producer;
        }
        finally
        {
            await stop.CancelAsync();
            try { await producer; } catch (OperationCanceledException) { } // the failure that stopped us is already on its way
        }
        return counts;
    }

    private static async Task ParseFilesAsync(IEnumerable<string> files, ChannelWriter<(CtGovParseResult?, string?)> writer, CancellationToken ct)
    {
        try
        {
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                CtGovParseResult result;
                try { result = CtGovParser.ParseFile(file, deriveCriteria: false); }
                catch (CtGovFormatException e)
                {
                    await writer.WriteAsync((null, e.Message), ct);
                    continue;
                }
                // One study whose criteria cannot be derived is skipped with its reason; the others go on.
                var failed = new System.Collections.Concurrent.ConcurrentDictionary<Trial, string>();
                Parallel.ForEach(result.Trials, new ParallelOptions { CancellationToken = ct }, t =>
                {
                    try { TrialRelevance.Derive(t); }
                    catch (Exception e) when (e is not OperationCanceledException) { failed[t] = $"its eligibility criteria could not be read ({e.GetType().Name}: {e.Message})"; }
                });
                foreach (var (t, reason) in failed)
                {
                    result.Trials.Remove(t);
                    result.Problems.Add(new StudyProblem(file, -1, t.NctId, reason));
                }
                await writer.WriteAsync((result, null), ct);
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
            throw;
        }
    }

    /// <summary>Upserts already-parsed trials (e.g. one page of a sync) into <paramref name="counts"/>.</summary>
    public async Task UpsertAsync(IReadOnlyList<Trial> trials, ImportCounts counts, CancellationToken ct = default)
    {
        for (var i = 0; i < trials.Count; i += BatchSize)
            await UpsertBatchAsync(trials.Skip(i).Take(BatchSize).ToList(), counts, ct);
    }

    private async Task UpsertBatchAsync(List<Trial> batch, ImportCounts counts, CancellationToken ct, bool oneByOne = false)
    {
        // The same study twice in one batch: the later one wins, as it would across batches.
        var byId = new Dictionary<string, Trial>(StringComparer.Ordinal);
        foreach (var t in batch) byId[t.NctId] = t;
        var ids = byId.Keys.ToList();

        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var existing = await db.Trials.Where(t => ids.Contains(t.NctId)).ToDictionaryAsync(t => t.NctId, StringComparer.Ordinal, ct);
            var now = db.Clock.GetUtcNow().UtcDateTime;
            var added = new List<string>();
            int updated = 0, unchanged = 0;
            foreach (var (id, incoming) in byId)
            {
                if (existing.TryGetValue(id, out var row))
                {
                    if (SameContent(row, incoming)) { unchanged++; continue; }
                    CopyContent(incoming, row);
                    row.UpdatedUtc = now;
                    db.Entry(row).State = EntityState.Modified;
                    updated++;
                }
                else
                {
                    incoming.ImportedUtc = now;
                    incoming.UpdatedUtc = now;
                    db.Trials.Add(incoming);
                    added.Add(id);
                }
            }
            if (updated + added.Count > 0)
            {
                try
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }
                catch (DbUpdateException) when (!oneByOne)
                {
                    // One study the database refuses (e.g. a NUL character PostgreSQL does not store) must not cost the others:
                    // write this batch one study at a time, and skip the ones that fail with the database's reason.
                    db.ChangeTracker.Clear();
                    foreach (var t in byId.Values)
                    {
                        var one = new ImportCounts();
                        try { await UpsertBatchAsync([t], one, ct, oneByOne: true); }
                        catch (DbUpdateException e)
                        {
                            counts.Skipped.Add(new StudyProblem("database", -1, t.NctId, $"the database refused it: {(e.InnerException ?? e).Message}"));
                            continue;
                        }
                        counts.Added += one.Added;
                        counts.AddedNctIds.AddRange(one.AddedNctIds);
                        counts.Updated += one.Updated;
                        counts.Unchanged += one.Unchanged;
                    }
                    return;
                }
            }
            counts.Added += added.Count;
            counts.AddedNctIds.AddRange(added);
            counts.Updated += updated;
            counts.Unchanged += unchanged;
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Everything that comes from the registry (or is derived from it); not the import timestamps.</summary>
    internal static bool SameContent(Trial a, Trial b) =>
        a.Title == b.Title && a.OfficialTitle == b.OfficialTitle && a.Acronym == b.Acronym && a.BriefSummary == b.BriefSummary
        && a.Status == b.Status && a.Phases == b.Phases && a.StudyType == b.StudyType && a.Conditions == b.Conditions
        && a.Keywords == b.Keywords && a.Interventions == b.Interventions && a.Countries == b.Countries && a.Sponsor == b.Sponsor
        && a.StartDate == b.StartDate && a.LastUpdate == b.LastUpdate && a.MinAgeYears == b.MinAgeYears && a.MaxAgeYears == b.MaxAgeYears
        && a.Sex == b.Sex && a.EligibilityText == b.EligibilityText && a.InclusionJson == b.InclusionJson && a.ExclusionJson == b.ExclusionJson
        && a.LocationsJson == b.LocationsJson && a.ContactsJson == b.ContactsJson && a.CriteriaJson == b.CriteriaJson
        && a.Categories == b.Categories && a.Relevance == b.Relevance && a.MatchJson == b.MatchJson && a.RawJson == b.RawJson;

    private static void CopyContent(Trial from, Trial to)
    {
        to.Title = from.Title; to.OfficialTitle = from.OfficialTitle; to.Acronym = from.Acronym; to.BriefSummary = from.BriefSummary;
        to.Status = from.Status; to.Phases = from.Phases; to.StudyType = from.StudyType; to.Conditions = from.Conditions;
        to.Keywords = from.Keywords; to.Interventions = from.Interventions; to.Countries = from.Countries; to.Sponsor = from.Sponsor;
        to.StartDate = from.StartDate; to.LastUpdate = from.LastUpdate; to.MinAgeYears = from.MinAgeYears; to.MaxAgeYears = from.MaxAgeYears;
        to.Sex = from.Sex; to.EligibilityText = from.EligibilityText; to.InclusionJson = from.InclusionJson; to.ExclusionJson = from.ExclusionJson;
        to.LocationsJson = from.LocationsJson; to.ContactsJson = from.ContactsJson; to.CriteriaJson = from.CriteriaJson;
        to.Categories = from.Categories; to.Relevance = from.Relevance; to.MatchJson = from.MatchJson; to.RawJson = from.RawJson;
    }
}
