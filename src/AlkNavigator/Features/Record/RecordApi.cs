using AlkNavigator.Features.Symptoms;
using System.Globalization;
using System.Security.Claims;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The record's JSON API: same authorisation as the pages (RecordAccess), 404 for records the caller cannot see.</summary>
public static class RecordApi
{
    public sealed record RecordListItem(Guid Id, string DisplayName, string Access, string Url);
    public sealed record ImportResponse(string Summary, IReadOnlyList<ProfileProblem> Warnings);
    public sealed record TreatmentResponse(Guid Id, int Line, string Agent, string? Dose, string? Schedule, string Start, string? End,
        string? StopReason, string? Note, Guid Version, IReadOnlyList<ProfileProblem> Warnings);

    private const string Json = "application/json";

    public static void MapRecordApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/records").WithTags("Record").RequireAuthorization();

        api.MapGet("/", async (ClaimsPrincipal user, RecordAccess access, UserManager<AppUser> users, CancellationToken ct) =>
            {
                var id = users.GetUserId(user)!;
                var list = await access.ListAsync(id, ct);
                return list.Select(x => new RecordListItem(x.Record.Id, x.Record.DisplayName, x.Access.ToString().ToLowerInvariant(), $"/record/{x.Record.Id}")).ToList();
            })
            .WithName("ListRecords").WithSummary("Records the signed-in account can open: its own, then those it follows as a caregiver.");

        // Everything under one record: RecordAccessEndpointFilter opens it with the level each endpoint declares (Needs).
        var one = api.MapGroup("/{rid:guid}").AddEndpointFilter<RecordAccessEndpointFilter>();

        one.MapGet("", (OpenedRecord record, AppDbContext db, TimeProvider clock, CancellationToken ct) => ExportAsync(record.Ctx, db, clock, ct))
            .Needs(Access.View, audit: "record")
            .WithName("GetRecord").Produces(200, contentType: Json).ProducesProblem(404)
            .WithSummary("The whole record as patient profile JSON v1 with the \"alknav\" extension (the same as the export file).");

        one.MapGet("/profile", async Task<IResult> (OpenedRecord record, AppDbContext db, TimeProvider clock, string? format, CancellationToken ct) =>
                format switch
                {
                    null or "" or "profile" => await ExportAsync(record.Ctx, db, clock, ct),
                    "fhir" => await ExportFhirAsync(record.Ctx, db, clock, ct),
                    _ => TypedResults.Problem($"Unknown format '{format}': use format=profile (the default) or format=fhir.", statusCode: 400, title: "Unknown format"),
                })
            .Needs(Access.View, audit: "export")
            .WithName("ExportProfile").Produces(200, contentType: Json).Produces(200, contentType: Fhir.FhirExport.ContentType).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The export file: patient profile JSON v1 with the \"alknav\" extension; with ?format=fhir the record as an HL7 FHIR R4 " +
                "collection Bundle with mCODE profiles (application/fhir+json), the same Bundle as `alknav record export --format fhir` and the Import and export page.");

        one.MapPut("/profile", ImportAsync)
            .Needs(Access.Manage)
            .WithName("ImportProfile").Accepts<object>(Json).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415)
            .WithSummary("Replaces the record's clinical content with a profile or a FHIR R4 Bundle (mCODE; application/fhir+json) (manager or patient). Any problem, or a file with no clinical content " +
                "(e.g. {} or a Bundle with nothing that maps): 400 listing each one with line and path; nothing is saved. The record as it was is kept 30 days (restore on the Import and export page).");

        one.MapPost("/treatments", AddTreatmentAsync)
            .Needs(Access.Contribute)
            .WithName("AddTreatment").Accepts<object>(Json).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(415)
            .WithSummary("Adds one treatment line {agent, dose?, schedule?, start, end?, stopReason?, note?} (contributor or above). " +
                "An ALK inhibitor with no end while another is ongoing: 409, nothing saved (as the Treatments page refuses it).");
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<ContentHttpResult> ExportAsync(RecordContext ctx, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await ProfileJson.LoadCollectionsAsync(db, ctx.Record, ct);
        return TypedResults.Content(ProfileJson.ExportString(ctx.Record, (await PatientTime.TodayAsync(db, ctx.Record.Id, clock, ct)).Today), Json);
    }

    private static async Task<ContentHttpResult> ExportFhirAsync(RecordContext ctx, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await ProfileJson.LoadCollectionsAsync(db, ctx.Record, ct);
        return TypedResults.Content(Fhir.FhirExport.BundleJson(ctx.Record, clock.GetUtcNow()), Fhir.FhirExport.ContentType);
    }

    /// <summary>The request body, or a problem result: JSON only (so a cross-site form cannot post here), at most 1 MB.</summary>
    private static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadJsonBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return (null, TypedResults.Problem("Send the body as JSON with Content-Type: application/json.", statusCode: 415, title: "Unsupported media type"));
        if (request.ContentLength > ProfileJson.MaxBytes) return (null, TooLarge());
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > ProfileJson.MaxBytes) return (null, TooLarge());
        }
        return (ms.ToArray(), null);

        static ProblemHttpResult TooLarge() =>
            TypedResults.Problem("The body can be at most 1 MB.", statusCode: 413, title: "Too large");
    }

    private static ProblemHttpResult Invalid(string title, IReadOnlyList<ProfileProblem> problems, IReadOnlyList<ProfileProblem> warnings) =>
        TypedResults.Problem(
            $"{problems.Count} {(problems.Count == 1 ? "problem" : "problems")}; nothing was saved. " +
            string.Join(" ", problems.Take(5).Select(p => p.ToString() + ".")),
            statusCode: 400, title: title,
            extensions: new Dictionary<string, object?> { ["problems"] = problems, ["warnings"] = warnings });

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(OpenedRecord record, HttpRequest request,
        RecordAccess access, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var ctx = record.Ctx;
        var (body, problem) = await ReadJsonBodyAsync(request, ct);
        if (problem is not null) return problem;

        var (today, _) = await PatientTime.TodayAsync(db, ctx.Record.Id, clock, ct);
        var import = ProfileJson.Parse(body, today);
        if (!import.IsValid) return Invalid("The profile has problems", import.Problems, import.Warnings);
        try
        {
            var counts = await RecordSnapshots.ImportWithSnapshotAsync(db, ctx.Record, import, ctx.UserId, ctx.UserEmail, "API import",
                clock.GetUtcNow().UtcDateTime, detail => access.Audit(ctx, "import", "record", ctx.Record.Id, $"API: {detail}"), ct);
            return TypedResults.Ok(new ImportResponse(counts.ToString(), import.Warnings));
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem("Someone changed this record during the import, so nothing was saved. Send it again.", statusCode: 409, title: "Conflict");
        }
    }

    private static async Task<Results<Created<TreatmentResponse>, ProblemHttpResult>> AddTreatmentAsync(OpenedRecord record, HttpRequest request,
        RecordAccess access, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var ctx = record.Ctx;
        var (body, problem) = await ReadJsonBodyAsync(request, ct);
        if (problem is not null) return problem;

        var (today, _) = await PatientTime.TodayAsync(db, ctx.Record.Id, clock, ct);
        var (line, problems, warnings) = ProfileJson.ParseTreatment(body, today);
        if (line is null) return Invalid("The treatment line has problems", problems, warnings);
        // The forms' rule (TreatmentInput.OtherOngoingAlk): a second ongoing ALK inhibitor is almost always a forgotten end date.
        var existing = RecordSummary.NumberedLines(await db.Treatments.AsNoTracking().Where(t => t.RecordId == ctx.Record.Id).ToListAsync(ct));
        var ongoing = TreatmentInput.OtherOngoingAlk(line.Agent, line.End, existing);
        if (ongoing.Count > 0)
        {
            var names = string.Join(" and ", ongoing.Select(x => $"{x.Line.Agent} (line {x.Number}, started {Iso(x.Line.Start)})"));
            var conflict = new ProfileProblem(0, "$.end", $"{names} is still ongoing in the record; two ALK inhibitors are rarely taken at the same time. " +
                "Send this line with its end date, or first end the ongoing line (give it an end date on the Treatments page or in the profile).");
            return TypedResults.Problem(conflict.Message, statusCode: 409, title: "Another ALK inhibitor is still ongoing",
                extensions: new Dictionary<string, object?> { ["problems"] = new[] { conflict }, ["ongoing"] = ongoing.Select(x => new { id = x.Line.Id, line = x.Number, agent = x.Line.Agent, start = Iso(x.Line.Start) }).ToList() });
        }
        line.RecordId = ctx.Record.Id;
        line.UpdatedBy = ctx.UserEmail;
        db.Treatments.Add(line);
        access.Audit(ctx, "create", "treatment line", line.Id, $"API: {line.Agent} from {Iso(line.Start)}");
        await db.SaveChangesAsync(ct);

        var all = await db.Treatments.AsNoTracking().Where(t => t.RecordId == ctx.Record.Id).ToListAsync(ct);
        var number = ProfileJson.OrderedTreatments(all).FindIndex(t => t.Id == line.Id) + 1;
        return TypedResults.Created($"/api/records/{ctx.Record.Id}",
            new TreatmentResponse(line.Id, number, line.Agent, line.Dose, line.Schedule, Iso(line.Start), line.End is { } end ? Iso(end) : null,
                line.StopReason, line.Note, line.Version, warnings));
    }
}
