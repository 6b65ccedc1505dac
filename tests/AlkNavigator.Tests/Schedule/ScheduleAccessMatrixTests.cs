using AlkNavigator.Data;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

/// <summary>
/// The schedule pages × every kind of visitor: the patient and caregivers read; contributors add, change, mark and
/// record results; everyone else gets 404 (or the login page), and an item of another record opens nothing.
/// </summary>
[DatabaseTests]
public class ScheduleAccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string Contribute = "login ok notfound forbidden ok ok notfound notfound notfound";
    private const string Nobody = "login notfound notfound notfound notfound notfound notfound notfound notfound";
    // A viewer may not post at all (403 before the item is looked up); for everyone else the other record's item does not exist.
    private const string NobodyPosts = "login notfound notfound forbidden notfound notfound notfound notfound notfound";
    private const string OtherPatientOnly = "login notfound ok notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/record/{rid}/schedule", Readable },
        { "/record/{rid}/schedule?view=calendar", Readable },
        { "/record/{rid}/schedule?view=calendar&month=2020-02", Readable },
        { "/record/{rid}/schedule/{sched-item}", Readable },
        { "/record/{rid}/schedule/results", Readable },
        { "/record/{rid}/schedule/new", Contribute },
        // Another record's item through this record's id; this record's item through the other record's id.
        { "/record/{rid}/schedule/{other-sched-item}", Nobody },
        { "/record/{other-record}/schedule/{sched-item}", Nobody },
        { "/record/{other-record}/schedule", OtherPatientOnly },
        { "/record/{other-record}/schedule/results", OtherPatientOnly },
    };

    public static readonly TheoryData<string, string> Posts = new()
    {
        { "add item", Contribute },
        { "change item", Contribute },
        { "add result", Contribute },
        { "delete result", Contribute },
        { "mark done", Contribute },
        { "skip", Contribute },
        { "change other record's item", NobodyPosts },
        { "mark other record's item done", NobodyPosts },
        // Pages (or a page without an unnamed POST handler) that take no POST run nothing.
        { "post to results", Nobody },
        { "post to schedule without handler", Nobody },
    };

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>An item added by hand on this record and one on the other patient's record.</summary>
    private async Task SeedAsync()
    {
        if (w.Ids.ContainsKey("sched-item")) return;
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        MonitoringItem Item(Guid rid) => new()
        {
            RecordId = rid, Kind = "lab:liver", Title = "Liver tests ordered", Due = Today.AddDays(10), Origin = ItemOrigin.User, Source = "care team", Reason = "Ordered.",
        };
        var mine = Item(w.RecordId);
        var theirs = Item(Guid.Parse(w.Ids["other-record"]));
        db.MonitoringItems.AddRange(mine, theirs);
        await db.SaveChangesAsync();
        w.Ids["sched-item"] = mine.Id.ToString();
        w.Ids["other-sched-item"] = theirs.Id.ToString();
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
            var (url, fields) = await PrepareAsync(action);
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

    private async Task<(string Url, List<KeyValuePair<string, string>> Fields)> PrepareAsync(string action)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var mine = await db.MonitoringItems.AsNoTracking().FirstAsync(i => i.Id == Guid.Parse(w.Ids["sched-item"]));
        var theirs = await db.MonitoringItems.AsNoTracking().FirstAsync(i => i.Id == Guid.Parse(w.Ids["other-sched-item"]));
        string D(DateOnly d) => d.ToString("yyyy-MM-dd");
        List<KeyValuePair<string, string>> Edit(MonitoringItem i) =>
            [new("Input.Title", "Liver tests ordered"), new("Input.Due", D(Today.AddDays(12))), new("Input.WindowDays", "3"), new("Input.Status", "planned"), new("Input.Version", i.Version.ToString())];
        switch (action)
        {
            case "add item":
                return (w.Url("/record/{rid}/schedule/new"), [new("Input.Kind", "ct"), new("Input.Title", "CT ordered"), new("Input.Due", D(Today.AddDays(30))), new("Input.WindowDays", "7")]);
            case "change item":
                return (w.Url("/record/{rid}/schedule/{sched-item}"), Edit(mine));
            case "change other record's item":
                return (w.Url("/record/{rid}/schedule/{other-sched-item}"), Edit(theirs));
            case "add result":
                return (w.Url("/record/{rid}/schedule/{sched-item}?handler=Result"),
                    [new("Result.Date", D(Today)), new("Result.Analyte", "ALT"), new("Result.Value", "30"), new("Result.Unit", "U/L"), new("Result.RefHigh", "40"), new("Result.Version", mine.Version.ToString())]);
            case "delete result":
            {
                // A fresh result per visitor, so each one deletes something that exists.
                var r = new MonitoringResult { RecordId = w.RecordId, ItemId = mine.Id, Date = Today, Analyte = "ALT", Value = 30, Unit = "U/L" };
                db.MonitoringResults.Add(r);
                await db.SaveChangesAsync();
                return (w.Url("/record/{rid}/schedule/{sched-item}?handler=DeleteResult"), [new("resultId", r.Id.ToString()), new("resultVersion", r.Version.ToString())]);
            }
            case "mark done":
            case "skip":
            {
                // Back to planned so each visitor marks something planned.
                await db.MonitoringItems.Where(i => i.Id == mine.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Planned));
                var version = (await db.MonitoringItems.AsNoTracking().FirstAsync(i => i.Id == mine.Id)).Version;
                return (w.Url($"/record/{{rid}}/schedule?handler={(action == "skip" ? "Skip" : "Done")}"), [new("itemId", mine.Id.ToString()), new("version", version.ToString())]);
            }
            case "post to results":
                return (w.Url("/record/{rid}/schedule/results"), []);
            case "post to schedule without handler":
                return (w.Url("/record/{rid}/schedule"), [new("itemId", mine.Id.ToString()), new("version", mine.Version.ToString())]);
            default: // mark other record's item done
                return (w.Url("/record/{rid}/schedule?handler=Done"), [new("itemId", theirs.Id.ToString()), new("version", theirs.Version.ToString())]);
        }
    }

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
