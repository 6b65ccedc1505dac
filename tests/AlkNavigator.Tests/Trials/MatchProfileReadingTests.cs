using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Tests.Trials;

/// <summary>
/// The patient side of matching reads records with the same readers as the visit questions and the plan: checkpoint inhibitors by
/// brand and short form, ALK mutations in HGVS and slash forms, brain sites however they are written.
/// </summary>
public class MatchProfileReadingTests
{
    private static MatchProfile With(string therapies = "[]", string biomarkers = "[]", string metastases = "[]") => MatchingFixtures.Read(
        """{"id": "t", "age": 60, "country": "US", "diagnosis": {"histology": "adenocarcinoma", "stage": "IV", "alk": {"status": "positive"}}, """ +
        $"\"therapies\": {therapies}, \"biomarkers\": {biomarkers}, \"metastases\": {metastases}}}");

    [Theory]
    [InlineData("Keytruda", true)]
    [InlineData("carbo/pem/pembro", true)]
    [InlineData("Nivo/Ipi", true)]
    [InlineData("chemoimmunotherapy", true)]
    [InlineData("durvalumab consolidation", true)]
    [InlineData("carboplatin + pemetrexed", false)]
    [InlineData("alectinib", false)]
    public void Immunotherapy_is_read_by_name_brand_or_short_form(string agent, bool io) =>
        Assert.Equal(io, With(therapies: $$"""[{"line": 1, "agent": "{{agent}}", "start": "2025-01-01", "end": "2025-06-01", "stopReason": "progression"}]""").HadImmunotherapy);

    [Theory]
    [InlineData("G1202R", "G1202R")]
    [InlineData("p.Gly1202Arg", "G1202R")]
    [InlineData("ALK p.(Leu1196Met)", "L1196M")]
    [InlineData("L1196M/G1202R compound", "L1196M,G1202R")]
    [InlineData("no resistance mutation detected", "")]
    public void ALK_mutations_are_read_as_reports_write_them(string alteration, string expected) =>
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries),
            With(biomarkers: $$"""[{"gene": "ALK", "alteration": "{{alteration}}"}]""").ResistanceMutations);

    [Theory]
    [InlineData("brain", "active", "active")]
    [InlineData("brain", null, "present")]
    [InlineData("CNS", null, "present")]
    [InlineData("intracranial", null, "present")]
    [InlineData("Brain (treated)", null, "present")]
    [InlineData("brain", "treated-stable", "treated-stable")]
    [InlineData("leptomeninges", null, "leptomeningeal")]
    [InlineData("liver", null, "none")]
    public void Brain_sites_are_read_however_they_are_written(string site, string? status, string brain)
    {
        var m = status is null ? $$"""[{"site": "{{site}}"}]""" : $$"""[{"site": "{{site}}", "status": "{{status}}"}]""";
        Assert.Equal(brain, With(metastases: m).Brain);
    }
}
