using System.Text.Json.Nodes;
using AlkNavigator.Features.Fhir;
using AlkNavigator.Features.Record;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace AlkNavigator.Tests.Fhir;

/// <summary>
/// Firely's strict parser and validator, offline: the base R4 specification (Hl7.Fhir.Specification.Data.R4's specification.zip) and
/// the mCODE STU4 package (Fixtures/fhir-packages, checked against its npm sha512). Every resource is validated against base R4 and
/// against each mCODE profile it declares in meta.profile, using the profile's own snapshot (complete in the package: it carries what
/// mCODE inherits from US Core and genomics-reporting). What cannot be had offline is stood in, not ignored: each US Core and
/// genomics-reporting canonical mCODE names (a base profile, a reference's target profile, an extension) resolves to the base R4
/// definition of its type (<see cref="StandIns"/>), so those profiles' own extra rules are not checked beyond what mCODE's snapshots
/// repeat. Value sets outside the package (US Core, VSAC, LOINC answer lists, HGVS) cannot be expanded: Firely reports them as warnings
/// (code 6006), and only errors fail. One profile cannot be compiled by Firely at all (<see cref="NotCompilable"/>).
/// </summary>
internal static class FhirTesting
{
    public const string McodePackage = "hl7.fhir.us.mcode-4.0.0.tgz";
    private const string McodeSha512 = "HJogFi9rQetIUE8gqKFq2tt4I8ukdH3PUCQO5jBiKxYUgh+vrlXvkWkt/XuYOzpNPdfRmsj3LG4UJm5o1g2OlA==";

    /// <summary>
    /// mCODE profiles Firely 3.6 cannot compile, with the reason: the Stage Group slices hasMember by <c>$this.resolve()</c> against
    /// profiles that share a base, which Firely refuses ("leads to multiple ElementDefinitions"). Resources declaring it are validated
    /// against base R4 only; the error is dropped by this exact message and profile, nothing else.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotCompilable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [FhirCodes.Profiles.StageGroup] = "leads to multiple ElementDefinitions, which is not allowed",
    };

    private static readonly Lazy<(Validator Validator, DirectorySource Mcode)> ValidatorValue = new(() =>
    {
        var core = ZipSource.CreateValidationSource();
        var mcode = new DirectorySource(ExtractMcode(), new DirectorySourceSettings { IncludeSubDirectories = true });
        var resolver = new CachedResolver(new MultiResolver(mcode, core, new StandIns(core)));
        return (new Validator(resolver, new LocalTerminologyService(resolver), null, new ValidationSettings()), mcode);
    });

    private static readonly Lock Gate = new();

    public static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>The vendored mCODE package, checked against its npm integrity and unpacked to a temp folder (once per test run).</summary>
    private static string ExtractMcode()
    {
        var tgz = Path.Combine(Repo.Root, "tests", "AlkNavigator.Tests", "Fixtures", "fhir-packages", McodePackage);
        var bytes = File.ReadAllBytes(tgz);
        Assert.Equal(McodeSha512, Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(bytes)));
        var dir = Directory.CreateTempSubdirectory("alknav-mcode-").FullName;
        using var gz = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gz);
        while (tar.GetNextEntry() is { } entry)
        {
            // package/*.json only (the conformance resources); not the examples, not package.json or the index.
            var name = entry.Name.Replace('\\', '/');
            if (entry.EntryType is not (System.Formats.Tar.TarEntryType.RegularFile or System.Formats.Tar.TarEntryType.V7RegularFile)
                || !name.StartsWith("package/", StringComparison.Ordinal) || name.Count(c => c == '/') != 1
                || !name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith("/package.json", StringComparison.Ordinal) || name.Contains("/.", StringComparison.Ordinal))
                continue;
            entry.ExtractToFile(Path.Combine(dir, name["package/".Length..]), overwrite: true);
        }
        return dir;
    }

    /// <summary>The mCODE StructureDefinition for a canonical, if the vendored package has it.</summary>
#pragma warning disable CS0618 // the synchronous resolver API
    public static StructureDefinition? McodeProfile(string canonical) =>
        ValidatorValue.Value.Mcode.ResolveByCanonicalUri(canonical) as StructureDefinition;
#pragma warning restore CS0618

    /// <summary>Parses <paramref name="json"/> strictly (throws on any issue) and validates it; returns the issues of severity error or worse.</summary>
    public static List<string> StrictParseAndValidate(string json)
    {
        var resource = Strict.DeserializeResource(json); // DeserializationFailedException on any issue
        OperationOutcome outcome;
        lock (Gate) outcome = ValidatorValue.Value.Validator.Validate(resource);
        return outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Where(i => !NotCompilable.Any(n => i.Details?.Text is { } t && t.Contains($"'{n.Key}'", StringComparison.Ordinal) && t.Contains(n.Value, StringComparison.Ordinal)))
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text}")
            .ToList();
    }

    /// <summary>
    /// The base R4 definition of a type under a US Core or genomics-reporting canonical that mCODE names (neither package can be loaded
    /// offline, see Fixtures/fhir-packages/SOURCES.md). Only the canonicals listed resolve; anything else stays unresolved (and fails).
    /// </summary>
    private sealed class StandIns(IResourceResolver core) : IResourceResolver
    {
        private const string UsCore = "http://hl7.org/fhir/us/core/StructureDefinition/";
        private const string Genomics = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/";

        private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
        {
            [UsCore + "us-core-careplan"] = "CarePlan", [UsCore + "us-core-careteam"] = "CareTeam",
            [UsCore + "us-core-condition-problems-health-concerns"] = "Condition", [UsCore + "us-core-documentreference"] = "DocumentReference",
            [UsCore + "us-core-encounter"] = "Encounter", [UsCore + "us-core-medication"] = "Medication", [UsCore + "us-core-organization"] = "Organization",
            [UsCore + "us-core-patient"] = "Patient", [UsCore + "us-core-practitioner"] = "Practitioner", [UsCore + "us-core-practitionerrole"] = "PractitionerRole",
            [UsCore + "us-core-questionnaireresponse"] = "QuestionnaireResponse", [UsCore + "us-core-relatedperson"] = "RelatedPerson",
            [UsCore + "us-core-servicerequest"] = "ServiceRequest", [UsCore + "us-core-medicationrequest"] = "MedicationRequest",
            [UsCore + "us-core-observation-clinical-result"] = "Observation", [UsCore + "us-core-observation-lab"] = "Observation",
            [UsCore + "us-core-simple-observation"] = "Observation", [UsCore + "us-core-vital-signs"] = "Observation",
            [UsCore + "us-core-procedure"] = "Procedure", [UsCore + "us-core-specimen"] = "Specimen",
            [UsCore + "us-core-birthsex"] = "Extension", [UsCore + "us-core-ethnicity"] = "Extension", [UsCore + "us-core-genderIdentity"] = "Extension",
            [UsCore + "us-core-race"] = "Extension", [UsCore + "us-core-sex"] = "Extension", [UsCore + "us-core-tribal-affiliation"] = "Extension",
            [Genomics + "variant"] = "Observation", [Genomics + "region-studied"] = "Observation", [Genomics + "genomics-report"] = "DiagnosticReport",
            [Genomics + "diagnostic-implication"] = "Observation", [Genomics + "therapeutic-implication"] = "Observation", [Genomics + "genotype"] = "Observation",
            [Genomics + "haplotype"] = "Observation", [Genomics + "overall-interpretation"] = "Observation", [Genomics + "sequence-phase-relationship"] = "Observation",
            [Genomics + "coded-annotation"] = "Annotation", [Genomics + "genomic-report-note"] = "Extension", [Genomics + "genomics-artifact"] = "Extension",
            [Genomics + "genomics-file"] = "Extension", [Genomics + "genomics-risk-assessment"] = "Extension", [Genomics + "recommended-action"] = "Extension",
        };

        public Resource? ResolveByUri(string uri) => null;

        public Resource? ResolveByCanonicalUri(string uri)
        {
            var url = uri.Split('|')[0];
            if (!Types.TryGetValue(url, out var type)) return null;
#pragma warning disable CS0618 // the synchronous resolver API is what IResourceResolver asks for
            var sd = (StructureDefinition)((StructureDefinition)core.ResolveByCanonicalUri("http://hl7.org/fhir/StructureDefinition/" + type)!).DeepCopy();
#pragma warning restore CS0618
            sd.Url = url;
            sd.Id = null;
            sd.Name = "StandIn" + type;
            sd.Derivation = StructureDefinition.TypeDerivationRule.Constraint;
            sd.BaseDefinition = "http://hl7.org/fhir/StructureDefinition/" + type;
            sd.Differential = new StructureDefinition.DifferentialComponent();
            if (type == "Extension") sd.Snapshot!.Element.Single(e => e.Path == "Extension.url").Fixed = new FhirUri(url);
            return sd;
        }
    }

    /// <summary>A Bundle's JSON without its timestamp (the only part that depends on when it was made).</summary>
    public static string WithoutTimestamp(string bundleJson)
    {
        var o = JsonNode.Parse(bundleJson)!.AsObject();
        Assert.NotNull(o["timestamp"]);
        o.Remove("timestamp");
        return o.ToJsonString();
    }

    /// <summary>
    /// The record's clinical content as comparable JSON: the profile export without its id, care team and plan (not clinical, not in
    /// the Bundle), with every array sorted (rows of the same date have no order of their own once their ids are new).
    /// </summary>
    public static string Clinical(PatientRecord r, DateOnly today)
    {
        var o = ProfileJson.Export(r, today);
        o.Remove("id");
        var x = o["alknav"]!.AsObject();
        x.Remove("careTeam");
        x.Remove("plan");
        x.Remove("displayName");
        x.Remove("preferredHospital");
        return Sorted(o).ToJsonString();
    }

    private static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : (JsonNode?)Sorted(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(a => a is null ? null : Sorted(a)).OrderBy(a => a?.ToJsonString(), StringComparer.Ordinal).ToArray()),
        _ => node.DeepClone(),
    };
}
