using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.Matching;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Fhir;

/// <summary>
/// CodeX-style trial matching: <c>POST /fhir/ResearchStudy/$match</c> with a <c>Parameters</c> resource whose <c>subject</c> parameter
/// carries the patient's Bundle (or a bare Bundle) answers a <c>searchset</c> Bundle of ResearchStudy resources, best first. The Bundle
/// is read by the import's mapping (<see cref="FhirImport"/>, leniently) into a profile, matched by <see cref="TrialMatcher"/> over the
/// in-memory catalogue (<see cref="TrialCatalog"/>, as the record's trials page and the API). Anonymous; nothing submitted is stored,
/// audited or logged; rate-limited per client address (<c>RateLimit:FhirMatchPerClientPerMinute</c>).
/// </summary>
public static class FhirMatch
{
    /// <summary>The extension on each ResearchStudy with this patient's verdict and reasons (documented in README.md).</summary>
    public const string VerdictExtension = "https://alknav.example.org/fhir/StructureDefinition/match-verdict";
    /// <summary>The operation's canonical in the CapabilityStatement (no OperationDefinition resource is served).</summary>
    public const string OperationDefinition = "https://alknav.example.org/fhir/OperationDefinition/ResearchStudy-match";
    public const string NctSystem = "https://clinicaltrials.gov";
    public const string PhaseSystem = "http://terminology.hl7.org/CodeSystem/research-study-phase";
    public const string RateLimitPolicy = "fhir-match";
    public const int DefaultCount = 20;
    public const int MaxCount = 200;

    /// <summary>The rate limiter's policy for $match: a fixed window per client IP; refused requests get a 429 OperationOutcome.</summary>
    public static void AddRateLimit(IServiceCollection services, IConfiguration config)
    {
        var perMinute = Math.Max(1, config.GetValue("RateLimit:FhirMatchPerClientPerMinute", 30));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }));
            o.OnRejected = async (ctx, ct) =>
            {
                var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero ? retry : TimeSpan.FromMinutes(1);
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await FhirApi.Outcome(StatusCodes.Status429TooManyRequests, OperationOutcome.IssueType.Throttled,
                    $"Too many matching requests from this address; try again in {(int)Math.Ceiling(wait.TotalSeconds)} seconds.").ExecuteAsync(ctx.HttpContext);
            };
        });
    }

    public static void MapMatch(RouteGroupBuilder fhir) =>
        fhir.MapPost("/ResearchStudy/$match", MatchAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("FhirResearchStudyMatch")
            .Accepts<object>(FhirExport.ContentType, "application/json")
            .Produces(200, contentType: FhirExport.ContentType)
            .Produces(400, contentType: FhirExport.ContentType)
            .Produces(429, contentType: FhirExport.ContentType)
            .WithSummary("CodeX-style trial matching: a Parameters resource with a patient Bundle as `subject` (or a bare Bundle) → a searchset Bundle of ResearchStudy, best first.")
            .WithDescription("No account needed; the submitted data is neither stored nor logged. Each entry has search.mode = match, " +
                "search.score (0–1, higher is better, in the order of the ranking) and the extension " + VerdictExtension +
                " (verdict: likely-eligible | possibly-eligible | likely-excluded | not-relevant, and the reasons). `_count` limits the " +
                $"entries (default {DefaultCount}, at most {MaxCount}). 400 OperationOutcome for a body that is not a Parameters or Bundle, " +
                "has no subject, or has no clinical content the matcher can read; 429 when a client asks too often.");

    private static async Task<IResult> MatchAsync(HttpContext http, AppDbContext db, TrialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store"; // the answer is about a patient
        var count = DefaultCount;
        if (http.Request.Query["_count"].ToString() is { Length: > 0 } c)
        {
            if (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
                return Bad(OperationOutcome.IssueType.Invalid, "_count must be a whole number of at least 1.");
            count = Math.Min(count, MaxCount);
        }

        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null) return Bad(OperationOutcome.IssueType.TooCostly, $"The request body is larger than {ProfileJson.MaxBytes / 1024 / 1024} MB.");
        if (body.Length == 0) return Bad(OperationOutcome.IssueType.Required, "Send a Parameters resource with the patient Bundle as its subject parameter.");

        var today = PatientTime.UtcToday(clock); // no patient zone is known: the UTC date, as `alknav trials match` does
        var import = new ProfileImport();
        Resource? resource;
        try
        {
            resource = FhirImport.Deserialize(body, import, "request");
        }
        catch (Exception e) when (e is not OperationCanceledException) // not JSON at all (the parser's own exception types vary)
        {
            return Bad(OperationOutcome.IssueType.Invalid, "The request body is not FHIR JSON: send a Parameters resource with the patient Bundle as its subject.");
        }
        Bundle? patient = resource switch
        {
            Parameters p => p.Parameter.FirstOrDefault(x => x.Name == "subject")?.Resource as Bundle,
            Bundle b => b,
            _ => null,
        };
        if (resource is Parameters && patient is null)
            return Bad(OperationOutcome.IssueType.Required, "The Parameters resource has no subject parameter with a patient Bundle as its resource.");
        if (patient is null)
            return Bad(OperationOutcome.IssueType.Invalid, import.Problems.FirstOrDefault()?.Message
                ?? $"Expected a Parameters resource (or a Bundle), not {(resource is null ? "this" : "a " + resource.TypeName)}.");
        FhirImport.ReadInto(patient, import, today);
        if (!import.IsValid)
            return FhirApi.Fhir(new OperationOutcome
            {
                Issue = import.Problems.Select(p => Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invalid, p)).ToList(),
            }, StatusCodes.Status400BadRequest);

        var profile = MatchProfile.FromProfile(import, today);
        var trials = await catalog.GetAsync(db, ct);
        var matches = TrialMatcher.Rank(profile, trials, count);
        var ncts = matches.Select(m => m.Nct).ToList();
        var rows = await db.Trials.AsNoTracking().Where(t => ncts.Contains(t.NctId))
            .Select(t => new { t.NctId, t.Title, t.OfficialTitle, t.Status, t.Phases, t.LocationsJson, t.ContactsJson, t.Categories })
            .ToDictionaryAsync(t => t.NctId, ct);

        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/fhir";
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Meta = new Meta { LastUpdated = clock.GetUtcNow() },
            Total = trials.Count,
        };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{root}/ResearchStudy/$match{http.Request.QueryString}" });
        foreach (var m in matches)
        {
            if (!rows.TryGetValue(m.Nct, out var t)) continue; // removed between the catalogue's load and now
            var study = Study(m, t.NctId, t.Title, t.OfficialTitle, t.Status, t.Phases, t.LocationsJson, t.ContactsJson, t.Categories);
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{root}/ResearchStudy/{study.Id}",
                Resource = study,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match, Score = (decimal)Math.Clamp(m.Score, 0, 1) },
            });
        }
        // What the Bundle's reading repaired, skipped or could not place: an OperationOutcome entry (search.mode = outcome).
        if (import.Warnings.Count > 0)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = new OperationOutcome
                {
                    Issue = import.Warnings.Select(w => Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, w)).ToList(),
                },
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
            });
        return FhirApi.Fhir(bundle);
    }

    private static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type, ProfileProblem p) =>
        new() { Severity = severity, Code = type, Diagnostics = p.Message, Expression = p.Path is { Length: > 0 } and not "$" ? [p.Path] : [] };

    private static IResult Bad(OperationOutcome.IssueType type, string text) => FhirApi.Outcome(StatusCodes.Status400BadRequest, type, text);

    /// <summary>The body as text, or null when it is over the profile's size limit; read here and nowhere else (never logged).</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > ProfileJson.MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ProfileJson.MaxBytes) return null;
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        return Encoding.UTF8.GetString(bytes).Trim();
    }

    // ------------------------------------------------------------------ the ResearchStudy

    private static ResearchStudy Study(TrialMatch m, string nct, string title, string? officialTitle, string status, string? phases,
        string locationsJson, string contactsJson, string categories)
    {
        var study = new ResearchStudy
        {
            Id = nct,
            Identifier = [new Identifier(NctSystem, nct)],
            Title = title.Length > 0 ? title : officialTitle,
            Status = StudyStatus(status),
            Phase = Phase(phases),
        };
        foreach (var k in TrialText.Split(categories))
            study.Keyword.Add(new CodeableConcept { Text = k });

        var n = 0;
        foreach (var site in TrialText.Sites(locationsJson))
        {
            if (string.IsNullOrWhiteSpace(site.Facility) && string.IsNullOrWhiteSpace(site.City) && string.IsNullOrWhiteSpace(site.Country)) continue;
            var id = "site-" + (++n).ToString(CultureInfo.InvariantCulture);
            var location = new Location
            {
                Id = id,
                Name = Blank(site.Facility),
                Address = new Address { City = Blank(site.City), State = Blank(site.State), Country = Blank(site.Country) },
                Telecom = Telecom(site.Contacts?.FirstOrDefault()),
            };
            study.Contained.Add(location);
            study.Site.Add(new ResourceReference("#" + id, location.Name));
        }
        foreach (var contact in TrialText.Contacts(contactsJson))
        {
            if (string.IsNullOrWhiteSpace(contact.Name) && string.IsNullOrWhiteSpace(contact.Phone) && string.IsNullOrWhiteSpace(contact.Email)) continue;
            study.Contact.Add(new ContactDetail { Name = Blank(contact.Name), Telecom = Telecom(contact) });
        }

        var verdict = new Extension { Url = VerdictExtension };
        verdict.Extension.Add(new Extension("verdict", new Code(m.Verdict)));
        verdict.Extension.Add(new Extension("score", new FhirDecimal((decimal)m.Score)));
        foreach (var r in m.Reasons)
        {
            var reason = new Extension { Url = "reason" };
            reason.Extension.Add(new Extension("kind", new Code(r.Kind)));
            reason.Extension.Add(new Extension("criterion", new FhirString(r.Criterion)));
            reason.Extension.Add(new Extension("text", new FhirString(r.Text)));
            verdict.Extension.Add(reason);
        }
        study.Extension.Add(verdict);
        return study;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<ContactPoint> Telecom(TrialContact? c)
    {
        var list = new List<ContactPoint>();
        if (c is null) return list;
        if (Blank(c.Phone) is { } phone) list.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        if (Blank(c.Email) is { } email) list.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email));
        return list;
    }

    /// <summary>ClinicalTrials.gov overall status → R4 ResearchStudy.status (as the CodeX trial-matching services map it).</summary>
    public static ResearchStudy.ResearchStudyStatus StudyStatus(string status) => status switch
    {
        "RECRUITING" or "ENROLLING_BY_INVITATION" or "AVAILABLE" => ResearchStudy.ResearchStudyStatus.Active,
        "NOT_YET_RECRUITING" => ResearchStudy.ResearchStudyStatus.Approved,
        "ACTIVE_NOT_RECRUITING" or "NO_LONGER_AVAILABLE" => ResearchStudy.ResearchStudyStatus.ClosedToAccrual,
        "SUSPENDED" or "TEMPORARILY_NOT_AVAILABLE" => ResearchStudy.ResearchStudyStatus.TemporarilyClosedToAccrual,
        "COMPLETED" or "APPROVED_FOR_MARKETING" => ResearchStudy.ResearchStudyStatus.Completed,
        "TERMINATED" => ResearchStudy.ResearchStudyStatus.AdministrativelyCompleted,
        "WITHDRAWN" => ResearchStudy.ResearchStudyStatus.Withdrawn,
        _ => ResearchStudy.ResearchStudyStatus.InReview, // WITHHELD, UNKNOWN (not verified recently)
    };

    /// <summary>"PHASE1|PHASE2" → research-study-phase phase-1-phase-2; null when not stated.</summary>
    public static CodeableConcept? Phase(string? phases)
    {
        var list = TrialText.Split(phases);
        var code = list switch
        {
            [] => null,
            ["NA"] => "n-a",
            ["EARLY_PHASE1"] => "early-phase-1",
            ["PHASE1"] => "phase-1",
            ["PHASE1", "PHASE2"] => "phase-1-phase-2",
            ["PHASE2"] => "phase-2",
            ["PHASE2", "PHASE3"] => "phase-2-phase-3",
            ["PHASE3"] => "phase-3",
            ["PHASE4"] => "phase-4",
            _ => null,
        };
        if (code is null) return list.Count == 0 ? null : new CodeableConcept { Text = TrialText.Phases(phases) };
        return new CodeableConcept(PhaseSystem, code, TrialText.Phases(phases));
    }
}
