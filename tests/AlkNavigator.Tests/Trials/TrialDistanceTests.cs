using AlkNavigator.Data;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Trials.CtGov;
using AlkNavigator.Features.Trials.Geo;
using AlkNavigator.Features.Trials.Matching;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Trials;

/// <summary>Distances from the patient's city (offline gazetteer) to a trial's nearest open site (registry geoPoint).</summary>
public class TrialDistanceTests
{
    [Fact]
    public void Haversine_gives_known_great_circle_distances()
    {
        Assert.InRange(Distance.Km(48.8566, 2.3522, 51.5074, -0.1278), 340, 348);       // Paris–London ≈ 344 km
        Assert.InRange(Distance.Km(40.7128, -74.0060, 34.0522, -118.2437), 3925, 3950); // New York–Los Angeles ≈ 3,936 km
        Assert.Equal(0, Distance.Km(10, 20, 10, 20), 6);
        Assert.InRange(Distance.Km(0, 0, 0, 180), 20010, 20020);                         // half the equator
    }

    [Fact]
    public void The_gazetteer_places_cities_by_country_offline_ignoring_case_and_accents()
    {
        Assert.True(Gazetteer.Count > 100_000);
        var london = Gazetteer.Find("GB", "london")!.Value;
        Assert.InRange(london.Lat, 51.4, 51.6);
        Assert.InRange(london.Lon, -0.3, 0.1);
        var zurich = Gazetteer.Find("CH", "Zurich")!.Value;
        Assert.InRange(zurich.Lat, 47.3, 47.45);
        Assert.Null(Gazetteer.Find("GB", "Atlantis City"));
        Assert.Null(Gazetteer.Find(null, "London"));
    }

    private const string Study = """
        {"protocolSection": {
          "identificationModule": {"nctId": "NCT09990001", "briefTitle": "A study in ALK-positive NSCLC"},
          "statusModule": {"overallStatus": "RECRUITING"},
          "conditionsModule": {"conditions": ["Non-small Cell Lung Cancer"]},
          "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Metastatic NSCLC with a documented ALK rearrangement\n\nExclusion Criteria:\n\n* Pregnancy"},
          "contactsLocationsModule": {"locations": [
            {"facility": "Hôpital A", "city": "Lyon", "country": "France", "status": "RECRUITING", "geoPoint": {"lat": 45.7485, "lon": 4.8467}},
            {"facility": "Closed B", "city": "Paris", "country": "France", "status": "COMPLETED", "geoPoint": {"lat": 48.8534, "lon": 2.3488}},
            {"facility": "No point", "city": "Nice", "country": "France", "status": "RECRUITING"},
            {"facility": "Bad point", "city": "Nowhere", "country": "France", "geoPoint": {"lat": 123, "lon": 4}}
          ]}
        }}
        """;

    [Fact]
    public void The_parser_keeps_site_coordinates_and_the_nearest_open_site_ignores_closed_ones()
    {
        var trial = CtGovParser.Parse(System.Text.Encoding.UTF8.GetBytes(Study), "t").Trials.Single();
        Assert.Contains("\"lat\":45.7485", trial.LocationsJson);
        Assert.DoesNotContain("123", trial.LocationsJson);
        var paris = Gazetteer.Find("FR", "Paris")!.Value;
        var nearest = Distance.NearestOpenSite(trial.LocationsJson, paris)!.Value;
        Assert.Equal("Lyon", nearest.City);                    // Paris's own site is completed
        Assert.InRange(nearest.Km, 385, 400);                  // Paris–Lyon ≈ 392 km
        Assert.Null(Distance.NearestOpenSite("""[{"city":"X","status":"RECRUITING"}]""", paris));
    }
}

/// <summary>The record's trial list shows the distance and filters by it (SQLite and PostgreSQL).</summary>
[DatabaseTests]
public class TrialDistanceWebTests(TrialsWebWorld t) : IClassFixture<TrialsWebWorld>
{
    [Fact]
    public async Task The_record_list_shows_the_nearest_open_site_and_filters_within_a_distance()
    {
        const string near = "NCT09990011", far = "NCT09990012";
        const string Template = """
            {"protocolSection": {
              "identificationModule": {"nctId": "NCT_ID", "briefTitle": "A study of a new ALK inhibitor in ALK-positive NSCLC"},
              "statusModule": {"overallStatus": "RECRUITING"},
              "conditionsModule": {"conditions": ["Non-small Cell Lung Cancer"]},
              "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Metastatic NSCLC with a documented ALK rearrangement\n\nExclusion Criteria:\n\n* Pregnancy"},
              "contactsLocationsModule": {"locations": [{"facility": "Site", "city": "CITY", "country": "France", "status": "RECRUITING", "geoPoint": {"lat": LAT, "lon": LON}}]}
            }}
            """;
        static string Study(string nct, string city, double lat, double lon) => Template.Replace("NCT_ID", nct).Replace("CITY", city)
            .Replace("LAT", lat.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("LON", lon.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await t.WithDbAsync(async db =>
        {
            var trials = new[] { Study(near, "Versailles", 48.8049, 2.1204), Study(far, "Marseille", 43.2965, 5.3698) }
                .SelectMany(s => CtGovParser.Parse(System.Text.Encoding.UTF8.GetBytes(s), "t").Trials).ToList();
            await new TrialImporter(db).UpsertAsync(trials, new ImportCounts());
            await db.Records.Where(r => r.Id == t.RecordId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Country, "FR").SetProperty(r => r.City, "Paris"));
            return 0;
        });
        t.App.Services.GetRequiredService<TrialCatalog>().Invalidate();
        try
        {
            var url = $"/record/{t.RecordId}/trials";
            var page = await t.W.Clients["owner"].GetDocumentAsync(url);
            string? DistanceOf(AngleSharp.Html.Dom.IHtmlDocument doc, string nct) => doc.QuerySelectorAll("section.verdict-group li.trial-card")
                .FirstOrDefault(li => li.QuerySelector(".nct")?.TextContent.Trim() == nct)?.QuerySelector(".trial-distance")?.TextContent;
            var m = System.Text.RegularExpressions.Regex.Match(DistanceOf(page, near) ?? "", @"about (\d+) km \(Versailles\)");
            Assert.True(m.Success, DistanceOf(page, near));
            Assert.InRange(int.Parse(m.Groups[1].Value), 12, 24); // Paris–Versailles ≈ 17 km
            Assert.Contains("(Marseille)", DistanceOf(page, far));
            Assert.NotNull(page.QuerySelector("select[name=km] option[value='100']"));

            var within = await t.W.Clients["owner"].GetDocumentAsync(url + "?km=100");
            var listed = within.QuerySelectorAll("section.verdict-group li.trial-card .nct").Select(e => e.TextContent.Trim()).ToList();
            Assert.Contains(near, listed);
            Assert.DoesNotContain(far, listed);
            Assert.All(within.QuerySelectorAll("section.verdict-group li.trial-card"), li => Assert.NotNull(li.QuerySelector(".trial-distance")));
            Assert.Contains("left out", within.QuerySelector(".trial-distance-filter")!.TextContent);
        }
        finally
        {
            await t.WithDbAsync(async db =>
            {
                await db.Records.Where(r => r.Id == t.RecordId).ExecuteUpdateAsync(s => s.SetProperty(r => r.City, (string?)null));
                return await db.Trials.Where(x => x.NctId == near || x.NctId == far).ExecuteDeleteAsync();
            });
            t.App.Services.GetRequiredService<TrialCatalog>().Invalidate();
        }
    }
}
