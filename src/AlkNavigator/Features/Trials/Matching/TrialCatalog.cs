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
/// The catalogue in memory for matching (register as a singleton). <see cref="GetAsync"/> reloads when the Trials table changed —
/// checked cheaply (row count and latest UpdatedUtc) at most every <see cref="CheckInterval"/> — or after <see cref="Invalidate"/>.
/// Only the columns matching needs are read, and CriteriaJson is deserialised with source-generated code, in parallel.
/// </summary>
public sealed class TrialCatalog
{
    /// <summary>How long a loaded catalogue is trusted before the cheap change check runs again.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<CatalogTrial>? _trials;
    private (int Count, DateTime? Max) _stamp;
    private DateTime _checkedUtc;

    /// <summary>Forget the loaded catalogue: the next <see cref="GetAsync"/> reloads it.</summary>
    public void Invalidate() => _trials = null;

    /// <summary>The current catalogue, loading or reloading it when needed.</summary>
    public async Task<IReadOnlyList<CatalogTrial>> GetAsync(AppDbContext db, CancellationToken ct = default)
    {
        var current = _trials;
        if (current is not null && DateTime.UtcNow - _checkedUtc < CheckInterval) return current;
        await _lock.WaitAsync(ct);
        try
        {
            if (_trials is not null && DateTime.UtcNow - _checkedUtc < CheckInterval) return _trials;
            var stamp = (await db.Trials.CountAsync(ct), await db.Trials.MaxAsync(t => (DateTime?)t.UpdatedUtc, ct));
            if (_trials is null || stamp != _stamp)
            {
                _trials = await LoadAsync(db, ct);
                _stamp = stamp;
            }
            _checkedUtc = DateTime.UtcNow;
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
    public static async Task<IReadOnlyList<CatalogTrial>> LoadAsync(DbConnection connection, CancellationToken ct = default)
    {
        var rows = new List<(string Nct, string Title, string Status, string? Phases, string? Countries, string? Conditions, string Categories, string Json)>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = """SELECT "NctId", "Title", "Status", "Phases", "Countries", "Conditions", "Categories", "CriteriaJson" FROM "Trials" """;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add((r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), r.GetString(6), r.GetString(7)));
        }
        var result = new CatalogTrial[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var t = rows[i];
            result[i] = CatalogTrial.Create(t.Nct, t.Title, t.Status, t.Phases, t.Countries, t.Conditions, t.Categories, t.Json);
        });
        return result;
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
