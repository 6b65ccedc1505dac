using System.Net;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Fhir;

/// <summary>
/// Issue 15 on the web: the Import and export page's "Download as FHIR (mCODE Bundle)" and GET /api/records/{rid}/profile?format=fhir give
/// the Bundle `alknav record export --format fhir` writes (one builder), strictly parseable and valid against base R4 and the mCODE
/// profiles it declares, to exactly those who may download the profile JSON (AccessMatrixTests and GeneratedAccessMatrixTests check
/// every visitor); a download by a caregiver is in the activity log.
/// </summary>
[DatabaseTests]
public sealed class FhirWebExportTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private string Page => $"/record/{w.RecordId}/transfer";

    [Fact]
    public async Task The_page_offers_the_fhir_download_beside_the_profile_download()
    {
        var html = await w.Clients["caregiver-view"].GetStringAsync(Page);
        Assert.Contains($"href=\"/record/{w.RecordId}/transfer?handler=Download\"", html);
        Assert.Contains($"href=\"/record/{w.RecordId}/transfer?handler=DownloadFhir\"", html);
        Assert.Contains("Download as FHIR (mCODE Bundle)", html);
    }

    [Fact]
    public async Task The_web_download_is_the_cli_export_and_validates_strictly_against_r4_and_mcode()
    {
        var response = await w.Clients["owner"].GetAsync($"{Page}?handler=DownloadFhir");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        Assert.Matches(new Regex(@"^alknav-fhir-\d{4}-\d{2}-\d{2}\.json$", RegexOptions.None, TimeSpan.FromSeconds(1)), name ?? "");
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var web = await response.Content.ReadAsStringAsync();
        var errors = FhirTesting.StrictParseAndValidate(web);
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var file = Path.Combine(w.App.DataDirectory, $"cli-{Guid.NewGuid():N}.fhir.json");
        var cli = await Repo.RunCliWithEnvAsync(w.App.CliEnvironment(),
            "record", "export", "--user", w.Emails["owner"], "--format", "fhir", "--out", file, "--data", w.App.DataDirectory);
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Equal(FhirTesting.WithoutTimestamp(await File.ReadAllTextAsync(file)), FhirTesting.WithoutTimestamp(web));

        // The API's ?format=fhir is the same Bundle; an unknown format is a 400 problem.
        var api = await w.Clients["owner"].GetAsync($"/api/records/{w.RecordId}/profile?format=fhir");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("application/fhir+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FhirTesting.WithoutTimestamp(web), FhirTesting.WithoutTimestamp(await api.Content.ReadAsStringAsync()));
        var bad = await w.Clients["owner"].GetAsync($"/api/records/{w.RecordId}/profile?format=xml");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_caregivers_fhir_download_is_audited_and_the_patients_own_is_not()
    {
        int Count(string actor)
        {
            using var scope = w.App.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return db.AuditEntries.AsNoTracking().Count(a => a.RecordId == w.RecordId && a.ActorEmail == w.Emails[actor] && a.Action == "read" && a.What == "FHIR export");
        }
        var (caregiver, owner) = (Count("caregiver-view"), Count("owner"));
        Assert.Equal(HttpStatusCode.OK, (await w.Clients["caregiver-view"].GetAsync($"{Page}?handler=DownloadFhir")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Clients["owner"].GetAsync($"{Page}?handler=DownloadFhir")).StatusCode);
        Assert.Equal(caregiver + 1, Count("caregiver-view"));
        Assert.Equal(owner, Count("owner"));
    }
}
