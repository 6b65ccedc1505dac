using AlkNavigator.Data;
using AlkNavigator.Tests.Schedule;

namespace AlkNavigator.Tests.Record;

/// <summary>Issue 14: the emergency card's primary caregiver reads "Chris Rivera, +1 ..." with no space before the comma.</summary>
[DatabaseTests]
public class CardCaregiverTextTests(FeedsApp fixture) : IClassFixture<FeedsApp>
{
    [Theory]
    [InlineData("+1 555 0100 400", "Chris Rivera, +1 555 0100 400")]
    [InlineData(null, "Chris Rivera")]
    public async Task The_primary_caregiver_reads_name_comma_phone(string? phone, string expected)
    {
        var (rid, email) = await FeedsTestData.PatientAsync(fixture.App.Services);
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.CareTeam.Add(new AlkNavigator.Features.Record.CareTeamMember { RecordId = rid, Role = "caregiver", Name = "Chris Rivera", Phone = phone, IsPrimaryCaregiver = true });
            await db.SaveChangesAsync();
        }
        using var owner = await FeedsTestData.LoginAsync(fixture.App, email);
        var doc = await owner.GetDocumentAsync($"/record/{rid}/card");
        var dd = doc.QuerySelectorAll("dt").Single(dt => dt.TextContent.Trim() == "Primary caregiver").NextElementSibling!;
        Assert.Equal(expected, System.Text.RegularExpressions.Regex.Replace(dd.TextContent, @"\s+", " ").Trim());
    }
}
