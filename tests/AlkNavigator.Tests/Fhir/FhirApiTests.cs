// Asserts walk the FHIR POCOs (Entry[0].Resource.Id ...): a null there fails the test anyway, so nullable warnings add nothing here.
#nullable disable warnings
using System.Net;
using System.Text;
using AlkNavigator.Data;
using AlkNavigator.Features.Fhir;
using AlkNavigator.Features.Record;
using AlkNavigator.Tests.Record;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Fhir;

/// <summary>
/// Issue 15, the FHIR face: /fhir/metadata for anyone; every read and search under /fhir answers each visitor exactly as
/// /api/records/{rid} does (the same endpoint filter), as application/fhir+json, with OperationOutcome errors, and audits
/// reads by others than the patient. (GET /fhir/Patient/{rid} and $everything are also in GeneratedAccessMatrixTests, which
/// finds every {rid} route.)
/// </summary>
[DatabaseTests]
public sealed class FhirApiTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>What each visitor may do (RecordWorld.Actors order): login | notfound | ok.</summary>
    private static readonly string[] Expected = ["login", "ok", "notfound", "ok", "ok", "ok", "notfound", "notfound", "notfound"];

    private string[] Routes() =>
    [
        $"/fhir/Patient/{w.RecordId}",
        $"/fhir/Patient/{w.RecordId}/$everything",
        $"/fhir/Condition?patient={w.RecordId}",
        $"/fhir/Observation?patient=Patient/{w.RecordId}&code=http://loinc.org|89247-1",
        $"/fhir/MedicationStatement?patient={w.RecordId}",
        $"/fhir/Procedure?patient={w.RecordId}",
        $"/fhir/AllergyIntolerance?patient={w.RecordId}",
    ];

    [Fact]
    public async Task Every_fhir_route_answers_each_visitor_as_the_record_api_does_with_fhir_json_and_operation_outcomes()
    {
        var failures = new List<string>();
        foreach (var url in Routes())
            for (var i = 0; i < RecordWorld.Actors.Length; i++)
            {
                var actor = RecordWorld.Actors[i];
                var response = await w.Clients[actor].GetAsync(url);
                var got = RecordWorld.Outcome(response);
                if (got != Expected[i]) failures.Add($"GET {url} as {actor}: {got}, expected {Expected[i]}");
                var type = response.Content.Headers.ContentType?.MediaType;
                if (type != "application/fhir+json") failures.Add($"GET {url} as {actor}: content type {type}");
                else
                {
                    var resource = Parser.DeserializeResource(await response.Content.ReadAsStringAsync());
                    if (got != "ok" && resource is not OperationOutcome) failures.Add($"GET {url} as {actor}: {resource.TypeName}, expected an OperationOutcome");
                }
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Another patient's id is a 404 even for a caregiver of this record; a search without a patient is a 400.
        var other = await w.Clients["caregiver-view"].GetAsync($"/fhir/Condition?patient={w.Ids["other-record"]}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var none = await w.Clients["owner"].GetAsync("/fhir/Condition");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.IsType<OperationOutcome>(Parser.DeserializeResource(await none.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Metadata_is_a_capability_statement_for_anyone()
    {
        var response = await w.Clients["anonymous"].GetAsync("/fhir/metadata");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var cs = Assert.IsType<CapabilityStatement>(Parser.DeserializeResource(await response.Content.ReadAsStringAsync()));
        Assert.Equal(FHIRVersion.N4_0_1, cs.FhirVersion);
        Assert.Contains(cs.Rest[0].Resource, r => r.Type == "Observation" && r.SearchParam.Any(p => p.Name == "code"));
    }

    [Fact]
    public async Task Searches_return_the_records_resources_with_relative_references_and_reads_by_a_caregiver_are_audited()
    {
        var client = w.Clients["caregiver-view"];
        var ecog = (Bundle)Parser.DeserializeResource(await client.GetStringAsync($"/fhir/Observation?patient={w.RecordId}&code=89247-1"));
        Assert.Equal(Bundle.BundleType.Searchset, ecog.Type);
        var o = Assert.IsType<Observation>(Assert.Single(ecog.Entry).Resource);
        Assert.Equal(new Integer(1).Value, ((Integer)o.Value).Value);
        Assert.Equal($"Patient/{w.RecordId}", o.Subject.Reference);
        Assert.Equal(Bundle.SearchEntryMode.Match, ecog.Entry[0].Search.Mode);

        var meds = (Bundle)Parser.DeserializeResource(await client.GetStringAsync($"/fhir/MedicationStatement?patient={w.RecordId}"));
        Assert.Contains(meds.Entry, e => e.Resource.Id == w.Ids["treatment"]);
        Assert.Contains(meds.Entry, e => e.Resource.Id == w.Ids["medicine"]);

        var everything = (Bundle)Parser.DeserializeResource(await client.GetStringAsync($"/fhir/Patient/{w.RecordId}/$everything"));
        Assert.IsType<Patient>(everything.Entry[0].Resource);
        Assert.Contains(everything.Entry, e => e.Resource.Id == w.Ids["procedure"]);
        Assert.DoesNotContain(everything.Entry, e => e.Resource.Id == w.Ids["other-treatment"]);

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audited = await db.AuditEntries.Where(a => a.RecordId == w.RecordId && a.ActorEmail == w.Emails["caregiver-view"] && a.Action == "read")
            .Select(a => a.What).ToListAsync();
        Assert.Contains("FHIR Observation", audited);
        Assert.Contains("FHIR $everything", audited);
    }

    [Fact]
    public async Task A_bundle_put_to_the_record_api_replaces_the_clinical_record_and_the_export_gives_it_back()
    {
        // The other patient's record gets this record's clinical content through a Bundle (API import, Content-Type application/fhir+json).
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var record = (await ProfileJson.LoadAsync(db, w.RecordId))!;
            var bundle = FhirExport.BundleJson(record, w.App.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            var client = w.Clients["other-patient"];
            var put = await client.PutAsync($"/api/records/{w.Ids["other-record"]}/profile", new StringContent(bundle, Encoding.UTF8, "application/fhir+json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var today = w.App.UtcToday;
            var original = (await ProfileJson.LoadAsync(db, w.RecordId))!;
            var copy = (await ProfileJson.LoadAsync(db, Guid.Parse(w.Ids["other-record"])))!;
            Assert.Equal(FhirTesting.Clinical(original, today), FhirTesting.Clinical(copy, today));
            Assert.Equal(original.DisplayName, copy.DisplayName);
        }
    }
}
