using AlkNavigator.Data;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The medication and symptom settings pages × every kind of visitor (see Record/AccessMatrixTests).</summary>
[DatabaseTests]
public class MedicationAccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string Contribute = "login ok notfound forbidden ok ok notfound notfound notfound";
    private const string ManageOnly = "login ok notfound forbidden forbidden ok notfound notfound notfound";
    private const string OtherRecord = "login notfound ok notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/record/{rid}/symptoms/medication", Readable },
        { "/record/{rid}/symptoms/settings", Readable },
        { "/record/{other-record}/symptoms/medication", OtherRecord },
        { "/record/{other-record}/symptoms/settings", OtherRecord },
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
        { "mark dose", "/record/{rid}/symptoms/medication", Contribute },
        { "save settings", "/record/{rid}/symptoms/settings", ManageOnly },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task Post(string action, string route, string expected)
    {
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            List<KeyValuePair<string, string>> fields = action switch
            {
                "mark dose" => [new("Date", DateTime.UtcNow.ToString("yyyy-MM-dd")), new("Slot", "0"), new("Mark", "taken")],
                _ => [new("Input.TimeZone", "UTC"), new("Input.DoseTimes[0]", "08:00"), new("Input.DoseTimes[1]", "20:00"), new("Input.CheckInDay", "1"), new("Input.Version", (await VersionAsync()).ToString())],
            };
            var response = await w.PostAsync(actor, w.Url(route), fields);
            var outcome = RecordWorld.Outcome(response);
            if (outcome == "ok" && response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                // A 200 on a form post means the form came back with errors: the change did not happen.
                var body = await response.Content.ReadAsStringAsync();
                outcome = body.Contains("field-validation-error") || body.Contains("alert-danger") ? "rejected-input" : outcome;
            }
            got.Add(outcome);
        }
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    private async Task<Guid> VersionAsync()
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.SymptomSettings.Where(s => s.RecordId == w.RecordId).Select(s => s.Version).FirstOrDefaultAsync();
    }

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
