using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.SecondOpinion;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.SecondOpinion;

/// <summary>
/// Every second-opinion and navigator page × every kind of visitor (RecordWorld's). The record's second-opinion page follows
/// the record's rules (navigators and admins get 404 there: they never open a record); the directory is for any signed-in
/// account; the navigator workspace, queue, request pages and directory editing are for navigators and admins only.
/// </summary>
[DatabaseTests]
public class SecondOpinionAccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string Contribute = "login ok notfound forbidden ok ok notfound notfound notfound";
    private const string SignedIn = "login ok ok ok ok ok ok ok ok";
    private const string StaffOnly = "login forbidden forbidden forbidden forbidden forbidden forbidden ok ok";
    private const string StaffNotFound = "login forbidden forbidden forbidden forbidden forbidden forbidden notfound notfound";
    private const string OtherPatientOnly = "login notfound ok notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/record/{rid}/second-opinion", Readable },
        { "/record/{other-record}/second-opinion", OtherPatientOnly },
        { "/second-opinion/directory", SignedIn },
        { "/second-opinion/directory?q=clinic&country=DE&telehealth=true&language=German", SignedIn },
        { "/navigator", StaffOnly },
        { "/navigator/requests", StaffOnly },
        { "/navigator/requests?attention=true", StaffOnly },
        { "/navigator/requests?state=new&mine=true", StaffOnly },
        { "/navigator/requests/{request}", StaffOnly },
        { "/navigator/requests/00000000-0000-0000-0000-000000000001", StaffNotFound },
        { "/navigator/directory/new", StaffOnly },
        { "/navigator/directory/{centre}", StaffOnly },
        { "/navigator/directory/not-an-id", StaffNotFound },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get(string route, string expected)
    {
        await EnsureAsync();
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
            got.Add(RecordWorld.Outcome(await w.Clients[actor].GetAsync(w.Url(route))));
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    public static readonly TheoryData<string, string, string> Posts = new()
    {
        { "send request", "/record/{rid}/second-opinion", Contribute },
        { "edit request", "/record/{rid}/second-opinion?handler=Edit", Contribute },
        { "withdraw request", "/record/{rid}/second-opinion?handler=Withdraw", Contribute },
        { "send request for another record", "/record/{other-record}/second-opinion", OtherPatientOnly },
        { "move request", "/navigator/requests/{id}?handler=Move", StaffOnly },
        { "assign request", "/navigator/requests/{id}?handler=Assign", StaffOnly },
        { "note on request", "/navigator/requests/{id}?handler=Note", StaffOnly },
        { "add directory entry", "/navigator/directory/new", StaffOnly },
        { "edit directory entry", "/navigator/directory/{id}", StaffOnly },
        { "remove directory entry", "/navigator/directory/{id}?handler=Delete", StaffOnly },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post(string action, string route, string expected)
    {
        await EnsureAsync();
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            var (url, fields) = await PrepareAsync(action, route, actor);
            var response = await w.PostAsync(actor, url, fields);
            var outcome = RecordWorld.Outcome(response);
            if (outcome == "ok" && response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsStringAsync();
                outcome = body.Contains("alert-danger") ? "rejected-input" : outcome;
            }
            got.Add(outcome);
        }
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    /// <summary>The fields each visitor posts, on a fresh request or entry so every visitor tries something that exists.</summary>
    private async Task<(string Url, List<KeyValuePair<string, string>> Fields)> PrepareAsync(string action, string route, string actor)
    {
        List<KeyValuePair<string, string>> Form(string question) =>
            [new("Input.Question", question), new("Input.Setting", "telehealth"), new("Input.Languages", "English"), new("Input.Urgency", "routine"), new("Input.Share", "diagnosis")];
        switch (action)
        {
            case "send request":
                await CloseOpenRequestsAsync(w.RecordId);
                return (w.Url(route), Form($"Question from {actor}?"));
            case "send request for another record":
                await CloseOpenRequestsAsync(Guid.Parse(w.Ids["other-record"]));
                return (w.Url(route), Form($"Question from {actor}?"));
            case "edit request":
            {
                var r = await NewRequestAsync(w.RecordId);
                return ($"{w.Url(route)}&id={r.Id}", [.. Form($"Changed by {actor}?"), new("Input.Version", r.Version.ToString())]);
            }
            case "withdraw request":
            {
                var r = await NewRequestAsync(w.RecordId);
                return ($"{w.Url(route)}&id={r.Id}", [new("version", r.Version.ToString())]);
            }
            case "move request":
            {
                var r = await NewRequestAsync(w.RecordId);
                return (route.Replace("{id}", r.Id.ToString()), [new("Step.To", "declined"), new("Step.Version", r.Version.ToString()), new("Step.Message", $"Declined by {actor}.")]);
            }
            case "assign request":
            {
                var r = await NewRequestAsync(w.RecordId);
                var nav = await WithDbAsync(db => db.Users.Where(u => u.Email == w.Emails["navigator"]).Select(u => u.Id).SingleAsync());
                return (route.Replace("{id}", r.Id.ToString()), [new("assignee", nav), new("Step.Version", r.Version.ToString())]);
            }
            case "note on request":
                return (route.Replace("{id}", w.Ids["request"]), [new("Step.Note", $"Note by {actor}")]);
            case "add directory entry":
                return (route, CentreForm($"Centre by {actor}"));
            case "edit directory entry":
            {
                var c = await NewCentreAsync();
                return (route.Replace("{id}", c.Id.ToString()), [.. CentreForm($"Renamed by {actor}"), new("Input.Version", c.Version.ToString())]);
            }
            case "remove directory entry":
            {
                var c = await NewCentreAsync();
                return (route.Replace("{id}", c.Id.ToString()), [new("Input.Version", c.Version.ToString())]);
            }
            default:
                throw new ArgumentException(action);
        }
    }

    private static List<KeyValuePair<string, string>> CentreForm(string institution) =>
        [new("Input.Institution", institution), new("Input.City", "Berlin"), new("Input.Country", "DE"), new("Input.Languages", "German, English"), new("Input.Telehealth", "true")];

    private async Task EnsureAsync()
    {
        if (w.Ids.ContainsKey("request")) return;
        var r = await NewRequestAsync(w.RecordId);
        var c = await NewCentreAsync();
        (w.Ids["request"], w.Ids["centre"]) = (r.Id.ToString(), c.Id.ToString());
    }

    private Task<SecondOpinionRequest> NewRequestAsync(Guid recordId) => WithDbAsync(async db =>
    {
        await db.Set<SecondOpinionRequest>().Where(x => x.RecordId == recordId && (x.State == "new" || x.State == "matched" || x.State == "booked"))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, SecondOpinionStates.Withdrawn));
        var now = DateTime.UtcNow;
        var r = new SecondOpinionRequest
        {
            RecordId = recordId, Question = "Is there another option?", Languages = "English", RequestedById = "x", RequestedByEmail = "owner@example.org",
            StateSinceUtc = now, CreatedUtc = now, UpdatedUtc = now,
        };
        db.Add(r);
        await db.SaveChangesAsync();
        return r;
    });

    private Task CloseOpenRequestsAsync(Guid recordId) => WithDbAsync(db =>
        db.Set<SecondOpinionRequest>().Where(x => x.RecordId == recordId && (x.State == "new" || x.State == "matched" || x.State == "booked"))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, SecondOpinionStates.Withdrawn)));

    private Task<SpecialistCentre> NewCentreAsync() => WithDbAsync(async db =>
    {
        var c = new SpecialistCentre { Institution = "Example Clinic", City = "Berlin", Country = "DE", Languages = "German", CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow };
        db.Add(c);
        await db.SaveChangesAsync();
        return c;
    });

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> f)
    {
        using var scope = w.App.Services.CreateScope();
        return await f(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
