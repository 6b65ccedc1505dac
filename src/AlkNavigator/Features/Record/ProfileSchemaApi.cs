using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace AlkNavigator.Features.Record;

/// <summary>
/// The patient profile's JSON Schema (ProfileJson.Contract.cs) for API callers: served as a file, and put in the OpenAPI document
/// as the component "PatientProfile", which the endpoints that take or give a profile refer to.
/// </summary>
public static class ProfileSchemaApi
{
    public const string Url = "/api/schema/profile.json";
    public const string ComponentName = "PatientProfile";

    /// <summary>The operations (by name, WithName) whose request body is a profile, and those whose 200 response is one.</summary>
    private static readonly string[] Accepting = ["ImportProfile"];
    private static readonly string[] Giving = ["GetRecord", "ExportProfile"];

    public static void MapProfileSchema(this IEndpointRouteBuilder app) =>
        app.MapGet(Url, () => Results.Text(ProfileJson.SchemaText, "application/schema+json"))
            .AllowAnonymous().WithTags("Record").WithName("GetProfileSchema").Produces(200, contentType: "application/schema+json")
            .WithSummary("The patient profile's JSON Schema (draft 2020-12): the structure every profile reader checks (import, the CLI's " +
                "--patient files). Vocabularies, dates and cross-field rules are checked in code on top of it.");

    /// <summary>AddOpenApi's options: adds the schema as a component and points the profile endpoints at it.</summary>
    public static void Configure(OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        var schema = OpenApiModelFactory.Parse<OpenApiSchema>(ProfileJson.SchemaText, OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, "json")
            ?? throw new InvalidOperationException("The patient profile schema did not load into the OpenAPI document: " +
                string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? []));
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ComponentName] = schema;

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            if (Accepting.Contains(operation.OperationId))
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = $"A patient profile (JSON Schema also at {Url}).",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = Reference(document) } },
                };
            if (Giving.Contains(operation.OperationId) && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            {
                // Other media types the endpoint declares stay; GET …/profile?format=fhir answers application/fhir+json.
                var content = response.Content?.Where(kv => kv.Key != "application/json").ToDictionary(kv => kv.Key, kv => kv.Value)
                    ?? new Dictionary<string, OpenApiMediaType>();
                content["application/json"] = new() { Schema = Reference(document) };
                if (operation.OperationId == "ExportProfile")
                    content[Fhir.FhirExport.ContentType] = new()
                    {
                        Schema = new OpenApiSchema { Description = "With ?format=fhir: the record as an HL7 FHIR R4 collection Bundle with mCODE STU4 profiles (see Features/Fhir/README.md)." },
                    };
                response.Content = content;
            }
        }
        return Task.CompletedTask;
    });

    private static OpenApiSchemaReference Reference(OpenApiDocument document) => new(ComponentName, document);
}
