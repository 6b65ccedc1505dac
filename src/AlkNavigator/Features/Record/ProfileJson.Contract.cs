using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace AlkNavigator.Features.Record;

/// <summary>What a JSON document handed in as a patient profile turns out to be (<see cref="ProfileJson.Recognise"/>).</summary>
public enum ProfileInputKind
{
    /// <summary>A JSON object that is not a FHIR resource: read as a patient profile (it may still have problems, or no content).</summary>
    Profile,
    /// <summary>An array, a string, a number...: not a profile.</summary>
    NotAnObject,
    /// <summary>A FHIR Bundle (<c>"resourceType": "Bundle"</c>): read by <see cref="Fhir.FhirImport"/> into the same import.</summary>
    FhirBundle,
    /// <summary>Any other FHIR resource (<c>"resourceType"</c> is there): not a profile.</summary>
    FhirResource,
}

/// <summary>
/// ProfileJson: the profile contract. Every reader of profile JSON (record import on the page, the API and the CLI; trials match,
/// schedule plan, symptoms and interactions on the command line) goes through <see cref="ProfileJson.Parse"/>, which
/// <list type="number">
/// <item>tells a profile from other JSON (<see cref="Recognise"/>: the one place that does, where FHIR Bundle import will hook in),</item>
/// <item>checks the structure against the JSON Schema <c>patient-profile.schema.json</c> (served at <c>/api/schema/profile.json</c>
/// and put in the OpenAPI document), and</item>
/// <item>checks in code what a schema cannot say: vocabularies with their synonyms, dates not in the future, an end after its
/// start, age against birthYear, each site once, the extension against the profile, and that there is some content at all.</item>
/// </list>
/// Every problem has its line and JSON path, so callers print FILE:LINE.
/// </summary>
public static partial class ProfileJson
{
    public const string SchemaResourceName = "AlkNavigator.Features.Record.patient-profile.schema.json";

    private static readonly Lazy<string> SchemaTextValue = new(() =>
    {
        using var stream = typeof(ProfileJson).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchema> SchemaValue = new(() => JsonSchema.FromText(SchemaText));

    /// <summary>The patient profile's JSON Schema (draft 2020-12), as shipped in the assembly.</summary>
    public static string SchemaText => SchemaTextValue.Value;

    /// <summary>The patient profile's JSON Schema, built once.</summary>
    public static JsonSchema Schema => SchemaValue.Value;

    /// <summary>What the document is: a profile to read, or something that is not a profile (and why not).</summary>
    public static ProfileInputKind Recognise(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return ProfileInputKind.NotAnObject;
        if (!root.TryGetProperty("resourceType", out var rt)) return ProfileInputKind.Profile;
        return rt.ValueKind == JsonValueKind.String && rt.GetString() == "Bundle" ? ProfileInputKind.FhirBundle : ProfileInputKind.FhirResource;
    }

    private const string UseAProfile = "Use a patient profile JSON file (version 1), such as the one \"Download the profile\" gives";

    /// <summary>Why the document is refused before it is read as a profile; null when it is to be read as one.</summary>
    private static string? NotAProfileMessage(JsonElement root) => Recognise(root) switch
    {
        ProfileInputKind.NotAnObject => $"must be a JSON object ({{ ... }}), not {Kind(root)}: this is not a patient profile. {UseAProfile}",
        ProfileInputKind.FhirResource => $"This is a FHIR {ResourceType(root)}, not a patient profile: of FHIR, only a Bundle (with its Patient) is accepted, so nothing in it was read. {UseAProfile}",
        _ => null,
    };

    private static string ResourceType(JsonElement root) =>
        root.GetProperty("resourceType") is { ValueKind: JsonValueKind.String } rt && rt.GetString() is { Length: > 0 and <= 64 } name ? name : "resource";

    /// <summary>
    /// Checks the document against the schema. A schema error is reported only where the code's own checks found nothing at (or
    /// under) the same place, so a file gets one message per mistake, in the reader's words where it has them.
    /// </summary>
    private static void CheckSchema(Walker w, JsonElement root)
    {
        var results = Schema.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid) return;
        var known = w.Problems.Select(p => p.Path).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Report(results);

        // Only failures that make the document fail: what fails inside a "not" (that is the "not" passing), the condition of an
        // "if", and whatever fails under a node that passes are how the schema decides, not mistakes in the file.
        void Report(EvaluationResults node)
        {
            if (node.IsValid || node.EvaluationPath.ToString() is var at && (at.EndsWith("/if", StringComparison.Ordinal) || at.EndsWith("/not", StringComparison.Ordinal)))
                return;
            if (node.Errors is { Count: > 0 } errors)
            {
                var path = PathOf(root, node.InstanceLocation.ToString());
                if (!known.Any(k => Related(k, path)))
                    foreach (var (keyword, message) in errors)
                        if (seen.Add(path + "\u0001" + keyword))
                            w.Error(path, $"{message.TrimEnd('.')} (profile schema: {keyword})");
            }
            foreach (var child in node.Details ?? []) Report(child);
        }
    }

    /// <summary>The same place, or one inside the other ("$" is everything's parent, so it only matches itself).</summary>
    private static bool Related(string a, string b) =>
        a == b || (a != "$" && b != "$" && (Under(a, b) || Under(b, a)));

    private static bool Under(string child, string parent) =>
        child.Length > parent.Length && child.StartsWith(parent, StringComparison.Ordinal) && child[parent.Length] is '.' or '[';

    /// <summary>A JSON Pointer ("/therapies/0/start") as the reader's path ("$.therapies[0].start").</summary>
    private static string PathOf(JsonElement root, string pointer)
    {
        var path = "$";
        var at = root;
        var text = pointer.TrimStart('#');
        if (text.Length == 0 || text == "/") return path;
        foreach (var raw in text.TrimStart('/').Split('/'))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (at.ValueKind == JsonValueKind.Array && int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < at.GetArrayLength())
            {
                path += $"[{i}]";
                at = at[i];
            }
            else
            {
                path = Walker.Child(path, segment);
                if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(segment, out at)) return path;
            }
        }
        return path;
    }
}
