using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Symptoms;

/// <summary>The Symptoms JSON API under /api/records/{rid}/symptoms (same authorisation as the pages).</summary>
public static class SymptomsApi
{
    public sealed record AnswerItem(string Term, string Attribute, int Value, string Label);
    public sealed record MeasurementsItem(decimal? TemperatureC, decimal? WeightKg, int? Systolic, int? Diastolic, int? HeartRate);
    /// <summary>One alert. Symptom and Heading name what it is about ("Shortness of breath", "Shortness of breath: moderate");
    /// LevelLabel says what the level means; CareTeamKnows is true once the patient or a caregiver confirmed the care team knows
    /// (AcknowledgedUtc, AcknowledgedBy).</summary>
    public sealed record AlertItem(Guid Id, Guid CheckInId, string Rule, string Level, string LevelLabel, string Symptom, string Heading, string Message,
        string Action, string Basis, string? Term, int Score, string Change, string Created, bool CareTeamKnows, string? AcknowledgedUtc, string? AcknowledgedBy,
        Guid Version);
    public sealed record CheckInItem(Guid Id, string Submitted, string EnteredBy, bool OnBehalf, string? Drug, string? DrugStart,
        IReadOnlyList<AnswerItem> Answers, MeasurementsItem Measurements, IReadOnlyList<AlertItem> Alerts);

    public static void MapSymptomsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/records/{rid:guid}/symptoms").WithTags("Symptoms").RequireAuthorization()
            .AddEndpointFilter<RecordAccessEndpointFilter>();

        api.MapGet("/checkins", ListCheckInsAsync).Needs(Record.Access.View, audit: "check-ins")
            .WithName("ListCheckIns").ProducesProblem(404)
            .WithSummary("Submitted check-ins, newest first, with answers (0–4 on the item's scale, presence 0/1), measurements, whether a caregiver answered on the patient's behalf, and the alerts each raised.");

        api.MapGet("/alerts", ListAlertsAsync).Needs(Record.Access.View, audit: "symptom alerts")
            .WithName("ListSymptomAlerts").ProducesProblem(404)
            .WithSummary("Every symptom alert, newest first; acknowledged ones stay (acknowledgedUtc is set).");
    }

    private static AlertItem ToItem(SymptomAlert a) =>
        new(a.Id, a.CheckInId, a.RuleId, a.Level, AlertText.LevelLabel(a), AlertText.Symptom(a), AlertText.Heading(a), a.Message, AlertText.Action(a),
            a.Basis, a.Term, a.Score, a.Change, CheckInFlow.Iso(a.CreatedUtc), a.AcknowledgedUtc is not null,
            a.AcknowledgedUtc is { } at ? CheckInFlow.Iso(at) : null, a.AcknowledgedByEmail, a.Version);

    private static async Task<Ok<List<CheckInItem>>> ListCheckInsAsync(Guid rid, AppDbContext db, CancellationToken ct)
    {
        var checkIns = await db.CheckIns.AsNoTracking().Include(c => c.Answers)
            .Where(c => c.RecordId == rid && c.Status == CheckInStatus.Submitted).ToListAsync(ct);
        var alerts = (await db.SymptomAlerts.AsNoTracking().Where(a => a.RecordId == rid).ToListAsync(ct)).ToLookup(a => a.CheckInId);
        var list = checkIns.OrderByDescending(c => c.SubmittedUtc).Select(c =>
        {
            var order = CheckInFlow.Terms(c).Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
            return new CheckInItem(c.Id, CheckInFlow.Iso(c.SubmittedUtc!.Value), c.EnteredByEmail, c.OnBehalf, c.Drug,
                c.DrugStart?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                c.Answers.OrderBy(a => order.GetValueOrDefault(a.Term, int.MaxValue)).ThenBy(a => a.Id)
                    .Select(a => new AnswerItem(a.Term, a.Attribute, a.Value, SafeLabel(a.Attribute, a.Value))).ToList(),
                new MeasurementsItem(c.TemperatureC, c.WeightKg, c.Systolic, c.Diastolic, c.HeartRate),
                alerts[c.Id].OrderByDescending(a => AlertLevels.Rank(a.Level)).Select(ToItem).ToList());
        }).ToList();
        return TypedResults.Ok(list);
    }

    private static async Task<Ok<List<AlertItem>>> ListAlertsAsync(Guid rid, AppDbContext db, CancellationToken ct)
    {
        var alerts = await db.SymptomAlerts.AsNoTracking().Where(a => a.RecordId == rid).ToListAsync(ct);
        return TypedResults.Ok(alerts.OrderByDescending(a => a.CreatedUtc).ThenByDescending(a => AlertLevels.Rank(a.Level)).Select(ToItem).ToList());
    }

    private static string SafeLabel(string attribute, int value)
    {
        try
        {
            return CheckInFlow.Label(attribute, value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
