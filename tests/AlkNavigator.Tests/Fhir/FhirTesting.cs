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
/// Firely's strict parser and validator against the base R4 specification (Hl7.Fhir.Specification.Data.R4's specification.zip,
/// offline). The mCODE StructureDefinitions are not available offline, so the mCODE canonicals in meta.profile are dropped
/// before validation (and counted): what is validated is base R4 conformance, not mCODE profile conformance.
/// </summary>
internal static class FhirTesting
{
    private static readonly Lazy<Validator> ValidatorValue = new(() =>
    {
        var resolver = new CachedResolver(new MultiResolver(ZipSource.CreateValidationSource()));
        var settings = new ValidationSettings
        {
            SelectValidationProfiles = (_, profiles, _, _) => profiles.Where(p => !p.ToString().StartsWith("http://hl7.org/fhir/us/mcode/", StringComparison.Ordinal)).ToArray(),
        };
        return new Validator(resolver, new LocalTerminologyService(resolver), null, settings);
    });

    private static readonly Lock Gate = new();

    public static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>Parses <paramref name="json"/> strictly (throws on any issue) and validates it; returns the issues of severity error or worse.</summary>
    public static List<string> StrictParseAndValidate(string json)
    {
        var bundle = Strict.DeserializeResource(json); // DeserializationFailedException on any issue
        OperationOutcome outcome;
        lock (Gate) outcome = ValidatorValue.Value.Validate(bundle);
        return outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text}")
            .ToList();
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
