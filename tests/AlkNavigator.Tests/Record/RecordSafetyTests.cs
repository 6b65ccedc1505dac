using AlkNavigator.Features.Symptoms;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Record;

/// <summary>
/// Issue 11, items 6 and 7 on the record: a file with no profile content ({} or a FHIR Bundle) is refused everywhere and
/// changes nothing; every whole-record import keeps a snapshot that can be restored for 30 days; bad input (a lone
/// surrogate, a 5 MB upload) is a clear 400 or a message on the page, never a 500; twelve first visits at once make one record.
/// </summary>
[DatabaseTests]
public class RecordSafetyTests(Learn.AppFixture f) : IClassFixture<Learn.AppFixture>
{
    private const string Password = "a long enough passphrase";
    private TestApp App => f.App;

    public const string FhirBundle = """
        {
          "resourceType": "Bundle",
          "type": "collection",
          "entry": [
            { "resource": { "resourceType": "Practitioner", "id": "d1", "name": [ { "text": "Dr Who" } ] } },
            { "resource": { "resourceType": "Condition", "id": "c1", "code": { "text": "Hypertension" } } }
          ]
        }
        """;

    private async Task<AppUser> CreateUserAsync(string role = Roles.Patient)
    {
        var email = $"s{Guid.NewGuid():N}"[..12] + "@example.org";
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        return user;
    }

    private async Task<Guid> CreateDemoRecordAsync(AppUser owner)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = DemoData.Build(owner.Id, App.UtcToday);
        db.Records.Add(record);
        await db.SaveChangesAsync();
        return record.Id;
    }

    private async Task<string> ExportAsync(Guid recordId)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return ProfileJson.ExportString((await ProfileJson.LoadAsync(db, recordId))!, App.UtcToday);
    }

    private async Task<HttpClient> SignedInAsync(AppUser user)
    {
        var client = App.CreateClient();
        var r = await Accounts.AccountTests.LoginAsync(client, user.Email!, Password);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    private async Task<int> SnapshotCountAsync(Guid rid)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecordSnapshot>().CountAsync(s => s.RecordId == rid);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage r, HttpStatusCode status)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"{r.StatusCode}: {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task An_empty_object_put_to_the_profile_api_is_refused_and_the_record_is_unchanged()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var before = await ExportAsync(rid);
        using var client = await SignedInAsync(owner);

        foreach (var body in new[] { "{}", "{\"id\": \"x\"}", "{\"alknav\": {\"version\": 1}}", "{\"therapies\": [], \"metastases\": []}" })
        {
            var problem = await ProblemAsync(await client.PutAsync($"/api/records/{rid}/profile", Json(body)), HttpStatusCode.BadRequest);
            var problems = problem.GetProperty("problems").EnumerateArray().ToList();
            Assert.Contains(problems, p => p.GetProperty("path").GetString() == "$"
                && p.GetProperty("message").GetString()!.Contains("no patient profile content", StringComparison.Ordinal));
            Assert.Contains("Importing it would empty the record", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(before, await ExportAsync(rid));
        Assert.Equal(0, await SnapshotCountAsync(rid));
    }

    [Fact]
    public async Task An_array_or_a_schema_error_put_to_the_profile_api_is_a_400_with_line_and_path_and_changes_nothing()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var before = await ExportAsync(rid);
        using var client = await SignedInAsync(owner);

        var array = await ProblemAsync(await client.PutAsync($"/api/records/{rid}/profile", Json("""[ { "age": 50 } ]""")), HttpStatusCode.BadRequest);
        Assert.Contains("must be a JSON object ({ ... }), not an array: this is not a patient profile", array.GetProperty("detail").GetString());

        var body = "{\n \"age\": 50,\n \"therapies\": [],\n \"alknav\": {\n  \"therapies\": [\n   { \"dose\": 5 }\n  ]\n }\n}\n";
        var schema = await ProblemAsync(await client.PutAsync($"/api/records/{rid}/profile", Json(body)), HttpStatusCode.BadRequest);
        var p = Assert.Single(schema.GetProperty("problems").EnumerateArray());
        Assert.Equal(6, p.GetProperty("line").GetInt32());
        Assert.Equal("$.alknav.therapies[0].dose", p.GetProperty("path").GetString());
        Assert.EndsWith("(profile schema: type)", p.GetProperty("message").GetString());

        Assert.Equal(before, await ExportAsync(rid));
        Assert.Equal(0, await SnapshotCountAsync(rid));
    }

    [Fact]
    public async Task The_openapi_document_holds_the_profile_schema_and_the_profile_endpoints_refer_to_it()
    {
        using var client = App.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var component = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("PatientProfile");
        var properties = component.GetProperty("properties");
        foreach (var name in new[] { "age", "diagnosis", "metastases", "ecog", "therapies", "procedures", "biomarkers", "alknav" })
            Assert.True(properties.TryGetProperty(name, out _), name);
        Assert.Equal(["agent", "start"], properties.GetProperty("therapies").GetProperty("items").GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        var paths = doc.RootElement.GetProperty("paths");
        var put = paths.GetProperty("/api/records/{rid}/profile").GetProperty("put");
        Assert.Equal("#/components/schemas/PatientProfile",
            put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var get = paths.GetProperty("/api/records/{rid}/profile").GetProperty("get");
        Assert.Equal("#/components/schemas/PatientProfile",
            get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        // ?format=fhir: the same endpoint gives the FHIR Bundle (issue 15).
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/fhir+json", out _));
        Assert.Contains(get.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "format" && p.GetProperty("in").GetString() == "query");
        Assert.True(paths.TryGetProperty("/api/schema/profile.json", out _));

        // The schema is served as it ships, to anyone.
        var served = await client.GetAsync("/api/schema/profile.json");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/schema+json", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProfileJson.SchemaText, await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_fhir_bundle_with_nothing_mappable_is_refused_by_the_api_the_page_and_the_cli()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var before = await ExportAsync(rid);
        using var client = await SignedInAsync(owner);

        var problem = await ProblemAsync(await client.PutAsync($"/api/records/{rid}/profile", Json(FhirBundle)), HttpStatusCode.BadRequest);
        Assert.Contains("This FHIR Bundle has nothing that maps into the record", problem.GetProperty("detail").GetString());
        var bundleProblem = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal(1, bundleProblem.GetProperty("line").GetInt32());
        Assert.Equal("$", bundleProblem.GetProperty("path").GetString());

        var page = await UploadAsync(client, rid, Encoding.UTF8.GetBytes(FhirBundle), "bundle.json");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var doc = Forms.Parse(await page.Content.ReadAsStringAsync());
        var alert = doc.QuerySelector(".alert-danger")!;
        Assert.Contains("was not imported", alert.TextContent);
        Assert.Contains("This FHIR Bundle has nothing that maps into the record", alert.TextContent);
        Assert.Null(doc.QuerySelector(".alert-success"));
        Assert.Equal(before, await ExportAsync(rid));
        Assert.Equal(0, await SnapshotCountAsync(rid));

        var data = Directory.CreateTempSubdirectory("alknav-fhir-").FullName;
        Assert.Equal(0, (await Repo.RunCliAsync("users", "create", "--email", "pat@example.org", "--data", data)).ExitCode);
        var file = Path.Combine(data, "bundle.json");
        await File.WriteAllTextAsync(file, FhirBundle);
        var cli = await Repo.RunCliAsync("record", "import", "--user", "pat@example.org", file, "--data", data);
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains($"{file}:1: $: This FHIR Bundle has nothing that maps into the record", cli.Stderr);
        Assert.Contains("nothing was imported", cli.Stderr);
        Assert.DoesNotContain("Imported", cli.Stdout);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid rid, byte[] bytes, string name, bool confirm = true)
    {
        var doc = await client.GetDocumentAsync($"/record/{rid}/transfer");
        var form = doc.Forms.Single(x => x.Enctype == "multipart/form-data");
        var token = ((IHtmlInputElement)form.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (confirm) content.Add(new StringContent("true"), "Confirm");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(file, "Upload", name);
        return await client.PostAsync($"/record/{rid}/transfer", content);
    }

    [Fact]
    public async Task Import_then_undo_on_the_transfer_page_gives_the_export_from_before_and_both_are_audited()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var before = await ExportAsync(rid);
        using var client = await SignedInAsync(owner);

        // An import through the API (a different, smaller profile) replaces the record and keeps a snapshot.
        var put = await client.PutAsync($"/api/records/{rid}/profile", Json(Profiles.Fixture("D02")));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var afterImport = await ExportAsync(rid);
        Assert.NotEqual(before, afterImport);

        var page = await client.GetDocumentAsync($"/record/{rid}/transfer");
        var versions = page.QuerySelectorAll(".snapshot-list li").ToList();
        var version = Assert.Single(versions);
        Assert.Contains("before the API import by " + owner.Email, version.TextContent);

        // Restore it: the record is exactly as before, and the import's result is kept as a version in turn.
        var restore = await client.SubmitAsync($"/record/{rid}/transfer", [], formAction: "handler=Restore");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal($"/record/{rid}/transfer", restore.Headers.Location!.ToString());
        var html = await client.GetStringAsync($"/record/{rid}/transfer");
        Assert.Contains("Restored the version saved", html);
        Assert.Equal(before, await ExportAsync(rid));
        Assert.Equal(2, await SnapshotCountAsync(rid));

        // Undo the undo: the newest version is the imported content.
        var redo = await client.SubmitAsync($"/record/{rid}/transfer", [], formAction: "handler=Restore");
        Assert.Equal(HttpStatusCode.Redirect, redo.StatusCode);
        Assert.Equal(afterImport, await ExportAsync(rid));

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = await db.AuditEntries.Where(a => a.RecordId == rid).ToListAsync();
        Assert.Contains(audit, a => a is { Action: "import", What: "record" } && a.ActorEmail == owner.Email && a.Detail!.Contains("kept for 30 days"));
        Assert.Equal(2, audit.Count(a => a is { Action: "restore", What: "record" } && a.ActorEmail == owner.Email));
        var activity = await client.GetStringAsync($"/record/{rid}/activity");
        Assert.Contains("Restored an earlier version", activity);
    }

    [Fact]
    public async Task The_cli_import_keeps_a_snapshot_the_patient_can_restore()
    {
        var data = Directory.CreateTempSubdirectory("alknav-snap-").FullName;
        Assert.Equal(0, (await Repo.RunCliAsync("users", "create", "--email", "pat@example.org", "--data", data)).ExitCode);
        Assert.Equal(0, (await Repo.RunCliAsync("record", "import", "--user", "pat@example.org", Profiles.FixturePath("D01"), "--data", data)).ExitCode);
        var before = Path.Combine(data, "before.json");
        Assert.Equal(0, (await Repo.RunCliAsync("record", "export", "--user", "pat@example.org", "--out", before, "--data", data)).ExitCode);

        var second = await Repo.RunCliAsync("record", "import", "--user", "pat@example.org", Profiles.FixturePath("D02"), "--data", data);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("kept for 30 days", second.Stdout);

        var cliDb = TestApp.IsPostgres ? await Repo.CliPostgresDatabaseAsync(data) : null;   // where the CLI above wrote
        await using var app = await TestApp.StartAsync(s =>
        {
            s["Data:Directory"] = data;
            if (cliDb is not null) s["Database:ConnectionString"] = cliDb;
        });
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var snapshots = await db.Set<RecordSnapshot>().OrderBy(s => s.TakenUtc).ToListAsync();
        Assert.Equal(2, snapshots.Count);
        Assert.Equal("CLI import of D02.json", snapshots[1].Source);
        Assert.Equal("alknav CLI", snapshots[1].ActorEmail);
        Profiles.AssertSameJson(Profiles.Without(await File.ReadAllTextAsync(before), "age"), Profiles.Without(snapshots[1].ProfileJson, "age"));
    }

    [Fact]
    public async Task Snapshots_older_than_30_days_are_pruned_and_not_offered()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var now = App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(new RecordSnapshot { RecordId = rid, TakenUtc = now.AddDays(-31), ActorEmail = "old@example.org", ActorId = "x", Source = "import of old.json", ProfileJson = "{}" });
            db.Add(new RecordSnapshot { RecordId = rid, TakenUtc = now.AddDays(-29), ActorEmail = "recent@example.org", ActorId = "x", Source = "import of recent.json", ProfileJson = "{}" });
            await db.SaveChangesAsync();
        }
        using var client = await SignedInAsync(owner);
        var page = await client.GetStringAsync($"/record/{rid}/transfer");
        Assert.DoesNotContain("old.json", page);
        Assert.Contains("recent.json", page);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/records/{rid}/profile", Json(Profiles.Fixture("D02")))).StatusCode);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var left = await db.Set<RecordSnapshot>().Where(s => s.RecordId == rid).Select(s => s.Source).ToListAsync();
            Assert.DoesNotContain("import of old.json", left);
            Assert.Contains("import of recent.json", left);
            Assert.Contains("API import", left);
        }
    }

    [Fact]
    public async Task Only_those_who_may_import_see_and_restore_earlier_versions()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        using var asOwner = await SignedInAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await asOwner.PutAsync($"/api/records/{rid}/profile", Json(Profiles.Fixture("D02")))).StatusCode);
        var afterImport = await ExportAsync(rid);

        var contributor = await CreateUserAsync(Roles.Caregiver);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.CaregiverAccess.Add(new CaregiverAccess
            {
                RecordId = rid, InvitedEmail = contributor.Email!, Level = AccessLevels.Contribute, TokenHash = Guid.NewGuid().ToString("N"),
                ExpiresUtc = DateTime.UtcNow.AddDays(7), InvitedById = owner.Id, CaregiverId = contributor.Id, AcceptedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        using var asContributor = await SignedInAsync(contributor);
        var page = await asContributor.GetDocumentAsync($"/record/{rid}/transfer");
        Assert.Empty(page.QuerySelectorAll(".snapshot-list"));
        Guid snapshotId;
        using (var scope = App.Services.CreateScope())
            snapshotId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecordSnapshot>().Where(s => s.RecordId == rid).Select(s => s.Id).SingleAsync();
        var token = ((IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var post = await asContributor.PostAsync($"/record/{rid}/transfer?handler=Restore", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("snapshot", snapshotId.ToString())]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/account/accessdenied", post.Headers.Location!.ToString());
        Assert.Equal(afterImport, await ExportAsync(rid));
    }

    [Theory]
    [InlineData("""{"notes": "before \ud800 after"}""", "$.notes")]
    [InlineData("""{"diagnosis": {"stage": "IV", "histology": "\udc00"}}""", "$.diagnosis.histology")]
    [InlineData("""{"sex": "female", "\ud800": 1}""", "$")]
    public async Task A_lone_surrogate_in_the_profile_is_a_400_naming_the_path(string body, string path)
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var before = await ExportAsync(rid);
        using var client = await SignedInAsync(owner);
        var problem = await ProblemAsync(await client.PutAsync($"/api/records/{rid}/profile", Json(body)), HttpStatusCode.BadRequest);
        var first = problem.GetProperty("problems").EnumerateArray().First();
        Assert.Equal(path, first.GetProperty("path").GetString());
        Assert.Contains("lone UTF-16 surrogate", first.GetProperty("message").GetString());
        Assert.Equal(before, await ExportAsync(rid));
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_treatment_line_is_a_400_naming_the_path()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        using var client = await SignedInAsync(owner);
        var problem = await ProblemAsync(await client.PostAsync($"/api/records/{rid}/treatments",
            Json("""{"agent": "\ud800", "start": "2024-01-01"}""")), HttpStatusCode.BadRequest);
        Assert.Equal("$.agent", problem.GetProperty("problems")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_5_MB_upload_on_the_transfer_page_says_the_limit_on_the_page_and_keeps_the_form()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var before = await ExportAsync(rid);
        using var client = await SignedInAsync(owner);

        var big = new byte[5 * 1024 * 1024];
        Array.Fill(big, (byte)' ');
        big[0] = (byte)'{';
        big[^1] = (byte)'}';
        var r = await UploadAsync(client, rid, big, "scan.json");
        var html = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{r.StatusCode}: {html[..Math.Min(html.Length, 400)]}");
        var doc = Forms.Parse(html);
        Assert.Equal("Import and export", doc.QuerySelector("h1")!.TextContent.Trim());
        var error = doc.QuerySelector("#upload-error")!.TextContent;
        Assert.Contains("scan.json is 5.0 MB; a profile file can be at most 1 MB", error);
        var form = doc.Forms.Single(x => x.Enctype == "multipart/form-data");
        Assert.True(((IHtmlInputElement)form.QuerySelector("input[name=Confirm][type=checkbox]")!).IsChecked);
        Assert.Equal(before, await ExportAsync(rid));
    }

    [Fact]
    public async Task Twelve_simultaneous_first_visits_to_record_make_one_record_and_no_errors()
    {
        var user = await CreateUserAsync();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 12; i++) clients.Add(await SignedInAsync(user));
        using var start = new SemaphoreSlim(0);
        var tasks = clients.Select(async c =>
        {
            await start.WaitAsync();
            return await c.GetAsync("/record");
        }).ToList();
        start.Release(12);
        var responses = await Task.WhenAll(tasks);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var targets = responses.Select(r => r.Headers.Location!.ToString()).Distinct().ToList();
        var target = Assert.Single(targets);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = await db.Records.SingleAsync(r => r.OwnerId == user.Id);
        Assert.Equal($"/record/{record.Id}", target);
        Assert.Equal(7, await db.PlanItems.CountAsync(p => p.RecordId == record.Id));
        foreach (var c in clients) c.Dispose();
    }
}
