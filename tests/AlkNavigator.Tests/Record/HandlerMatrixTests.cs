namespace AlkNavigator.Tests.Record;

/// <summary>
/// A POST to a record page that has no POST handler: Razor Pages would otherwise render the page without running any
/// handler, so without the access check (it failed with 500 for the owner). Every visitor gets 404 (or the login page).
/// (An unknown ?handler= name falls back to the page's unnamed handler, which checks access itself.)
/// </summary>
[DatabaseTests]
public class HandlerMatrixTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    // anonymous, owner, other-patient, caregiver-view, caregiver-contribute, caregiver-manage, caregiver-revoked, navigator, admin
    private const string Nobody = "login notfound notfound notfound notfound notfound notfound notfound notfound";

    public static readonly TheoryData<string, string> Requests = new()
    {
        { "POST /record/{rid}", Nobody },
        { "POST /record/{rid}/card", Nobody },
        { "POST /record/{rid}/visit", Nobody },
        { "POST /record/{rid}/activity", Nobody },
        { "POST /record/{rid}/trials", Nobody },
        { "POST /record/{rid}/symptoms", Nobody },
        { "POST /record/{rid}/symptoms/trends", Nobody },
        { "POST /record/{rid}/symptoms/summary", Nobody },
        { "POST /record/{rid}/symptoms/alerts", Nobody },
        { "POST /record/{rid}/symptoms/checkins/" + "00000000-0000-0000-0000-000000000001", Nobody },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Post_to_a_page_without_a_post_handler_runs_nothing(string request, string expected)
    {
        var route = request.Split(' ')[1];
        var got = new List<string>();
        foreach (var actor in RecordWorld.Actors)
        {
            var r = await w.PostAsync(actor, w.Url(route), []);
            got.Add(RecordWorld.Outcome(r));
        }
        Assert.Equal(Describe(expected.Split(' ')), Describe([.. got]));
    }

    private static string Describe(string[] outcomes) =>
        string.Join(", ", RecordWorld.Actors.Zip(outcomes, (a, o) => $"{a}={o}"));
}
