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

    [Fact]
    public void US_ZIP_codes_place_the_patient_more_precisely_than_the_city_and_other_countries_fall_back_to_the_city()
    {
        Assert.InRange(Gazetteer.ZipCount, 30_000, 45_000);
        var mission = Gazetteer.FindPostal("US", "94110")!.Value;                 // San Francisco, Mission District
        var sf = Gazetteer.Find("US", "San Francisco")!.Value;
        Assert.InRange(Distance.Km(mission.Lat, mission.Lon, sf.Lat, sf.Lon), 0, 10);
        var anchorage = Gazetteer.FindPostal("us", " 99501-1234 ")!.Value;       // ZIP+4, any case, spaces
        Assert.InRange(anchorage.Lat, 61.0, 61.4);
        Assert.Equal(anchorage, Gazetteer.FindPostal("US", "99501 1234")!.Value);
        Assert.Null(Gazetteer.FindPostal("US", "00000"));                          // not a ZIP code area
        Assert.Null(Gazetteer.FindPostal("US", "9411"));
        Assert.Null(Gazetteer.FindPostal("US", "94110-12"));
        Assert.Null(Gazetteer.FindPostal("FR", "94110"));                          // a French code is not a US ZIP code
        Assert.Null(Gazetteer.FindPostal(null, "94110"));

        // Locate: the ZIP code first, and says so; the city when the code is unknown; nothing when neither is.
        var byZip = Gazetteer.Locate("US", "Boston", "10001")!.Value;              // a New York ZIP code beats the city
        Assert.Equal("ZIP code 10001", byZip.From);
        Assert.InRange(byZip.Lat, 40.6, 40.9);
        var byCity = Gazetteer.Locate("FR", " Paris ", "75001")!.Value;
        Assert.Equal("Paris", byCity.From);
        Assert.Equal("Boston", Gazetteer.Locate("US", "Boston", "not a zip")!.Value.From);
        Assert.Null(Gazetteer.Locate("US", null, "00000"));
        Assert.Null(Gazetteer.Locate(null, "Paris", "94110"));
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
    public async Task A_US_ZIP_code_without_a_city_places_the_patient_for_distances()
    {
        const string nct = "NCT09990021";
        const string Json = """
            {"protocolSection": {
              "identificationModule": {"nctId": "NCT09990021", "briefTitle": "A study of a new ALK inhibitor in ALK-positive NSCLC"},
              "statusModule": {"overallStatus": "RECRUITING"},
              "conditionsModule": {"conditions": ["Non-small Cell Lung Cancer"]},
              "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Metastatic NSCLC with a documented ALK rearrangement\n\nExclusion Criteria:\n\n* Pregnancy"},
              "contactsLocationsModule": {"locations": [{"facility": "Site", "city": "Oakland", "country": "United States", "status": "RECRUITING", "geoPoint": {"lat": 37.8044, "lon": -122.2712}}]}
            }}
            """;
        string? country = null, postal = null;
        await t.WithDbAsync(async db =>
        {
            var trials = CtGovParser.Parse(System.Text.Encoding.UTF8.GetBytes(Json), "t").Trials.ToList();
            await new TrialImporter(db).UpsertAsync(trials, new ImportCounts());
            var r = await db.Records.SingleAsync(r => r.Id == t.RecordId);
            (country, postal) = (r.Country, r.PostalCode);
            return await db.Records.Where(r => r.Id == t.RecordId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Country, "US")
                .SetProperty(r => r.City, (string?)null).SetProperty(r => r.PostalCode, "94110-2201"));
        });
        t.App.Services.GetRequiredService<TrialCatalog>().Invalidate();
        try
        {
            var page = await t.W.Clients["owner"].GetDocumentAsync($"/record/{t.RecordId}/trials");
            Assert.Contains("Distances are from ZIP code 94110", page.QuerySelector("#distance-from")!.TextContent);
            var card = page.QuerySelectorAll("section.verdict-group li.trial-card").Single(li => li.QuerySelector(".nct")?.TextContent.Trim() == nct);
            var m = System.Text.RegularExpressions.Regex.Match(card.QuerySelector(".trial-distance")?.TextContent ?? "", @"about (\d+) km \(Oakland\)");
            Assert.True(m.Success, card.TextContent);
            Assert.InRange(int.Parse(m.Groups[1].Value), 8, 25); // Mission District–Oakland ≈ 14 km
        }
        finally
        {
            await t.WithDbAsync(async db =>
            {
                await db.Records.Where(r => r.Id == t.RecordId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Country, country).SetProperty(r => r.PostalCode, postal));
                return await db.Trials.Where(x => x.NctId == nct).ExecuteDeleteAsync();
            });
            t.App.Services.GetRequiredService<TrialCatalog>().Invalidate();
        }
    }

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
            Assert.Contains("Distances are from Paris", page.QuerySelector("#distance-from")!.TextContent);
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
