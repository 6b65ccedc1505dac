using AlkNavigator.Data;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

/// <summary>
/// Schedule settings, the calendar link and the .ics download × every kind of visitor (see Record/AccessMatrixTests):
/// anyone who may read the record sees the settings and downloads the calendar; only the patient and a managing
/// caregiver change them; an unknown feed token is 404 for everyone, signed in or not.
/// </summary>
[DatabaseTests]
public class FeedsAccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string ManageOnly = "login ok notfound forbidden forbidden ok notfound notfound notfound";
    private const string OtherRecord = "login notfound ok notfound notfound notfound notfound notfound notfound";
    private const string NotFoundForAll = "notfound notfound notfound notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/record/{rid}/schedule/settings", Readable },
        { "/record/{rid}/schedule/calendar.ics", Readable },
        { "/record/{other-record}/schedule/settings", OtherRecord },
        { "/record/{other-record}/schedule/calendar.ics", OtherRecord },
        { "/record/00000000-0000-0000-0000-000000000001/schedule/calendar.ics", "login notfound notfound notfound notfound notfound notfound notfound notfound" },
        { "/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", NotFoundForAll },
        { "/calendar/bad-token.ics", NotFoundForAll },
        { "/calendar/{rid}.ics", NotFoundForAll },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get(string route, string expected)
    {
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
            got.Add(RecordWorld.Outcome(await w.Clients[actor].GetAsync(w.Url(route))));
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    public static readonly TheoryData<string, string, string> Posts = new()
    {
        { "save settings", "/record/{rid}/schedule/settings", ManageOnly },
        { "create link", "/record/{rid}/schedule/settings?handler=CreateLink", ManageOnly },
        { "replace link", "/record/{rid}/schedule/settings?handler=ReplaceLink", ManageOnly },
        { "turn off link", "/record/{rid}/schedule/settings?handler=TurnOffLink", ManageOnly },
        { "save other record's settings", "/record/{other-record}/schedule/settings", OtherRecord },
        { "create other record's link", "/record/{other-record}/schedule/settings?handler=CreateLink", OtherRecord },
        { "choose what the feed shows", "/record/{rid}/schedule/settings?handler=FeedContent", ManageOnly },
        { "choose what other record's feed shows", "/record/{other-record}/schedule/settings?handler=FeedContent", OtherRecord },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post(string action, string route, string expected)
    {
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            List<KeyValuePair<string, string>> fields = action.StartsWith("save", StringComparison.Ordinal)
                ? [new("Input.VisitMonthsEarly", "3"), new("Input.VisitMonthsLater", "6"), new("Input.StableMonthsBeforeLater", "24"), new("Input.ReminderLeadDays", "2"),
                   new("Input.EmailReminders", "false"), new("Input.Version", (await VersionAsync(action.Contains("other") ? Guid.Parse(w.Ids["other-record"]) : w.RecordId)).ToString())]
                : action.StartsWith("choose", StringComparison.Ordinal) ? [new("content", "private")] : [];
            var response = await w.PostAsync(actor, w.Url(route), fields);
            var outcome = RecordWorld.Outcome(response);
            if (outcome == "ok" && response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                // A 200 on a form post means the form came back: with errors the change did not happen.
                var body = await response.Content.ReadAsStringAsync();
                outcome = body.Contains("field-validation-error") || body.Contains("alert-danger") ? "rejected-input" : outcome;
            }
            got.Add(outcome);
        }
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    private async Task<Guid> VersionAsync(Guid rid)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ScheduleSettings.Where(s => s.RecordId == rid).Select(s => s.Version).FirstOrDefaultAsync();
    }

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
