using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Record;

/// <summary>The record's country: ISO 3166-1 alpha-2 codes named by .NET's region data; names and aliases map to codes, never cut to two letters.</summary>
public class CountryCodesTests
{
    [Theory]
    [InlineData("United Kingdom", "GB")]
    [InlineData("UK", "GB")]
    [InlineData("uk", "GB")]
    [InlineData("Great Britain", "GB")]
    [InlineData("GBR", "GB")]
    [InlineData("gb", "GB")]
    [InlineData("USA", "US")]
    [InlineData("United States", "US")]
    [InlineData("United States of America", "US")]
    [InlineData(" us ", "US")]
    [InlineData("Germany", "DE")]
    [InlineData("Deutschland", null)]
    [InlineData("South Korea", "KR")]
    [InlineData("Korea, Republic of", "KR")]
    [InlineData("Türkiye", "TR")]
    [InlineData("UN", null)]
    [InlineData("EU", null)]
    [InlineData("ZZ", null)]
    [InlineData("Atlantis", null)]
    public void Names_codes_and_aliases_become_the_iso_code_and_nothing_else_is_accepted(string input, string? code)
    {
        Assert.Equal(code, CountryCodes.Normalize(input));
        Assert.Equal(code is not null, CountryCodes.IsValid(input));
    }

    [Fact]
    public void The_picker_lists_countries_by_name_from_dotnet_region_data_and_no_reserved_codes()
    {
        var all = CountryCodes.All;
        Assert.True(all.Count > 150, $"{all.Count} countries");
        Assert.Contains(("GB", "United Kingdom"), all);
        Assert.Contains(("US", "United States"), all);
        Assert.DoesNotContain(all, c => c.Code is "UN" or "EU" or "ZZ" || c.Code.Length != 2);
        Assert.Equal(all.Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase), all.Select(c => c.Name));
        Assert.Equal(all.Count, all.Select(c => c.Code).Distinct().Count());
        Assert.All(all, c => Assert.Equal(c.Code, CountryCodes.Normalize(c.Name)));
        Assert.Null(CountryCodes.Normalize(""));
        Assert.True(CountryCodes.IsValid(null));
    }

    [Fact]
    public void A_profile_file_may_name_the_country_and_it_is_stored_as_its_code()
    {
        var today = new DateOnly(2026, 1, 15);
        var import = ProfileJson.Parse("""{"id": "t", "country": "United Kingdom", "diagnosis": {"histology": "adenocarcinoma"}}"""u8, today);
        Assert.Empty(import.Problems);
        Assert.Equal("GB", import.Content.Country);
        Assert.Equal("GB", ProfileJson.Export(import.Content, today)["country"]!.GetValue<string>());

        var bad = ProfileJson.Parse("""{"id": "t", "country": "UN", "diagnosis": {"histology": "adenocarcinoma"}}"""u8, today);
        Assert.Contains(bad.Problems, p => p.Path == "$.country");
    }
}

/// <summary>The diagnosis page's country picker on the real app (SQLite and PostgreSQL).</summary>
[DatabaseTests]
public class CountryPickerTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private async Task<PatientRecordSnapshot> RecordAsync()
    {
        using var scope = w.App.Services.CreateScope();
        var r = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Records.AsNoTracking().SingleAsync(x => x.Id == w.RecordId);
        return new(r.DisplayName, r.Country, r.Version);
    }

    private sealed record PatientRecordSnapshot(string Name, string? Country, Guid Version);

    [Fact]
    public async Task The_country_is_chosen_from_a_list_saved_as_its_code_and_an_unknown_one_is_refused()
    {
        var url = $"/record/{w.RecordId}/diagnosis";
        var form = await w.Clients["owner"].GetDocumentAsync(url);
        var select = form.QuerySelector("select[name='Input.Country']")!;
        Assert.NotNull(select.QuerySelector("option[value='GB']"));
        Assert.Equal("United Kingdom", select.QuerySelector("option[value='GB']")!.TextContent.Trim());
        Assert.Null(select.QuerySelector("option[value='UN']"));

        var before = await RecordAsync();
        var ok = await w.PostAsync("owner", url, [new("Input.DisplayName", before.Name), new("Input.Country", "United Kingdom"), new("Input.Version", before.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var saved = await RecordAsync();
        Assert.Equal("GB", saved.Country);

        var refused = await w.PostAsync("owner", url, [new("Input.DisplayName", saved.Name), new("Input.Country", "UN"), new("Input.Version", saved.Version.ToString())]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("not a country we know", Forms.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector(".field-validation-error")!.TextContent);
        Assert.Equal("GB", (await RecordAsync()).Country);

        // An older free-text value is shown as its code in the picker.
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Records.Where(r => r.Id == w.RecordId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Country, "Great Britain"));
        }
        var again = await w.Clients["owner"].GetDocumentAsync(url);
        Assert.Equal("GB", ((AngleSharp.Html.Dom.IHtmlSelectElement)again.QuerySelector("select[name='Input.Country']")!).Value);
    }
}
