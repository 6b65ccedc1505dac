using AlkNavigator.Features.Symptoms;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Record;

/// <summary>Shared helpers: fixtures, JSON comparison and the broken file with known line numbers.</summary>
internal static class Profiles
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "profiles", name + ".json");
    public static string Fixture(string name) => File.ReadAllText(FixturePath(name));
    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>A copy of <paramref name="json"/> without the given top-level properties.</summary>
    public static JsonObject Without(string json, params string[] names)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        foreach (var n in names) o.Remove(n);
        return o;
    }

    public static void AssertSameJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected:\n{expected.ToJsonString()}\nActual:\n{actual.ToJsonString()}");

    // Line numbers are part of the test: keep one JSON line per array entry.
    public static readonly string[] BrokenLines =
    [
        "{",                                                    // 1
        "  \"sex\": \"F\",",                                    // 2
        "  \"diagnosis\": {",                                   // 3
        "    \"date\": \"2026-08-12\",",                        // 4
        "    \"stage\": \"IVC\"",                               // 5
        "  },",                                                 // 6
        "  \"ecog\": 5,",                                       // 7
        "  \"therapies\": [",                                   // 8
        "    {",                                                // 9
        "      \"agent\": \"alectinib\",",                      // 10
        "      \"start\": \"2026-13-01\"",                      // 11
        "    },",                                               // 12
        "    {",                                                // 13
        "      \"agent\": \"lorlatinib\",",                     // 14
        "      \"start\": \"2024-05-10\",",                     // 15
        "      \"end\": \"2024-01-01\",",                       // 16
        "      \"stopReason\": \"toxicity\"",                   // 17
        "    },",                                               // 18
        "    { \"start\": \"2020-01-01\" }",                    // 19
        "  ],",                                                 // 20
        "  \"biomarkers\": [ { \"gene\": \"ALK\", \"alteration\": \"G1202R\", \"date\": \"2999-01-01\" } ],", // 21
        "  \"hobby\": \"chess\"",                               // 22
        "}",                                                    // 23
    ];

    public static string Broken => string.Join("\n", BrokenLines);

    public static readonly (int Line, string Path)[] BrokenProblems =
    [
        (2, "$.sex"), (5, "$.diagnosis.stage"), (7, "$.ecog"), (11, "$.therapies[0].start"), (16, "$.therapies[1].end"),
        (19, "$.therapies[2].agent"), (21, "$.biomarkers[0].date"),
    ];
}

/// <summary>The mapping itself, without a database.</summary>
public class ProfileJsonTests
{
    private static readonly DateOnly Today = PatientTime.UtcToday(TimeProvider.System); // no app: the parser is given a today

    [Theory]
    [InlineData("D01")]
    [InlineData("D02")]
    [InlineData("D03")]
    public void Each_example_profile_reads_without_problems_and_exports_the_same_profile_fields(string name)
    {
        var json = Profiles.Fixture(name);
        var import = ProfileJson.Parse(Profiles.Bytes(json), Today);
        Assert.Empty(import.Problems);
        Assert.Empty(import.Warnings);
        var exported = ProfileJson.ExportString(import.Content, Today);
        Profiles.AssertSameJson(Profiles.Without(json, "id"), Profiles.Without(exported, "id", "alknav"));
    }

    [Fact]
    public void Export_of_the_demo_record_reads_back_without_problems_or_warnings_and_exports_identically()
    {
        var record = DemoData.Build("owner", Today);
        var first = ProfileJson.ExportString(record, Today);
        var import = ProfileJson.Parse(Profiles.Bytes(first), Today);
        Assert.Empty(import.Problems);
        Assert.Empty(import.Warnings);
        Assert.True(import.HasCareTeam && import.HasPlan && import.HasDisplayName && import.HasPreferredHospital);
        var second = ProfileJson.ExportString(import.Content, Today);
        Profiles.AssertSameJson(Profiles.Without(first, "id"), Profiles.Without(second, "id"));
    }

    [Fact]
    public void The_demo_export_speaks_the_profile_format()
    {
        var o = JsonNode.Parse(ProfileJson.ExportString(DemoData.Build("owner", Today), Today))!;
        Assert.Equal("IVB", (string?)o["diagnosis"]!["stage"]);
        Assert.Equal("EML4-ALK v3", (string?)o["diagnosis"]!["alk"]!["fusion"]);
        Assert.Equal(Today.Year - 52, Today.Year - (int)o["age"]!);
        var therapies = o["therapies"]!.AsArray();
        Assert.Equal(["alectinib", "lorlatinib"], therapies.Select(t => (string?)t!["agent"]));
        Assert.Equal("progression", (string?)therapies[0]!["stopReason"]);
        Assert.Equal("ongoing", (string?)therapies[1]!["stopReason"]);
        Assert.Null(therapies[1]!["end"]);
        var brain = o["metastases"]!.AsArray().Single(m => (string?)m!["site"] == "brain");
        Assert.Equal("treated-stable", (string?)brain!["status"]);
        Assert.Contains(o["biomarkers"]!.AsArray(), b => (string?)b!["alteration"] == "G1202R" && (string?)b["source"] == "liquid-biopsy");
        Assert.Equal(0, (int)o["ecog"]!);
    }

    [Fact]
    public void A_broken_file_lists_each_problem_with_its_line_and_path()
    {
        var import = ProfileJson.Parse(Profiles.Bytes(Profiles.Broken), Today);
        Assert.Equal(Profiles.BrokenProblems, import.Problems.Select(p => (p.Line, p.Path)));
        var byPath = import.Problems.ToDictionary(p => p.Path, p => p.Message);
        Assert.Equal("\"2026-13-01\" is not a date (YYYY-MM-DD)", byPath["$.therapies[0].start"]);
        Assert.Equal("\"2024-01-01\" is before start \"2024-05-10\"", byPath["$.therapies[1].end"]);
        Assert.Equal("5 is out of range (0 to 4)", byPath["$.ecog"]);
        Assert.StartsWith("\"IVC\" is not an AJCC stage group", byPath["$.diagnosis.stage"]);
        Assert.StartsWith("\"2999-01-01\" is in the future", byPath["$.biomarkers[0].date"]);
        Assert.StartsWith("is required", byPath["$.therapies[2].agent"]);
        Assert.Equal("line 11, $.therapies[0].start: \"2026-13-01\" is not a date (YYYY-MM-DD)",
            import.Problems.Single(p => p.Path == "$.therapies[0].start").ToString());
        var warning = Assert.Single(import.Warnings);
        Assert.Equal((22, "$.hobby"), (warning.Line, warning.Path));
    }

    [Fact]
    public void Two_alk_inhibitors_ongoing_at_once_import_with_a_warning_at_the_later_line()
    {
        string[] lines =
        [
            "{",                                                                     // 1
            "  \"therapies\": [",                                                    // 2
            "    { \"agent\": \"alectinib\", \"start\": \"2023-01-10\" },",            // 3
            "    { \"agent\": \"docetaxel\", \"start\": \"2024-02-01\" },",            // 4
            "    { \"agent\": \"Lorbrena\", \"start\": \"2025-06-02\" }",              // 5
            "  ]",                                                                   // 6
            "}",                                                                     // 7
        ];
        var import = ProfileJson.Parse(Profiles.Bytes(string.Join("\n", lines)), Today);
        Assert.Empty(import.Problems);
        var warning = Assert.Single(import.Warnings);
        Assert.Equal((5, "$.therapies[2].end"), (warning.Line, warning.Path));
        Assert.Contains("$.therapies[0] (alectinib)", warning.Message);
        Assert.StartsWith("line 5, $.therapies[2].end: Lorbrena is ongoing while", warning.ToString());
        Assert.Equal(3, import.Content.Treatments.Count); // kept as written

        // With the earlier line ended there is nothing to say.
        lines[2] = lines[2].Replace("\"start\": \"2023-01-10\"", "\"start\": \"2023-01-10\", \"end\": \"2025-06-01\", \"stopReason\": \"progression\"");
        Assert.Empty(ProfileJson.Parse(Profiles.Bytes(string.Join("\n", lines)), Today).Warnings);
    }

    [Theory]
    [InlineData("{\n  \"age\": 40,\n  \"sex\": \"female\",,\n}", 3)]
    [InlineData("{\n  \"age\": 40\n", 3)]
    [InlineData("[1, 2]", 1)]
    [InlineData("", 1)]
    [InlineData("{\n \"ecog\": 1,\n \"ecog\": 2\n}", 3)]
    public void Syntax_errors_and_wrong_shapes_are_problems_with_a_line(string json, int line)
    {
        var import = ProfileJson.Parse(Profiles.Bytes(json), Today);
        var p = Assert.Single(import.Problems);
        Assert.Equal(line, p.Line);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_a_problem_on_the_line_of_the_bad_byte()
    {
        byte[] latin1 = [.. "{\n \"notes\": \"caf"u8, 0xE9, .. "\"\n}"u8];
        var p = Assert.Single(ProfileJson.Parse(latin1, Today).Problems);
        Assert.Equal(2, p.Line);
        Assert.Contains("not UTF-8", p.Message);
    }

    [Fact]
    public void The_profile_spellings_map_onto_the_record()
    {
        const string json = """
            {
              "birthYear": 1970,
              "sex": "Female",
              "country": "ca",
              "diagnosis": { "date": "2022-03-04", "histology": "Adenocarcinoma", "stage": "Stage IVb",
                             "alk": { "status": "positive", "method": "liquid biopsy", "fusion": "EML4-ALK variant 3a" } },
              "metastases": [ { "site": "Brain", "status": "treated stable" }, { "site": "lymph node" } ],
              "therapies": [
                { "agent": "crizotinib", "start": "2022-04-01", "end": "2022-06-01", "stopReason": "toxicity" },
                { "agent": "brigatinib", "start": "2022-06-10", "stopReason": "ongoing" }
              ],
              "biomarkers": [ { "gene": "MET", "alteration": "amplification", "source": "Liquid-Biopsy" } ]
            }
            """;
        var import = ProfileJson.Parse(Profiles.Bytes(json), Today);
        Assert.Empty(import.Problems);
        var r = import.Content;
        Assert.Equal((1970, "female", "CA"), (r.BirthYear!.Value, r.Sex, r.Country));
        Assert.Equal(("adenocarcinoma", "IVB", "liquid-biopsy"), (r.Histology, r.Stage, r.AlkMethod));
        Assert.Equal(("EML4", "v3a"), (r.FusionPartner, r.FusionVariant));
        Assert.Equal([("brain", "treated-stable"), ("lymph nodes", null)], r.Sites.Select(s => (s.Site, s.Status)));
        Assert.All(r.Sites, s => Assert.Equal(Today, s.Date));
        Assert.Equal("side-effects", r.Treatments[0].StopReason);
        Assert.Null(r.Treatments[1].StopReason);
        Assert.Null(r.Treatments[1].End);
        Assert.Equal("liquid-biopsy", r.Biomarkers[0].Source);
        Assert.False(import.HasCareTeam || import.HasPlan || import.HasDisplayName);
    }

    [Fact]
    public void A_hand_edited_export_keeps_the_profile_fields_and_warns_about_the_extension()
    {
        var o = JsonNode.Parse(ProfileJson.ExportString(DemoData.Build("owner", Today), Today))!.AsObject();
        o["ecog"] = 2;
        o["therapies"]!.AsArray().RemoveAt(1);
        var import = ProfileJson.Parse(Profiles.Bytes(o.ToJsonString()), Today);
        Assert.Empty(import.Problems);
        Assert.Contains(import.Warnings, w => w.Path == "$.alknav.ecogHistory");
        Assert.Contains(import.Warnings, w => w.Path == "$.alknav.therapies");
        var ecog = Assert.Single(import.Content.EcogEntries);
        Assert.Equal((2, Today), (ecog.Score, ecog.Date));
        var line = Assert.Single(import.Content.Treatments);
        Assert.Null(line.Dose);
    }

    [Theory]
    [InlineData("EML4-ALK v1", "EML4", "v1")]
    [InlineData("eml4-alk variant 3a", "EML4", "v3a")]
    [InlineData("EML4::ALK 3", "EML4", "v3")]
    [InlineData("KIF5B-ALK", "KIF5B", null)]
    [InlineData("ALK fusion", null, null)]
    public void Fusions_are_read_in_the_usual_spellings(string text, string? partner, string? variant)
    {
        Assert.True(ProfileJson.TryParseFusion(text, out var p, out var v));
        Assert.Equal((partner, variant), (p, v));
    }

    [Fact]
    public void A_free_text_fusion_round_trips_through_the_extension_but_not_without_it()
    {
        var record = DemoData.Build("owner", Today);
        (record.FusionPartner, record.FusionVariant) = ("HIP1", "exon 28 / exon 20");
        var json = ProfileJson.ExportString(record, Today);
        var import = ProfileJson.Parse(Profiles.Bytes(json), Today);
        Assert.Empty(import.Problems);
        Assert.Equal(("HIP1", "exon 28 / exon 20"), (import.Content.FusionPartner, import.Content.FusionVariant));

        var plain = Profiles.Without(json, "alknav").ToJsonString();
        var p = Assert.Single(ProfileJson.Parse(Profiles.Bytes(plain), Today).Problems);
        Assert.Equal("$.diagnosis.alk.fusion", p.Path);
    }

    [Fact]
    public void One_treatment_line_is_checked_with_the_same_rules()
    {
        var (ok, problems, _) = ProfileJson.ParseTreatment(Profiles.Bytes("""{"agent":"lorlatinib","dose":"100 mg","schedule":"once daily","start":"2025-01-02","stopReason":"ongoing"}"""), Today);
        Assert.Empty(problems);
        Assert.Equal(("lorlatinib", "100 mg", new DateOnly(2025, 1, 2), (DateOnly?)null), (ok!.Agent, ok.Dose, ok.Start, ok.End));

        var (bad, badProblems, _) = ProfileJson.ParseTreatment(Profiles.Bytes("{\n\"agent\": \"x\",\n\"start\": \"2025-05-01\",\n\"end\": \"2025-01-01\"\n}"), Today);
        Assert.Null(bad);
        var p = Assert.Single(badProblems);
        Assert.Equal((4, "$.end"), (p.Line, p.Path));
    }
}

/// <summary>Import and export against the real database, the page and the API.</summary>
[DatabaseTests]
public class ProfileJsonDbTests : IClassFixture<Learn.AppFixture>
{
    private const string Password = "a long enough passphrase";
    private readonly TestApp _app;
    public ProfileJsonDbTests(Learn.AppFixture f) => _app = f.App;

    private static string NewEmail() => $"p{Guid.NewGuid():N}"[..12] + "@example.org";

    private async Task<AppUser> CreateUserAsync(string role = Roles.Patient)
    {
        var email = NewEmail();
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        return user;
    }

    private async Task<Guid> CreateDemoRecordAsync(AppUser owner)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = DemoData.Build(owner.Id, _app.UtcToday);
        db.Records.Add(record);
        await db.SaveChangesAsync();
        return record.Id;
    }

    private async Task<string> ExportAsync(Guid recordId)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return ProfileJson.ExportString((await ProfileJson.LoadAsync(db, recordId))!, _app.UtcToday);
    }

    private async Task<Guid> ImportAsync(AppUser user, string json)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        var import = ProfileJson.Parse(Profiles.Bytes(json), _app.UtcToday);
        Assert.Empty(import.Problems);
        var record = await access.GetOrCreateOwnAsync((await db.Users.FindAsync(user.Id))!);
        await ProfileJson.ReplaceAsync(db, record, import, "test", null);
        return record.Id;
    }

    private async Task ShareAsync(Guid recordId, AppUser owner, AppUser caregiver, string level)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = recordId, InvitedEmail = caregiver.Email!, Level = level, TokenHash = Guid.NewGuid().ToString("N"),
            ExpiresUtc = DateTime.UtcNow.AddDays(7), InvitedById = owner.Id, CaregiverId = caregiver.Id, AcceptedUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private async Task<HttpClient> SignedInAsync(AppUser user)
    {
        var client = _app.CreateClient();
        var r = await Accounts.AccountTests.LoginAsync(client, user.Email!, Password);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    [Fact]
    public async Task The_demo_record_round_trips_through_export_and_import_into_another_user()
    {
        var a = await CreateUserAsync();
        var b = await CreateUserAsync();
        var source = await CreateDemoRecordAsync(a);
        var first = await ExportAsync(source);

        var target = await ImportAsync(b, first);
        Assert.NotEqual(source, target);
        var second = await ExportAsync(target);
        Profiles.AssertSameJson(Profiles.Without(first, "id"), Profiles.Without(second, "id"));

        // Importing again into the same record replaces (no duplicates) and keeps the record id and owner.
        Assert.Equal(target, await ImportAsync(b, second));
        Profiles.AssertSameJson(Profiles.Without(first, "id"), Profiles.Without(await ExportAsync(target), "id"));
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(b.Id, (await db.Records.SingleAsync(r => r.Id == target)).OwnerId);
        Assert.Equal(7, await db.PlanItems.CountAsync(p => p.RecordId == target));
        Assert.Equal(2, await db.Treatments.CountAsync(t => t.RecordId == target));
    }

    [Theory]
    [InlineData("D01")]
    [InlineData("D02")]
    [InlineData("D03")]
    public async Task Each_example_profile_imports_and_exports_back_the_same_profile_fields(string name)
    {
        var user = await CreateUserAsync();
        var json = Profiles.Fixture(name);
        var id = await ImportAsync(user, json);
        Profiles.AssertSameJson(Profiles.Without(json, "id"), Profiles.Without(await ExportAsync(id), "id", "alknav"));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid rid, string json, bool confirm = true)
    {
        var doc = await client.GetDocumentAsync($"/record/{rid}/transfer");
        var form = doc.Forms.Single(f => f.Enctype == "multipart/form-data");
        var token = ((IHtmlInputElement)form.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (confirm) content.Add(new StringContent("true"), "Confirm");
        var file = new ByteArrayContent(Profiles.Bytes(json));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(file, "Upload", "profile.json");
        return await client.PostAsync($"/record/{rid}/transfer", content);
    }

    [Fact]
    public async Task The_page_lists_the_problems_of_a_broken_file_and_saves_nothing()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var before = await ExportAsync(rid);
        using var client = await SignedInAsync(owner);

        var r = await UploadAsync(client, rid, Profiles.Broken);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.Single(doc.QuerySelectorAll("h1"));
        var alert = doc.QuerySelector(".alert-danger")!;
        Assert.Contains($"{Profiles.BrokenProblems.Length} problems. Nothing was saved.", alert.TextContent);
        var items = alert.QuerySelectorAll("li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(Profiles.BrokenProblems.Select(p => $"Line {p.Line}, {p.Path}:"), items.Select(i => i[..(i.IndexOf(':') + 1)]));
        Assert.Contains("Line 11, $.therapies[0].start: \"2026-13-01\" is not a date (YYYY-MM-DD)", items);
        Assert.Equal(before, await ExportAsync(rid));

        // Without the confirmation box nothing happens either, even with a good file.
        var unconfirmed = await UploadAsync(client, rid, Profiles.Fixture("D02"), confirm: false);
        Assert.Contains("Tick the box", await unconfirmed.Content.ReadAsStringAsync());
        Assert.Equal(before, await ExportAsync(rid));
    }

    [Fact]
    public async Task The_page_imports_a_good_file_downloads_the_export_and_audits_both()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var caregiver = await CreateUserAsync(Roles.Caregiver);
        await ShareAsync(rid, owner, caregiver, AccessLevels.Manage);
        using var client = await SignedInAsync(caregiver);

        var page = await client.GetAsync($"/record/{rid}/transfer");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("style=", html);
        Assert.Contains("aria-current=\"page\"", html);

        var r = await UploadAsync(client, rid, Profiles.Fixture("D02").Replace("\"notes\"", "\"mood\": \"fine\",\n \"notes\""));
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("Imported profile.json", body);
        Assert.Contains("2 treatment lines", body);
        Assert.Contains("unknown property", body);

        var download = await client.GetAsync($"/record/{rid}/transfer?handler=Download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"alknav-profile-{Iso(_app.UtcToday)}.json", download.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var exported = await download.Content.ReadAsStringAsync();
        Profiles.AssertSameJson(Profiles.Without(Profiles.Fixture("D02"), "id"), Profiles.Without(exported, "id", "alknav"));

        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = await db.AuditEntries.Where(a => a.RecordId == rid).ToListAsync();
        Assert.Contains(audit, a => a is { Action: "import", What: "record" } && a.ActorEmail == caregiver.Email);
        Assert.Contains(audit, a => a is { Action: "read", What: "export" } && a.ActorEmail == caregiver.Email);
    }

    [Fact]
    public async Task Only_managers_import_and_strangers_get_404()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var viewer = await CreateUserAsync(Roles.Caregiver);
        await ShareAsync(rid, owner, viewer, AccessLevels.Contribute);
        var stranger = await CreateUserAsync();

        using var asViewer = await SignedInAsync(viewer);
        var page = await asViewer.GetDocumentAsync($"/record/{rid}/transfer");
        Assert.DoesNotContain(page.Forms, f => f.Enctype == "multipart/form-data");
        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync($"/record/{rid}/transfer?handler=Download")).StatusCode);

        // Posting anyway (with a valid anti-forgery token from the log-out form) is refused and changes nothing.
        var before = await ExportAsync(rid);
        var token = ((IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var file = new ByteArrayContent(Profiles.Bytes(Profiles.Fixture("D01")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var post = await asViewer.PostAsync($"/record/{rid}/transfer", new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("true"), "Confirm" }, { file, "Upload", "d01.json" },
        });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/account/accessdenied", post.Headers.Location!.ToString());
        Assert.Equal(before, await ExportAsync(rid));

        using var asStranger = await SignedInAsync(stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await asStranger.GetAsync($"/record/{rid}/transfer")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asStranger.GetAsync($"/record/{rid}/transfer?handler=Download")).StatusCode);
    }

    [Fact]
    public async Task The_api_exports_imports_and_adds_treatments_with_the_same_rules_as_the_pages()
    {
        var owner = await CreateUserAsync();
        var rid = await CreateDemoRecordAsync(owner);
        var contributor = await CreateUserAsync(Roles.Caregiver);
        await ShareAsync(rid, owner, contributor, AccessLevels.Contribute);
        var stranger = await CreateUserAsync();

        using (var anonymous = _app.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/records/{rid}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync($"/api/records/{rid}/profile", Json("{}"))).StatusCode);
        }
        using (var asStranger = await SignedInAsync(stranger))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await asStranger.GetAsync($"/api/records/{rid}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await asStranger.GetAsync($"/api/records/{rid}/profile")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await asStranger.PutAsync($"/api/records/{rid}/profile", Json(Profiles.Fixture("D01")))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await asStranger.PostAsync($"/api/records/{rid}/treatments", Json("{}"))).StatusCode);
        }

        var before = await ExportAsync(rid);
        using var asContributor = await SignedInAsync(contributor);
        var get = await asContributor.GetAsync($"/api/records/{rid}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/json", get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before, await get.Content.ReadAsStringAsync());
        Assert.Equal(before, await asContributor.GetStringAsync($"/api/records/{rid}/profile"));
        Assert.Equal(HttpStatusCode.Forbidden, (await asContributor.PutAsync($"/api/records/{rid}/profile", Json(Profiles.Fixture("D01")))).StatusCode);

        // Between alectinib (3½ years ago) and lorlatinib (6 months ago), so it becomes line 2.
        var (start, end) = (Iso(_app.UtcToday.AddMonths(-8)), Iso(_app.UtcToday.AddMonths(-7)));
        var added = await asContributor.PostAsync($"/api/records/{rid}/treatments",
            Json($$"""{"agent": "carboplatin + pemetrexed", "start": "{{start}}", "end": "{{end}}", "stopReason": "toxicity"}"""));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var line = JsonNode.Parse(await added.Content.ReadAsStringAsync())!;
        Assert.Equal(("carboplatin + pemetrexed", "side-effects", 2), ((string?)line["agent"], (string?)line["stopReason"], (int)line["line"]!));

        var badLine = await asContributor.PostAsync($"/api/records/{rid}/treatments", Json("{\n \"agent\": \"x\",\n \"start\": \"2026-05-01\",\n \"end\": \"2026-01-01\"\n}"));
        Assert.Equal(HttpStatusCode.BadRequest, badLine.StatusCode);
        var badProblem = JsonNode.Parse(await badLine.Content.ReadAsStringAsync())!["problems"]!.AsArray().Single()!;
        Assert.Equal((4, "$.end"), ((int)badProblem["line"]!, (string?)badProblem["path"]));

        using var asOwner = await SignedInAsync(owner);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await asOwner.PutAsync($"/api/records/{rid}/profile", new StringContent(Profiles.Fixture("D01"), Encoding.UTF8, "text/plain"))).StatusCode);
        var afterLine = await ExportAsync(rid);

        var broken = await asOwner.PutAsync($"/api/records/{rid}/profile", Json(Profiles.Broken));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problems = JsonNode.Parse(await broken.Content.ReadAsStringAsync())!["problems"]!.AsArray();
        Assert.Equal(Profiles.BrokenProblems, problems.Select(p => ((int)p!["line"]!, (string)p["path"]!)));
        Assert.Equal(afterLine, await ExportAsync(rid));

        var ok = await asOwner.PutAsync($"/api/records/{rid}/profile", Json(Profiles.Fixture("D03")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Empty(JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["warnings"]!.AsArray());
        Profiles.AssertSameJson(Profiles.Without(Profiles.Fixture("D03"), "id"), Profiles.Without(await ExportAsync(rid), "id", "alknav"));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>`alknav record export|import` and `alknav demo` as a user runs them (on the run's database provider).</summary>
[DatabaseTests]
public class ProfileJsonCliTests
{
    [Theory]
    [InlineData("record", "export", "--help")]
    [InlineData("record", "import", "--help")]
    [InlineData("demo", "--help")]
    public async Task The_record_and_demo_commands_have_help(params string[] args)
    {
        var r = await Repo.RunCliAsync(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout);
    }

    [Fact]
    public async Task Demo_then_export_then_import_into_another_user_gives_the_same_record()
    {
        var data = Directory.CreateTempSubdirectory("alknav-demo-").FullName;
        var demo = await Repo.RunCliAsync("demo", "--data", data);
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        Assert.Contains("Demo created.", demo.Stdout);
        Assert.Contains(DemoData.PatientEmail, demo.Stdout);
        Assert.Contains(DemoData.CaregiverEmail, demo.Stdout);
        var passwords = System.Text.RegularExpressions.Regex.Matches(demo.Stdout, @"Password:\s+(\S{20})").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, passwords.Count);

        var again = await Repo.RunCliAsync("demo", "--data", data);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("Demo reset", again.Stdout);
        Assert.DoesNotContain(passwords[0], again.Stdout);

        var file = Path.Combine(data, "demo.json");
        var export = await Repo.RunCliAsync("record", "export", "--user", DemoData.PatientEmail, "--out", file, "--data", data);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("Exported the record of", export.Stdout);
        var first = await File.ReadAllTextAsync(file);
        Assert.Contains("lorlatinib", first);

        Assert.Equal(0, (await Repo.RunCliAsync("users", "create", "--email", "copy@example.org", "--data", data)).ExitCode);
        var import = await Repo.RunCliAsync("record", "import", "--user", "copy@example.org", file, "--data", data);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains("Imported", import.Stdout);
        Assert.Contains("2 treatment lines", import.Stdout);

        var copy = Path.Combine(data, "copy.json");
        Assert.Equal(0, (await Repo.RunCliAsync("record", "export", "--user", "copy@example.org", "--out", copy, "--data", data)).ExitCode);
        Profiles.AssertSameJson(Profiles.Without(first, "id"), Profiles.Without(await File.ReadAllTextAsync(copy), "id"));
    }

    [Fact]
    public async Task A_broken_file_prints_file_line_path_and_message_exits_1_and_saves_nothing()
    {
        var data = Directory.CreateTempSubdirectory("alknav-imp-").FullName;
        Assert.Equal(0, (await Repo.RunCliAsync("users", "create", "--email", "pat@example.org", "--data", data)).ExitCode);
        var bad = Path.Combine(data, "bad.json");
        await File.WriteAllTextAsync(bad, Profiles.Broken);

        var r = await Repo.RunCliAsync("record", "import", "--user", "pat@example.org", bad, "--data", data);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{bad}:11: $.therapies[0].start: \"2026-13-01\" is not a date (YYYY-MM-DD)", r.Stderr);
        Assert.Contains($"{bad}:16: $.therapies[1].end: \"2024-01-01\" is before start \"2024-05-10\"", r.Stderr);
        Assert.Contains($"{bad}:22: $.hobby: warning: unknown property", r.Stderr);
        Assert.Contains("nothing was imported", r.Stderr);

        // Nothing saved: not even an empty record was created.
        var export = await Repo.RunCliAsync("record", "export", "--user", "pat@example.org", "--out", Path.Combine(data, "x.json"), "--data", data);
        Assert.Equal(1, export.ExitCode);
        Assert.Contains("pat@example.org has no record yet", export.Stderr);

        var good = await Repo.RunCliAsync("record", "import", "--user", "pat@example.org", Profiles.FixturePath("D01"), "--data", data);
        Assert.True(good.ExitCode == 0, good.Stderr);
        Assert.Contains("1 biomarker result", good.Stdout);
    }

    [Fact]
    public async Task Unknown_users_and_missing_files_are_clear_errors()
    {
        var data = Directory.CreateTempSubdirectory("alknav-imp-").FullName;
        var import = await Repo.RunCliAsync("record", "import", "--user", "nobody@example.org", Profiles.FixturePath("D01"), "--data", data);
        Assert.Equal(1, import.ExitCode);
        Assert.Contains("No account with email nobody@example.org", import.Stderr);

        var export = await Repo.RunCliAsync("record", "export", "--user", "nobody@example.org", "--out", Path.Combine(data, "x.json"), "--data", data);
        Assert.Equal(1, export.ExitCode);
        Assert.Contains("No account with email nobody@example.org", export.Stderr);

        var missing = await Repo.RunCliAsync("record", "import", "--user", "nobody@example.org", Path.Combine(data, "none.json"), "--data", data);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);

        var badEmail = await Repo.RunCliAsync("record", "export", "--user", "not-an-email", "--out", "x.json");
        Assert.NotEqual(0, badEmail.ExitCode);
        Assert.Contains("is not a valid email address", badEmail.Stderr + badEmail.Stdout);
    }
}
