using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Identity;

namespace AlkNavigator.Tests.Record;

/// <summary>
/// One app with one patient's record (an item of every kind) and every kind of visitor: the patient, another
/// patient, caregivers at each level, a revoked caregiver, a navigator and an admin, each signed in.
/// </summary>
public sealed class RecordWorld : IAsyncLifetime
{
    public const string Password = "a record test passphrase";
    public static readonly string[] Actors = ["anonymous", "owner", "other-patient", "caregiver-view", "caregiver-contribute", "caregiver-manage", "caregiver-revoked", "navigator", "admin"];

    public TestApp App { get; private set; } = null!;
    public Guid RecordId { get; private set; }
    public Dictionary<string, string> Ids { get; } = [];
    public Dictionary<string, HttpClient> Clients { get; } = [];
    public Dictionary<string, string> Emails { get; } = [];

    public async Task InitializeAsync()
    {
        App = await TestApp.StartAsync();
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();

        async Task<AppUser> User(string actor, string role)
        {
            var email = $"{actor}@example.org";
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, role);
            Emails[actor] = email;
            return u;
        }

        var owner = await User("owner", Roles.Patient);
        var other = await User("other-patient", Roles.Patient);
        var record = await access.GetOrCreateOwnAsync(owner);
        var otherRecord = await access.GetOrCreateOwnAsync(other);
        RecordId = record.Id;
        Ids["other-record"] = otherRecord.Id.ToString();

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        record.DisplayName = "Alex Example";
        record.DiagnosisDate = today.AddYears(-2);
        record.Stage = "IVB";
        record.AlkStatus = "positive";
        var t = new TreatmentLine { RecordId = record.Id, Agent = "alectinib", Dose = "600 mg", Schedule = "twice daily", Start = today.AddYears(-2) };
        var s = new SiteObservation { RecordId = record.Id, Date = today.AddYears(-2), Site = "brain", Status = "active" };
        var e = new EcogEntry { RecordId = record.Id, Date = today.AddMonths(-1), Score = 1 };
        var p = new ProcedureEntry { RecordId = record.Id, Kind = "radiation", Name = "SRS", Date = today.AddYears(-1) };
        var g = new ProgressionEvent { RecordId = record.Id, Date = today.AddMonths(-2), Where = "liver", FoundBy = "scan" };
        var b = new BiomarkerResult { RecordId = record.Id, Date = today.AddMonths(-2), Gene = "ALK", Alteration = "G1202R", Source = "liquid-biopsy" };
        var m = new OtherMedicine { RecordId = record.Id, Name = "rosuvastatin", Dose = "10 mg" };
        var c = new CareTeamMember { RecordId = record.Id, Role = "oncologist", Name = "Dr Who", Phone = "555-0100" };
        var otherItem = new TreatmentLine { RecordId = otherRecord.Id, Agent = "lorlatinib", Start = today.AddMonths(-3) };
        var v = new AlkNavigator.Features.Visit.VisitEntry { RecordId = record.Id, Date = today.AddMonths(-1), WithWhom = "Dr Who" };
        db.AddRange(t, s, e, p, g, b, m, c, otherItem, v);
        Ids["visit"] = v.Id.ToString();
        (Ids["treatment"], Ids["site"], Ids["ecog"], Ids["procedure"], Ids["progression"], Ids["biomarker"], Ids["medicine"], Ids["careteam"], Ids["other-treatment"]) =
            (t.Id.ToString(), s.Id.ToString(), e.Id.ToString(), p.Id.ToString(), g.Id.ToString(), b.Id.ToString(), m.Id.ToString(), c.Id.ToString(), otherItem.Id.ToString());

        foreach (var (actor, level, revoked) in new[] { ("caregiver-view", AccessLevels.View, false), ("caregiver-contribute", AccessLevels.Contribute, false), ("caregiver-manage", AccessLevels.Manage, false), ("caregiver-revoked", AccessLevels.Manage, true) })
        {
            var u = await User(actor, Roles.Caregiver);
            db.CaregiverAccess.Add(new CaregiverAccess
            {
                RecordId = record.Id, InvitedEmail = u.Email!, Level = level, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = DateTime.UtcNow.AddDays(7),
                InvitedById = owner.Id, CaregiverId = u.Id, AcceptedUtc = DateTime.UtcNow, RevokedUtc = revoked ? DateTime.UtcNow : null,
            });
        }
        await User("navigator", Roles.Navigator);
        await User("admin", Roles.Admin);
        await db.SaveChangesAsync();

        foreach (var actor in Actors)
        {
            var client = App.CreateClient();
            if (actor != "anonymous")
            {
                var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = Emails[actor], ["Input.Password"] = Password });
                Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            }
            Clients[actor] = client;
        }
    }

    /// <summary>Replaces {rid}, {treatment}, {site}, ... in a route template.</summary>
    public string Url(string template)
    {
        var url = template.Replace("{rid}", RecordId.ToString());
        foreach (var (k, v) in Ids) url = url.Replace("{" + k + "}", v);
        return url;
    }

    /// <summary>Posts like a browser of this actor: the anti-forgery token comes from the actor's own session.</summary>
    public async Task<HttpResponseMessage> PostAsync(string actor, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var client = Clients[actor];
        var doc = await client.GetDocumentAsync(actor == "anonymous" ? "/account/login" : "/learn"); // "/" sends staff without a record to /navigator
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        var values = fields.Append(new("__RequestVerificationToken", token)).ToList();
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    /// <summary>ok | login | forbidden | notfound | other:CODE</summary>
    public static string Outcome(HttpResponseMessage r)
    {
        var location = r.Headers.Location?.OriginalString.ToLowerInvariant() ?? "";
        return (int)r.StatusCode switch
        {
            401 => "login",
            403 => "forbidden",
            404 => "notfound",
            302 when location.Contains("/account/login") => "login",
            302 when location.Contains("/account/accessdenied") => "forbidden",
            >= 200 and < 400 => "ok",
            var code => $"other:{code}",
        };
    }

    public async Task DisposeAsync()
    {
        foreach (var c in Clients.Values) c.Dispose();
        await App.DisposeAsync();
    }
}
