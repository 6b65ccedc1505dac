using System.Net;
using System.Text;
using AlkNavigator.Data;
using AlkNavigator.Hosting;
using AlkNavigator.Tests.Record;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// Issue 11, items 7 and 8: every response with patient data says Cache-Control: no-store; under /api every error is
/// application/problem+json (415, 404, 401, an unhandled exception), never the HTML error page.
/// </summary>
[DatabaseTests]
public class PatientDataHeadersTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    public static readonly TheoryData<string> PatientRoutes = new()
    {
        "/record",
        "/record/{rid}",
        "/record/{rid}/diagnosis",
        "/record/{rid}/treatments",
        "/record/{rid}/card",
        "/record/{rid}/activity",
        "/record/{rid}/transfer",
        "/record/{rid}/transfer?handler=Download",
        "/record/{rid}/symptoms",
        "/record/{rid}/symptoms/summary",
        "/record/{rid}/visits",
        "/record/{rid}/visit",
        "/record/{rid}/visit/second-opinion",
        "/record/{rid}/visit/second-opinion?handler=Pdf",
        "/record/{rid}/schedule",
        "/record/{rid}/schedule/calendar.ics",
        "/record/{rid}/trials",
        "/api/records",
        "/api/records/{rid}",
        "/api/records/{rid}/profile",
        "/api/records/{rid}/symptoms/checkins",
        "/api/records/{rid}/trial-matches",
        "/",
    };

    [Theory]
    [MemberData(nameof(PatientRoutes))]
    public async Task A_signed_in_response_with_patient_data_is_never_stored(string route)
    {
        foreach (var actor in new[] { "owner", "caregiver-view" })
        {
            var r = await w.Clients[actor].GetAsync(w.Url(route));
            Assert.True((int)r.StatusCode is >= 200 and < 400, $"{actor} {route}: {r.StatusCode}");
            Assert.True(r.Headers.CacheControl?.NoStore == true, $"{actor} {route}: Cache-Control {r.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task Anonymous_public_pages_are_not_forced_to_no_store()
    {
        foreach (var route in new[] { "/learn", "/trials" })
        {
            var r = await w.Clients["anonymous"].GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.NotEqual(true, r.Headers.CacheControl?.NoStore);
        }
    }

    [Fact]
    public async Task Api_errors_are_problem_json_even_for_a_browser()
    {
        var owner = w.Clients["owner"];
        async Task Check(HttpRequestMessage request, HttpStatusCode status)
        {
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
            var r = await owner.SendAsync(request);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(status == r.StatusCode, $"{request.RequestUri}: {r.StatusCode} {body}");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
            Assert.Equal((int)status, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        }

        await Check(new HttpRequestMessage(HttpMethod.Put, w.Url("/api/records/{rid}/profile")) { Content = new StringContent("{}", Encoding.UTF8, "text/plain") },
            HttpStatusCode.UnsupportedMediaType);
        await Check(new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing"), HttpStatusCode.NotFound);
        var anonymous = new HttpRequestMessage(HttpMethod.Get, w.Url("/api/records/{rid}"));
        anonymous.Headers.Accept.ParseAdd("text/html");
        var unauthorized = await w.Clients["anonymous"].SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unhandled_exception_under_api_is_a_500_problem_without_the_exception_text_and_pages_keep_the_html_error_page()
    {
        var dataDir = Directory.CreateTempSubdirectory("alknav-boom-").FullName;
        var settings = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0", ["Data:Directory"] = dataDir, ["Smtp:Host"] = "" };
        var app = AppHost.Build(settings, b => b.Logging.ClearProviders());
        app.MapGet("/api/test-boom", string () => throw new InvalidOperationException("secret internal detail")).AllowAnonymous();
        app.MapGet("/test-boom", string () => throw new InvalidOperationException("secret internal detail")).AllowAnonymous();
        await Database.MigrateAsync(app.Services);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var api = new HttpRequestMessage(HttpMethod.Get, "/api/test-boom");
            api.Headers.Accept.ParseAdd("text/html");
            var r = await client.SendAsync(api);
            var body = await r.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("secret internal detail", body);

            var page = await client.GetAsync("/test-boom");
            Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
