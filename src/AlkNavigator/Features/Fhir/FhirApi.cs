using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using static AlkNavigator.Features.Fhir.FhirCodes;

namespace AlkNavigator.Features.Fhir;

/// <summary>
/// The record's FHIR face under /fhir: the CapabilityStatement (anonymous), and read/search of the record's resources with the same
/// authorisation and audit as /api/records/{rid} (<see cref="RecordAccessEndpointFilter"/> with <c>Needs(View, audit)</c>; a search's
/// <c>patient</c> parameter names the record). Answers are <c>application/fhir+json</c>; errors are OperationOutcomes (400, 401, 403, 404).
/// </summary>
public static class FhirApi
{
    public static bool IsFhir(HttpContext context) => context.Request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase);

    public static void MapFhirApi(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").WithTags("FHIR");

        fhir.MapGet("/metadata", (TimeProvider clock) => Fhir(Capabilities(clock.GetUtcNow())))
            .AllowAnonymous()
            .WithName("FhirCapabilities").Produces(200, contentType: FhirExport.ContentType)
            .WithSummary("The server's CapabilityStatement (FHIR R4): what can be read and searched under /fhir.");

        FhirMatch.MapMatch(fhir); // anonymous, rate-limited, outside the record filter: it reads no record and stores nothing

        var records = fhir.MapGroup("").RequireAuthorization()
            .AddEndpointFilter<OperationOutcomeFilter>()
            .AddEndpointFilter<PatientParameterFilter>()
            .AddEndpointFilter<RecordAccessEndpointFilter>();

        records.MapGet("/Patient/{rid:guid}", async (OpenedRecord record, AppDbContext db, CancellationToken ct) =>
                Fhir((await ResourcesAsync(record, db, ct)).OfType<Patient>().Single()))
            .Needs(Access.View, audit: "FHIR Patient")
            .WithName("FhirReadPatient").Produces(200, contentType: FhirExport.ContentType)
            .WithSummary("The record's Patient resource (mCODE Cancer Patient). 404 OperationOutcome for a record you cannot open.");

        records.MapGet("/Patient/{rid:guid}/$everything", async (OpenedRecord record, AppDbContext db, HttpRequest request, CancellationToken ct) =>
                Fhir(Searchset(request, await ResourcesAsync(record, db, ct))))
            .Needs(Access.View, audit: "FHIR $everything")
            .WithName("FhirPatientEverything").Produces(200, contentType: FhirExport.ContentType)
            .WithSummary("Everything in the record as a searchset Bundle (the same resources as the FHIR export).");

        foreach (var (type, audit) in new[] { ("Condition", "FHIR Condition"), ("Observation", "FHIR Observation"),
                     ("MedicationStatement", "FHIR MedicationStatement"), ("Procedure", "FHIR Procedure"), ("AllergyIntolerance", "FHIR AllergyIntolerance") })
        {
            records.MapGet("/" + type, async (OpenedRecord record, AppDbContext db, HttpRequest request, string? code, CancellationToken ct) =>
                {
                    var found = (await ResourcesAsync(record, db, ct)).Where(r => r.TypeName == type);
                    if (code is not null) found = found.Where(r => r is Observation o && MatchesCode(o.Code, code));
                    return Fhir(Searchset(request, found));
                })
                .Needs(Access.View, audit: audit)
                .WithName("FhirSearch" + type).Produces(200, contentType: FhirExport.ContentType)
                .WithSummary($"Search the record's {type} resources: ?patient=ID (required){(type == "Observation" ? "&code=[system|]code (e.g. http://loinc.org|89247-1 for ECOG)" : "")}.");
        }
    }

    /// <summary>Under /fhir, errors (a bare 401/403/404/415 or an exception) are OperationOutcomes, never the HTML error page.</summary>
    public static void UseErrors(WebApplication app) =>
        app.UseWhen(IsFhir, f =>
        {
            f.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = c => Outcome(StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Exception,
                    "Something went wrong on the server; the error was logged.").ExecuteAsync(c),
            });
            f.UseStatusCodePages(new StatusCodePagesOptions
            {
                HandleAsync = c =>
                {
                    var status = c.HttpContext.Response.StatusCode;
                    var (type, text) = status switch
                    {
                        StatusCodes.Status401Unauthorized => (OperationOutcome.IssueType.Login, "Sign in first."),
                        StatusCodes.Status403Forbidden => (OperationOutcome.IssueType.Forbidden, "Your account may not do this."),
                        StatusCodes.Status404NotFound => (OperationOutcome.IssueType.NotFound, "There is nothing at this address."),
                        _ => (OperationOutcome.IssueType.Processing, $"The request failed ({status})."),
                    };
                    return Outcome(status, type, text).ExecuteAsync(c.HttpContext);
                },
            });
        });

    // ------------------------------------------------------------------ building answers

    private static async Task<List<Resource>> ResourcesAsync(OpenedRecord record, AppDbContext db, CancellationToken ct)
    {
        await ProfileJson.LoadCollectionsAsync(db, record.Ctx.Record, ct);
        var resources = FhirExport.Resources(record.Ctx.Record);
        // On a server, references are relative ("Condition/ID"), not the Bundle-local urn:uuid of the export file.
        var types = resources.ToDictionary(r => r.FullUrl, r => r.Resource.TypeName, StringComparer.Ordinal);
        foreach (var (_, res) in resources) Relativise(res, types);
        return resources.Select(r => r.Resource).ToList();
    }

    private static void Relativise(Base element, Dictionary<string, string> types)
    {
        if (element is ResourceReference { Reference: { } reference } rr && types.TryGetValue(reference, out var type))
            rr.Reference = $"{type}/{reference["urn:uuid:".Length..]}";
        foreach (var (_, value) in element.EnumerateElements())
        {
            if (value is Base child) Relativise(child, types);
            else if (value is IEnumerable<Base> list) foreach (var item in list) Relativise(item, types);
        }
    }

    private static Bundle Searchset(HttpRequest request, IEnumerable<Resource> resources)
    {
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Meta = new Meta { LastUpdated = request.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() } };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{root}{request.Path.Value?["/fhir".Length..]}{request.QueryString}" });
        foreach (var r in resources)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{root}/{r.TypeName}/{r.Id}",
                Resource = r,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        bundle.Total = bundle.Entry.Count;
        return bundle;
    }

    private static bool MatchesCode(CodeableConcept? concept, string query) =>
        query.Split(',').Any(q =>
        {
            var bar = q.IndexOf('|');
            return bar < 0 ? HasCode(concept, q) : Has(concept, q[..bar], q[(bar + 1)..]);
        });

    private static CapabilityStatement Capabilities(DateTimeOffset now)
    {
        var patientParam = new CapabilityStatement.SearchParamComponent { Name = "patient", Type = SearchParamType.Reference, Documentation = "The record (Patient id); required." };
        CapabilityStatement.ResourceComponent Search(string type, params CapabilityStatement.SearchParamComponent[] extra) => new()
        {
            Type = type,
            Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
            SearchParam = [patientParam, .. extra],
        };
        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "AlkNavigator" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "AlkNavigator: a patient's record (mCODE) read-only over FHIR R4" },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Sign in with the web app's account (cookie). Each record is visible to its patient and to the caregivers it is shared with, as on the web; reads by others than the patient are audited.",
                    Resource =
                    [
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "Patient",
                            SupportedProfile = [Profiles.CancerPatient],
                            Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read }],
                            Operation = [new CapabilityStatement.OperationComponent { Name = "everything", Definition = "http://hl7.org/fhir/OperationDefinition/Patient-everything" }],
                        },
                        Search("Condition"),
                        Search("Observation", new CapabilityStatement.SearchParamComponent { Name = "code", Type = SearchParamType.Token }),
                        Search("MedicationStatement"),
                        Search("Procedure"),
                        Search("AllergyIntolerance"),
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "ResearchStudy",
                            Operation = [new CapabilityStatement.OperationComponent { Name = "match", Definition = FhirMatch.OperationDefinition }],
                        },
                    ],
                },
            ],
        };
    }

    internal static IResult Fhir(Resource resource, int status = StatusCodes.Status200OK) =>
        Results.Content(FhirExport.Serialize(resource), FhirExport.ContentType, System.Text.Encoding.UTF8, status);

    internal static IResult Outcome(int status, OperationOutcome.IssueType type, string text) =>
        Fhir(new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = text }],
        }, status);

    /// <summary>A search names its record with ?patient=ID (or Patient/ID): handed to the record filter as the route's {rid}.</summary>
    private sealed class PatientParameterFilter : IEndpointFilter
    {
        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (http.Request.RouteValues.ContainsKey("rid")) return next(context);
            var patient = http.Request.Query["patient"].ToString();
            if (patient.StartsWith("Patient/", StringComparison.Ordinal)) patient = patient["Patient/".Length..];
            if (string.IsNullOrEmpty(patient))
                return ValueTask.FromResult<object?>(Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required,
                    "Give the record to search with ?patient=ID (this server holds one record per patient and searches one at a time)."));
            http.Request.RouteValues["rid"] = patient;
            return next(context);
        }
    }

    /// <summary>The record filter's problem answers (404, 403) as OperationOutcomes with the same status.</summary>
    private sealed class OperationOutcomeFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var result = await next(context);
            if (result is ProblemHttpResult problem)
                return Outcome(problem.StatusCode, problem.StatusCode switch
                {
                    StatusCodes.Status404NotFound => OperationOutcome.IssueType.NotFound,
                    StatusCodes.Status403Forbidden => OperationOutcome.IssueType.Forbidden,
                    _ => OperationOutcome.IssueType.Processing,
                }, problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "The request failed.");
            return result;
        }
    }
}
