using System.Net.Http.Json;
namespace AlkNavigator.Tests.Record;

/// <summary>
/// Every record page and endpoint × every kind of visitor. Only the patient and the caregivers they invited
/// reach a record; staff roles do not; a record id alone never opens another account's data (404, not 403,
/// so ids reveal nothing).
/// </summary>
[DatabaseTests]
public class AccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // Expected outcome per actor, in RecordWorld.Actors order:
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string ManageOnly = "login ok notfound forbidden forbidden ok notfound notfound notfound";
    private const string OwnerOnly = "login ok notfound forbidden forbidden forbidden notfound notfound notfound";
    private const string Contribute = "login ok notfound forbidden ok ok notfound notfound notfound";
    private const string Nobody = "login notfound notfound notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/record/{rid}", Readable },
        { "/record/{rid}/diagnosis", Readable },
        { "/record/{rid}/treatments", Readable },
        { "/record/{rid}/treatments/{treatment}", Readable },
        { "/record/{rid}/sites", Readable },
        { "/record/{rid}/sites/{site}", Readable },
        { "/record/{rid}/ecog", Readable },
        { "/record/{rid}/ecog/{ecog}", Readable },
        { "/record/{rid}/procedures", Readable },
        { "/record/{rid}/procedures/{procedure}", Readable },
        { "/record/{rid}/progressions", Readable },
        { "/record/{rid}/progressions/{progression}", Readable },
        { "/record/{rid}/biomarkers", Readable },
        { "/record/{rid}/biomarkers/{biomarker}", Readable },
        { "/record/{rid}/medicines", Readable },
        { "/record/{rid}/medicines/{medicine}", Readable },
        { "/record/{rid}/careteam", Readable },
        { "/record/{rid}/careteam/{careteam}", ManageOnly },
        { "/record/{rid}/plan", Readable },
        { "/record/{rid}/questions", Readable },
        // Second opinion (issue 14): the record's page follows the record; the directory is for every signed-in account; the
        // navigator workspace for navigators and admins only (SecondOpinionAccessMatrixTests covers every page and form).
        { "/record/{rid}/second-opinion", Readable },
        { "/second-opinion/directory", "login ok ok ok ok ok ok ok ok" },
        { "/navigator", "login forbidden forbidden forbidden forbidden forbidden forbidden ok ok" },
        { "/navigator/requests", "login forbidden forbidden forbidden forbidden forbidden forbidden ok ok" },
        { "/navigator/directory/new", "login forbidden forbidden forbidden forbidden forbidden forbidden ok ok" },
        { "/record/{rid}/visits", Readable },
        { "/record/{rid}/visits/{visit}", Readable },
        { "/record/{rid}/visit", Readable },
        { "/record/{rid}/visit?handler=Pdf", Readable },
        { "/record/{rid}/visit/second-opinion", Readable },
        { "/record/{rid}/visit/second-opinion?handler=Pdf", Readable },
        { "/record/{rid}/card", Readable },
        { "/record/{rid}/sharing", Readable },
        { "/record/{rid}/activity", OwnerOnly },
        { "/record/{rid}/transfer", Readable },
        { "/record/{rid}/transfer?handler=Download", Readable },
        { "/record/{rid}/transfer?handler=DownloadFhir", Readable },
        { "/api/records/{rid}", Readable },
        { "/api/records/{rid}/profile", Readable },
        { "/api/records/{rid}/profile?format=fhir", Readable },
        // Another patient's item through this record's id, and this record's item through another record's id.
        { "/record/{rid}/treatments/{other-treatment}", "login notfound notfound notfound notfound notfound notfound notfound notfound" },
        { "/record/{other-record}/treatments/{treatment}", Nobody },
        { "/record/{other-record}", "login notfound ok notfound notfound notfound notfound notfound notfound" },
        { "/api/records/{other-record}", "login notfound ok notfound notfound notfound notfound notfound notfound" },
        // The first-use set-up (issue 14): each signed-in account its own (a step that is not theirs redirects); never anonymous.
        { "/welcome", "login ok ok ok ok ok ok ok ok" },
        { "/welcome/who", "login ok ok ok ok ok ok ok ok" },
        { "/welcome/diagnosis", "login ok ok ok ok ok ok ok ok" },
        { "/welcome/done", "login ok ok ok ok ok ok ok ok" },
        { "/welcome/no-such-step", "login notfound notfound notfound notfound notfound notfound notfound notfound" },
        // The account's own signed-in devices: every signed-in visitor sees their own list.
        { "/account/manage/sessions", "login ok ok ok ok ok ok ok ok" },
        // Downloading and deleting are the visitor's own account's (what each gets: AccountDataTests).
        { "/account/export", "login ok ok ok ok ok ok ok ok" },
        { "/account/manage/delete", "login ok ok ok ok ok ok ok ok" },
    };

    [Fact]
    public async Task The_record_list_shows_each_visitor_only_what_they_may_open()
    {
        foreach (var actor in RecordWorld.Actors)
        {
            var response = await w.Clients[actor].GetAsync("/api/records");
            if (actor == "anonymous")
            {
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
                continue;
            }
            var ids = (await response.Content.ReadFromJsonAsync<List<System.Text.Json.JsonElement>>())!.Select(e => e.GetProperty("id").GetGuid()).ToList();
            var sees = ids.Contains(w.RecordId);
            Assert.True(sees == (actor is "owner" or "caregiver-view" or "caregiver-contribute" or "caregiver-manage"), $"{actor} sees the record: {sees}");
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get(string route, string expected)
    {
        var want = expected.Split(' ');
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            var response = await w.Clients[actor].GetAsync(w.Url(route));
            got.Add(RecordWorld.Outcome(response));
        }
        Assert.Equal(Describe(want), Describe([.. got]));
    }

    public static readonly TheoryData<string, string, string> Posts = new()
    {
        { "add treatment", "/record/{rid}/treatments", Contribute },
        { "edit diagnosis", "/record/{rid}/diagnosis", Contribute },
        { "add care team member", "/record/{rid}/careteam", ManageOnly },
        { "invite caregiver", "/record/{rid}/sharing?handler=Invite", ManageOnly },
        { "update plan item", "/record/{rid}/plan?key=trials", Contribute },
        { "delete medicine", "/record/{rid}/medicines/{medicine}?handler=Delete", Contribute },
        { "add visit question", "/record/{rid}/questions?handler=Add", Contribute },
        { "tick off visit question", "/record/{rid}/questions?handler=Save", Contribute },
        { "add visit", "/record/{rid}/visits", Contribute },
        { "answer at a visit", "/record/{rid}/visits/{visit}?handler=Answers", Contribute },
        { "save patient summary", "/record/{rid}/visit/second-opinion?handler=Summary", Contribute },
        { "create pack share link", "/record/{rid}/visit/second-opinion?handler=Share", OwnerOnly },
        { "revoke pack share link", "/record/{rid}/visit/second-opinion?handler=Revoke", OwnerOnly },
        { "add treatment via API", "/api/records/{rid}/treatments", Contribute },
        { "replace profile via API", "/api/records/{rid}/profile", ManageOnly },
        // Signing out one of the owner's devices (a fresh session per visitor): only the owner may; to anyone else the id reveals nothing.
        { "sign out a device", "/account/manage/sessions?handler=Revoke", "login ok notfound notfound notfound notfound notfound notfound notfound" },
        // Restoring an earlier version needs import rights (the version asked for does not exist: those who get that far are told so).
        { "restore earlier version", "/record/{rid}/transfer?handler=Restore", ManageOnly },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post(string action, string route, string expected)
    {
        var want = expected.Split(' ');
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            var (url, fields) = await PrepareAsync(action, route, actor);
            var response = action switch
            {
                "replace profile via API" => await w.Clients[actor].PutAsync(url, new StringContent(
                    await w.Clients["owner"].GetStringAsync(w.Url("/api/records/{rid}/profile")), System.Text.Encoding.UTF8, "application/json")),
                "add treatment via API" => await w.Clients[actor].PostAsJsonAsync(url, new { agent = "brigatinib", start = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd"), end = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd") }),
                _ => await w.PostAsync(actor, url, fields),
            };
            var outcome = RecordWorld.Outcome(response);
            if (outcome == "ok" && response.StatusCode == System.Net.HttpStatusCode.OK && !action.EndsWith("via API"))
            {
                // A 200 on a form post means the form came back with errors: the change did not happen.
                var body = await response.Content.ReadAsStringAsync();
                outcome = body.Contains("field-validation-error") || body.Contains("alert-danger") ? "rejected-input" : outcome;
            }
            got.Add(outcome);
        }
        Assert.Equal(Describe(want), Describe([.. got]));
    }

    private async Task<(string Url, List<KeyValuePair<string, string>> Fields)> PrepareAsync(string action, string route, string actor)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        switch (action)
        {
            case "add treatment":
                // Ended: RecordWorld already has alectinib ongoing, and a second ongoing ALK inhibitor is refused (issue 14).
                return (w.Url(route), [new("Input.Agent", "brigatinib"), new("Input.Start", today), new("Input.End", today)]);
            case "edit diagnosis":
            {
                using var scope = w.App.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
                var r = await db.Records.FindAsync(w.RecordId);
                return (w.Url(route), [new("Input.DisplayName", "Alex Example"), new("Input.Stage", "IVB"), new("Input.AlkStatus", "positive"), new("Input.Version", r!.Version.ToString())]);
            }
            case "add care team member":
                return (w.Url(route), [new("Input.Role", "nurse"), new("Input.Name", $"Nurse for {actor}"), new("Input.Phone", "555-0101")]);
            case "invite caregiver":
                return (w.Url(route), [new("Input.Email", $"invitee-{actor}-{Guid.NewGuid():N}@example.org"), new("Input.Level", "view")]);
            case "update plan item":
            {
                using var scope = w.App.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
                var item = db.PlanItems.Single(p => p.RecordId == w.RecordId && p.Key == "trials");
                return (w.Url(route), [new("Key", "trials"), new("Version", item.Version.ToString()), new("Status", "in-progress"), new("Note", actor)]);
            }
            case "delete medicine":
            {
                // A fresh item per visitor, so every visitor tries to delete something that exists.
                using var scope = w.App.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
                var m = new AlkNavigator.Features.Record.OtherMedicine { RecordId = w.RecordId, Name = $"med for {actor}" };
                db.Medicines.Add(m);
                await db.SaveChangesAsync();
                return ($"/record/{w.RecordId}/medicines/{m.Id}?handler=Delete", [new("Input.Version", m.Version.ToString())]);
            }
            case "sign out a device":
            {
                // Another device of the owner's (not the session the matrix uses), made fresh for each visitor.
                using var scope = w.App.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
                var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AlkNavigator.Data.AppUser>>();
                var owner = (await users.FindByEmailAsync(w.Emails["owner"]))!;
                var now = DateTime.UtcNow;
                var session = new AlkNavigator.Features.Account.UserSession { UserId = owner.Id, CreatedUtc = now, LastSeenUtc = now, Device = $"device for {actor}", Stamp = owner.SecurityStamp ?? "" };
                db.UserSessions.Add(session);
                await db.SaveChangesAsync();
                return (w.Url(route), [new("id", session.Id.ToString())]);
            }
            case "add visit question":
                return (w.Url(route), [new("Input.Text", $"Question from {actor}?")]);
            case "tick off visit question":
            {
                // A fresh question per visitor, so every visitor tries to change something that exists.
                using var scope = w.App.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
                var q = new AlkNavigator.Features.Visit.OwnQuestion { RecordId = w.RecordId, Text = $"for {actor}", Position = 100 };
                db.OwnQuestions.Add(q);
                await db.SaveChangesAsync();
                return ($"{w.Url(route)}&id={q.Id}", [new("version", q.Version.ToString()), new("done", "true"), new("answer", "Yes.")]);
            }
            case "add visit":
                return (w.Url(route), [new("Input.Date", today), new("Input.WithWhom", $"visit by {actor}")]);
            case "answer at a visit":
                return (w.Url(route), []);
            case "save patient summary":
            {
                // The summary as last saved (by the visitor before), as the form would carry it.
                using var scope = w.App.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
                var version = (await db.PatientSummaries.FindAsync(w.RecordId))?.Version.ToString() ?? "";
                return (w.Url(route), [new("Summary.Text", $"Summary by {actor}."), new("Summary.Version", version)]);
            }
            case "create pack share link":
                return (w.Url(route), [new("Share.Days", "7")]);
            case "revoke pack share link":
            {
                // A fresh link per visitor, so every visitor tries to turn off one that works.
                using var scope = w.App.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
                var share = new AlkNavigator.Features.Visit.PackShare
                {
                    RecordId = w.RecordId, TokenHash = AlkNavigator.Hosting.SecretTokens.Hash(AlkNavigator.Hosting.SecretTokens.New()),
                    CreatedUtc = DateTime.UtcNow, CreatedByEmail = "owner@example.org", ExpiresUtc = DateTime.UtcNow.AddDays(7),
                };
                db.PackShares.Add(share);
                await db.SaveChangesAsync();
                return ($"{w.Url(route)}&id={share.Id}", []);
            }
            case "restore earlier version":
                return (w.Url(route), [new("snapshot", Guid.NewGuid().ToString())]);
            default:
                return (w.Url(route), []);
        }
    }

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
