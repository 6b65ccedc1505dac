using AlkNavigator.Tests.Record;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>
/// The trends and "since my last visit" pages × every kind of visitor: the patient and the caregivers they invited
/// (any level) may read; staff roles, other patients and revoked caregivers get 404; a record id never opens another
/// account's symptoms.
/// </summary>
[DatabaseTests]
public class TrendsAccessMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Readable = "login ok notfound ok ok ok notfound notfound notfound";
    private const string OtherPatientOnly = "login notfound ok notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/record/{rid}/symptoms/trends", Readable },
        { "/record/{rid}/symptoms/trends?weeks=all", Readable },
        { "/record/{rid}/symptoms/summary", Readable },
        { "/record/{rid}/symptoms/summary?since=2026-01-01", Readable },
        { "/record/{rid}/symptoms/summary?since=garbage", Readable },
        { "/record/{other-record}/symptoms/trends", OtherPatientOnly },
        { "/record/{other-record}/symptoms/summary", OtherPatientOnly },
        // The overview carries the in-app reminders.
        { "/record/{rid}", Readable },
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

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
