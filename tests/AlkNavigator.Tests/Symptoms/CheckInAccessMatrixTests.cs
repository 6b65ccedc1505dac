using AlkNavigator.Data;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>
/// The check-in pages and API × every kind of visitor: the patient and caregivers read; contributors answer and
/// acknowledge; everyone else gets 404 (or the login page), and an id of another record's check-in opens nothing.
/// </summary>
[DatabaseTests]
public class CheckInAccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string Contribute = "login ok notfound forbidden ok ok notfound notfound notfound";
    private const string Nobody = "login notfound notfound notfound notfound notfound notfound notfound notfound";
    private const string OtherPatientOnly = "login notfound ok notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/record/{rid}/symptoms", Readable },
        { "/record/{rid}/symptoms/checkin", Contribute },
        { "/record/{rid}/symptoms/checkins/{checkin}", Readable },
        { "/record/{rid}/symptoms/alerts", Readable },
        { "/api/records/{rid}/symptoms/checkins", Readable },
        { "/api/records/{rid}/symptoms/alerts", Readable },
        // Another record's check-in through this record's id; this record's check-in through the other record's id.
        { "/record/{rid}/symptoms/checkins/{other-checkin}", Nobody },
        { "/record/{other-record}/symptoms/checkins/{checkin}", Nobody },
        { "/record/{other-record}/symptoms", OtherPatientOnly },
        { "/api/records/{other-record}/symptoms/checkins", OtherPatientOnly },
        { "/api/records/{other-record}/symptoms/alerts", OtherPatientOnly },
    };

    public static readonly TheoryData<string, string> Posts = new()
    {
        { "acknowledge alert", Contribute },
        { "start check-in", Contribute },
        { "save check-in step", Contribute },
    };

    /// <summary>A submitted check-in (with an alert) on this record and one on the other patient's record.</summary>
    private async Task SeedAsync()
    {
        if (w.Ids.ContainsKey("checkin")) return;
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var other = Guid.Parse(w.Ids["other-record"]);
        CheckIn Submitted(Guid rid) => new()
        {
            RecordId = rid, Status = CheckInStatus.Submitted, SubmittedUtc = DateTime.UtcNow, EnteredById = "seed", EnteredByEmail = "seed@example.org",
            Items = "Shortness of breath", Answers = [new CheckInAnswer { Term = "Shortness of breath", Attribute = "severity", Value = 1 }, new CheckInAnswer { Term = "Shortness of breath", Attribute = "interference", Value = 0 }],
        };
        var mine = Submitted(w.RecordId);
        var theirs = Submitted(other);
        db.CheckIns.AddRange(mine, theirs);
        await db.SaveChangesAsync();
        w.Ids["checkin"] = mine.Id.ToString();
        w.Ids["other-checkin"] = theirs.Id.ToString();
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get(string route, string expected)
    {
        await SeedAsync();
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
            got.Add(RecordWorld.Outcome(await w.Clients[actor].GetAsync(w.Url(route))));
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post(string action, string expected)
    {
        await SeedAsync();
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            var (url, fields) = await PrepareAsync(action, actor);
            var response = await w.PostAsync(actor, url, fields);
            var outcome = RecordWorld.Outcome(response);
            if (outcome == "ok" && response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsStringAsync();
                outcome = body.Contains("alert-danger") ? "rejected-input" : outcome;
            }
            got.Add(outcome);
        }
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    private async Task<(string Url, List<KeyValuePair<string, string>> Fields)> PrepareAsync(string action, string actor)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        switch (action)
        {
            case "acknowledge alert":
            {
                // A fresh open alert per visitor, so each one acknowledges something that is open.
                var alert = new SymptomAlert
                {
                    RecordId = w.RecordId, CheckInId = Guid.Parse(w.Ids["checkin"]), RuleId = "breathless-severe", Level = AlertLevels.Urgent,
                    Message = $"alert for {actor}", Action = "Call", Basis = "CTCAE", Term = "Shortness of breath", Score = 3, Change = "new",
                };
                db.SymptomAlerts.Add(alert);
                await db.SaveChangesAsync();
                return (w.Url("/record/{rid}/symptoms/alerts?handler=Acknowledge"), [new("alertId", alert.Id.ToString()), new("version", alert.Version.ToString())]);
            }
            case "start check-in":
            {
                // Start only makes a draft when there is none: clear it so every visitor really starts one.
                await db.CheckIns.Where(c => c.RecordId == w.RecordId && c.Status == CheckInStatus.Draft).ExecuteDeleteAsync();
                return (w.Url("/record/{rid}/symptoms/checkin?handler=Start"), []);
            }
            default:
            {
                var draft = await db.CheckIns.FirstOrDefaultAsync(c => c.RecordId == w.RecordId && c.Status == CheckInStatus.Draft);
                if (draft is null)
                {
                    var terms = Questionnaire.For(new SymptomContext("alectinib", DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-2), DateOnly.FromDateTime(DateTime.UtcNow)))
                        .Select(q => q.Item.Term);
                    draft = new CheckIn { RecordId = w.RecordId, EnteredById = "seed", EnteredByEmail = "seed@example.org", Items = string.Join('|', terms) };
                    db.CheckIns.Add(draft);
                    await db.SaveChangesAsync();
                }
                var items = CheckInFlow.Items(draft).ToList();
                var fields = CheckInFlow.Pages(items)[0].Select(i => new KeyValuePair<string, string>(CheckinModel.Field(items.IndexOf(i), i.Attributes[0]), "0")).ToList();
                fields.AddRange([new("Id", draft.Id.ToString()), new("Version", draft.Version.ToString()), new("Step", "0"), new("Go", "next")]);
                return (w.Url("/record/{rid}/symptoms/checkin"), fields);
            }
        }
    }

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
