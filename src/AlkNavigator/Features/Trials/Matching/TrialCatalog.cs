using System.Data.Common;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>A trial as matching needs it: identity, display fields and its parsed criteria, held in memory.</summary>
public sealed record CatalogTrial(
    string NctId,
    string Title,
    string Status,
    string? Phases,
    IReadOnlyList<string> Countries,
    string? Conditions,
    string Categories,
    TrialCriteria Criteria)
{
    /// <summary>RECRUITING, NOT_YET_RECRUITING, ENROLLING_BY_INVITATION: a patient could still join.</summary>
    public bool IsOpen => Status is "RECRUITING" or "NOT_YET_RECRUITING" or "ENROLLING_BY_INVITATION" or "AVAILABLE";

    /// <summary>From a Trial row (parses CriteriaJson; CriteriaParser.Apply must have run).</summary>
    public static CatalogTrial From(Trial t) => Create(t.NctId, t.Title, t.Status, t.Phases, t.Countries, t.Conditions, t.Categories, t.CriteriaJson);

    internal static CatalogTrial Create(string nct, string title, string status, string? phases, string? countries, string? conditions,
        string categories, string criteriaJson) =>
        new(nct, title, status, phases, Split(countries), conditions, categories, TrialCriteria.FromJson(criteriaJson));

    private static string[] Split(string? s) => string.IsNullOrEmpty(s) ? [] : s.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// The compact criteria stored in Trial.MatchJson at import (with the relevance, by TrialRelevance.Apply): the parsed criteria without
/// the trial's own sentences (Quotes, the text of ToCheck items), which only reasons show; an earlier-drug or chemotherapy exclusion keeps the words
/// the matcher searches for the record's drugs or a class of chemotherapy (CheckItem.DrugText). Verdicts and scores never read those
/// sentences, so ranking from this form gives the same verdicts, scores and order as ranking from CriteriaJson
/// (TrialCatalogFastPathTests holds that on the shipped catalogue), at a fraction of the bytes to read and objects to build.
/// </summary>
public static class MatchCriteria
{
    public static string ToJson(TrialCriteria c) =>
        (c with { Quotes = [], ToCheck = c.ToCheck.Select(i => i with { Text = CheckItem.KeepsText(i.Dimension) ? CheckItem.DrugText(i.Text) : "" }).ToList() }).ToJson();
}

/// <summary>
/// The catalogue in memory for matching (register as a singleton). <see cref="GetAsync"/> reloads when the Trials table changed —
/// checked cheaply (row count and latest UpdatedUtc) at most every <see cref="CheckInterval"/> — or after <see cref="Invalidate"/>.
/// Only the columns matching needs are read, and CriteriaJson is deserialised with source-generated code, in parallel.
/// </summary>
public sealed class TrialCatalog(TimeProvider clock)
{
    /// <summary>How long a loaded catalogue is trusted before the cheap change check runs again.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<CatalogTrial>? _trials;
    private (int Count, DateTime? Max) _stamp;
    private long _checkedAt; // a timestamp of the app clock

    /// <summary>Forget the loaded catalogue: the next <see cref="GetAsync"/> reloads it.</summary>
    public void Invalidate() => _trials = null;

    /// <summary>The current catalogue, loading or reloading it when needed.</summary>
    public async Task<IReadOnlyList<CatalogTrial>> GetAsync(AppDbContext db, CancellationToken ct = default)
    {
        var current = _trials;
        if (current is not null && clock.GetElapsedTime(_checkedAt) < CheckInterval) return current;
        await _lock.WaitAsync(ct);
        try
        {
            if (_trials is not null && clock.GetElapsedTime(_checkedAt) < CheckInterval) return _trials;
            var stamp = (await db.Trials.CountAsync(ct), await db.Trials.MaxAsync(t => (DateTime?)t.UpdatedUtc, ct));
            if (_trials is null || stamp != _stamp)
            {
                _trials = await LoadAsync(db, ct);
                _stamp = stamp;
            }
            _checkedAt = clock.GetTimestamp();
            return _trials;
        }
        finally
        {
            _lock.Release();
        }
    }

    private const string Columns = """SELECT "NctId", "Title", "Status", "Phases", "Countries", "Conditions", "Categories", "CriteriaJson" FROM "Trials" """;

    /// <summary>Reads every trial's matching columns and parses their criteria (see <see cref="LoadAsync(DbConnection, CancellationToken)"/>).</summary>
    public static async Task<IReadOnlyList<CatalogTrial>> LoadAsync(AppDbContext db, CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await LoadAsync(db.Database.GetDbConnection(), ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Reads every trial's matching columns from an open connection and parses their criteria: one plain data reader (no EF model,
    /// no tracking, no materialiser to compile) over the columns of <see cref="Trial"/> as EF maps them on both providers, then
    /// the criteria in parallel.
    /// </summary>
    public static async Task<IReadOnlyList<CatalogTrial>> LoadAsync(DbConnection connection, CancellationToken ct = default) =>
        (await ReadAsync(connection, Columns, compact: false, ct))!;

    /// <summary>One data reader over the matching columns (the criteria column last), then the criteria parsed in parallel; null when
    /// <paramref name="compact"/> and a row's compact criteria are empty (not derived yet).</summary>
    private static async Task<IReadOnlyList<CatalogTrial>?> ReadAsync(DbConnection connection, string sql, bool compact, CancellationToken ct)
    {
        var rows = new List<(string Nct, string Title, string Status, string? Phases, string? Countries, string? Conditions, string Categories, string Json)>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var json = r.GetString(7);
                if (compact && json.Length == 0) return null;
                rows.Add((r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), r.GetString(6), json));
            }
        }
        var result = new CatalogTrial[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var t = rows[i];
            result[i] = CatalogTrial.Create(t.Nct, t.Title, t.Status, t.Phases, t.Countries, t.Conditions, t.Categories, t.Json);
        });
        return result;
    }

    /// <summary>
    /// The catalogue for ranking only, from the compact criteria (Trial.MatchJson) instead of CriteriaJson: reasons computed from it
    /// lack the trial's quotes, so <see cref="RankAsync"/> re-reads the full criteria of the trials it returns. Null when a trial's
    /// MatchJson has not been derived yet (a database migrated from before the column, until re-import or the criteria refresh).
    /// </summary>
    public static Task<IReadOnlyList<CatalogTrial>?> LoadCompactAsync(DbConnection connection, CancellationToken ct = default) =>
        ReadAsync(connection, CompactQuery, compact: true, ct);

    /// <summary>The compact catalogue's query: on SQLite exactly the columns of the covering index TrialConfig.ConfigureSqlite adds, so
    /// the planner reads that index alone.</summary>
    internal const string CompactQuery = """SELECT "NctId", "Title", "Status", "Phases", "Countries", "Conditions", "Categories", "MatchJson" FROM "Trials" """;

    /// <summary>The listed trials with their full criteria (CriteriaJson, quotes included), by NCT id.</summary>
    public static async Task<Dictionary<string, CatalogTrial>> LoadFullAsync(DbConnection connection, IReadOnlyCollection<string> ncts, CancellationToken ct = default)
    {
        var result = new Dictionary<string, CatalogTrial>(StringComparer.Ordinal);
        foreach (var chunk in ncts.Chunk(500))
        {
            await using var cmd = connection.CreateCommand();
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = names[i] = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                p.Value = chunk[i];
                cmd.Parameters.Add(p);
            }
            cmd.CommandText = Columns + $"""WHERE "NctId" IN ({string.Join(", ", names)})""";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                result[r.GetString(0)] = CatalogTrial.Create(r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), r.GetString(6), r.GetString(7));
        }
        return result;
    }

    /// <summary>
    /// The best <paramref name="top"/> trials for a profile, read straight from the database as `trials match --top N` does: ranks the
    /// compact criteria as it streams them (<see cref="ScoreCompactAsync"/>: no catalogue held in memory), then re-reads the full criteria of the N trials it keeps and matches them
    /// again for their reasons (quotes included). Verdicts and scores must come out the same; should they not (or the compact form be
    /// missing), it ranks the full catalogue instead, so the output is always that of <see cref="TrialMatcher.Rank"/> over
    /// <see cref="LoadAsync(DbConnection, CancellationToken)"/>. Returns the matches, the catalogue's size and whether the compact
    /// form was used.
    /// </summary>
    public static async Task<(List<TrialMatch> Matches, int Total, bool Compact)> RankAsync(DbConnection connection, MatchProfile profile, int top,
        CancellationToken ct = default, int batchSize = 2048)
    {
        if (await ScoreCompactAsync(connection, profile, batchSize, ct) is { } scored)
        {
            scored.Sort((a, b) => TrialMatcher.RankOrder(a.Score, a.Nct, b.Score, b.Nct));
            var ranked = scored.Take(Math.Clamp(top, 0, scored.Count)).ToList();
            var full = await LoadFullAsync(connection, ranked.Select(m => m.Nct).ToList(), ct);
            var matches = new List<TrialMatch>(ranked.Count);
            foreach (var m in ranked)
            {
                if (!full.TryGetValue(m.Nct, out var trial)) break;
                var again = TrialMatcher.Match(profile, trial);
                if (again.Verdict != m.Verdict || again.Score != m.Score) break;
                matches.Add(again);
            }
            if (matches.Count == ranked.Count) return (matches, scored.Count, true);
        }
        var all = await LoadAsync(connection, ct);
        return (TrialMatcher.Rank(profile, all, top), all.Count, false);
    }

    /// <summary>
    /// Every trial's verdict and score from the compact criteria, streamed: rows are read in batches and each batch is parsed and scored
    /// in parallel while the next is read, so the catalogue is never held as 100,000 object graphs (which cost more in garbage
    /// collection than in matching). Null when a row's compact criteria are missing (then the caller ranks the full catalogue).
    /// </summary>
    private static async Task<List<(string Nct, string Verdict, double Score)>?> ScoreCompactAsync(DbConnection connection, MatchProfile profile, int batchSize, CancellationToken ct)
    {
        var scorer = new TrialMatcher.Scorer(profile);
        var result = new List<(string Nct, string Verdict, double Score)>();
        Task scoring = Task.CompletedTask;
        var batch = new List<Row>(batchSize);
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = CompactQuery;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var json = r.GetString(7);
                if (json.Length == 0)
                {
                    await scoring;
                    return null;
                }
                batch.Add(new Row(r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), r.GetString(6), json));
                if (batch.Count < batchSize) continue;
                await scoring; // one batch in flight: memory stays flat, reading overlaps scoring
                var full = batch;
                scoring = Task.Run(() => Score(full, scorer, result), ct);
                batch = new List<Row>(batchSize);
            }
        }
        await scoring;
        Score(batch, scorer, result);
        return result;
    }

    private sealed record Row(string Nct, string Title, string Status, string? Phases, string? Countries, string? Conditions, string Categories, string Json);

    private static void Score(List<Row> rows, TrialMatcher.Scorer scorer, List<(string Nct, string Verdict, double Score)> into)
    {
        var scored = new (string, string, double)[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var t = rows[i];
            var (verdict, score) = scorer.Score(CatalogTrial.Create(t.Nct, t.Title, t.Status, t.Phases, t.Countries, t.Conditions, t.Categories, t.Json));
            scored[i] = (t.Nct, verdict, score);
        });
        into.AddRange(scored);
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
