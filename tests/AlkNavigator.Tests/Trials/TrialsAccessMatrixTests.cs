using System.Net;
using AlkNavigator.Features.Trials;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// Every trials page and endpoint × every kind of visitor. The catalogue is public; annotating is for navigators and admins;
/// a record's matches, saved trials and notices follow the record's own rules (the patient and invited caregivers; 404 for
/// everyone else, staff included), and neither a record id nor an NCT id reaches another account's saved trials or notices.
/// </summary>
[DatabaseTests]
public class TrialsAccessMatrixTests(TrialsWebWorld t) : IClassFixture<TrialsWebWorld>
{
    // Expected outcome per actor, in RecordWorld.Actors order:
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Everyone = "ok ok ok ok ok ok ok ok ok";
    private const string NotFoundForAll = "notfound notfound notfound notfound notfound notfound notfound notfound notfound";
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string Contribute = "login ok notfound forbidden ok ok notfound notfound notfound";
    private const string StaffOnly = "login forbidden forbidden forbidden forbidden forbidden forbidden ok ok";
    private const string OtherPatientOnly = "login notfound ok notfound notfound notfound notfound notfound notfound";
    private const string Nobody = "login notfound notfound notfound notfound notfound notfound notfound notfound";

    private RecordWorld W => t.W;

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/trials", Everyone },
        { "/trials?q=alk&status=RECRUITING&phase=PHASE1&category=alk-targeted&page=1", Everyone },
        { "/trials/{nct}", Everyone },
        { "/trials/nct05384626", Everyone },
        { "/trials/{nct}?record={rid}", Everyone },
        { "/trials/{nct}?record={other-record}", Everyone },
        { "/trials/NCT00000001", NotFoundForAll },
        { "/trials/not-an-id", NotFoundForAll },
        { "/trials/{nct}/annotate", StaffOnly },
        { "/trials/NCT00000001/annotate", "login forbidden forbidden forbidden forbidden forbidden forbidden notfound notfound" },
        { "/trials/{nct}?handler=Save", Everyone },
        { "/trials/{nct}?handler=Unsave", Everyone },
        { "/record/{rid}/trials?handler=Dismiss", Readable },
        { "/record/{rid}/trials?handler=Unsave", Readable },
        { "/record/{rid}/trials", Readable },
        { "/record/{rid}/trials?handler=Nope", Readable },
        { "/trials?handler=Nope", Everyone },
        { "/trials/{nct}?handler=Nope", Everyone },
        { "/trials/{nct}/annotate?handler=Nope", StaffOnly },
        { "/record/{rid}/trials?all=true", Readable },
        { "/record/{other-record}/trials", OtherPatientOnly },
        { "/record/00000000-0000-0000-0000-000000000000/trials", Nobody },
        { "/api/trials", Everyone },
        { "/api/trials?q=lorlatinib&page=2", Everyone },
        { "/api/trials/{nct}", Everyone },
        { "/api/trials/NCT00000001", NotFoundForAll },
        { "/api/records/{rid}/trial-matches", Readable },
        { "/api/records/{rid}/trial-matches?top=3", Readable },
        { "/api/records/{other-record}/trial-matches", OtherPatientOnly },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get(string route, string expected)
    {
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
            got.Add(RecordWorld.Outcome(await W.Clients[actor].GetAsync(W.Url(route))));
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    [Fact]
    public async Task A_trial_page_never_shows_another_accounts_record_fit_or_saved_note()
    {
        await t.WithDbAsync(async db =>
        {
            var saved = await db.SavedTrials.FirstOrDefaultAsync(s => s.RecordId == t.OtherRecordId && s.NctId == TrialsWebWorld.AlkTrial);
            if (saved is null) db.SavedTrials.Add(saved = new SavedTrial { RecordId = t.OtherRecordId, NctId = TrialsWebWorld.AlkTrial });
            saved.Note = "secret note of the other patient";
            return await db.SaveChangesAsync();
        });
        foreach (var actor in RecordWorld.Actors.Where(a => a != "other-patient"))
        {
            var html = await W.Clients[actor].GetStringAsync(W.Url("/trials/{nct}?record={other-record}"));
            Assert.DoesNotContain("secret note of the other patient", html);
            Assert.DoesNotContain(t.OtherRecordId.ToString(), html);
        }
        var own = await W.Clients["other-patient"].GetStringAsync(W.Url("/trials/{nct}"));
        Assert.Contains("secret note of the other patient", own);
    }

    public static readonly TheoryData<string, string, string> Posts = new()
    {
        { "save trial", "/trials/{nct}?handler=Save", Contribute },
        { "save trial to another record", "/trials/{nct}?handler=Save", OtherPatientOnly },
        { "unsave trial", "/trials/{nct}?handler=Unsave", Contribute },
        { "annotate", "/trials/{nct}/annotate", StaffOnly },
        { "dismiss notice", "/record/{rid}/trials?handler=Dismiss", Contribute },
        { "dismiss all notices", "/record/{rid}/trials?handler=Dismiss", Contribute },
        { "dismiss another record's notice through this record", "/record/{rid}/trials?handler=Dismiss", "login notfound notfound forbidden notfound notfound notfound notfound notfound" },
        { "unsave from the record page", "/record/{rid}/trials?handler=Unsave", Contribute },
        { "unsave from another record's page", "/record/{other-record}/trials?handler=Unsave", OtherPatientOnly },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post(string action, string route, string expected)
    {
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            var fields = await PrepareAsync(action, actor);
            var response = await W.PostAsync(actor, W.Url(route), fields);
            var outcome = RecordWorld.Outcome(response);
            if (outcome == "ok" && response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsStringAsync();
                outcome = body.Contains("field-validation-error") || body.Contains("alert-danger") ? "rejected-input" : outcome;
            }
            got.Add(outcome);
        }
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    [Fact]
    public async Task Match_api_answers_401_not_a_redirect_when_signed_out()
    {
        var r = await W.Clients["anonymous"].GetAsync(W.Url("/api/records/{rid}/trial-matches"));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    private async Task<List<KeyValuePair<string, string>>> PrepareAsync(string action, string actor)
    {
        var nct = TrialsWebWorld.AlkTrial;
        switch (action)
        {
            case "save trial":
                return [new("Input.Rid", t.RecordId.ToString()), new("Input.Note", $"note by {actor}")];
            case "save trial to another record":
                return [new("Input.Rid", t.OtherRecordId.ToString()), new("Input.Note", $"note by {actor}")];
            case "unsave trial":
                await EnsureSavedAsync(t.RecordId);
                return [new("Input.Rid", t.RecordId.ToString())];
            case "annotate":
            {
                var version = await t.WithDbAsync(db => db.TrialAnnotations.Where(a => a.NctId == nct).Select(a => (Guid?)a.Version).FirstOrDefaultAsync());
                return [new("Input.PlainSummary", $"Summary by {actor}"), new("Input.Tags", "alk-targeted"), new("Input.Featured", "true"),
                    new("Input.Version", (version ?? Guid.Empty).ToString())];
            }
            case "dismiss notice":
            {
                var id = await t.WithDbAsync(async db =>
                {
                    var n = new TrialNotice { RecordId = t.RecordId, NctId = $"NCT9{Guid.NewGuid().ToString("N")[..7]}", Verdict = "likely-eligible" };
                    db.TrialNotices.Add(n);
                    await db.SaveChangesAsync();
                    return n.Id;
                });
                return [new("noticeId", id.ToString())];
            }
            case "dismiss all notices":
                return [];
            case "dismiss another record's notice through this record":
                return [new("noticeId", W.Ids["other-notice"])];
            case "unsave from the record page":
                await EnsureSavedAsync(t.RecordId);
                return [new("nct", nct)];
            case "unsave from another record's page":
                await EnsureSavedAsync(t.OtherRecordId);
                return [new("nct", nct)];
            default:
                return [];
        }
    }

    private Task EnsureSavedAsync(Guid recordId) => t.WithDbAsync(async db =>
    {
        if (await db.SavedTrials.AnyAsync(s => s.RecordId == recordId && s.NctId == TrialsWebWorld.AlkTrial)) return 0;
        db.SavedTrials.Add(new SavedTrial { RecordId = recordId, NctId = TrialsWebWorld.AlkTrial });
        return await db.SaveChangesAsync();
    });

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
