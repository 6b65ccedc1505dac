using System.Net;
using System.Text.Json;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Platform;

[DatabaseTests]
public class PlatformTests
{
    [Fact]
    public async Task Healthz_reports_the_database_reachable()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("database", doc.RootElement.GetProperty("checks")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Healthz_reports_unhealthy_when_the_database_is_unreachable()
    {
        await using var app = await TestApp.StartAsync();
        if (TestApp.IsPostgres)
        {
            // Refuse new connections to the app's database and end the open ones: the health check must notice.
            await AdminSqlAsync($"ALTER DATABASE {app.PostgresDatabase} ALLOW_CONNECTIONS false");
            await AdminSqlAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{app.PostgresDatabase}'");
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(app.DataDirectory, recursive: true);
        }
        using var client = app.CreateClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        if (TestApp.IsPostgres) await AdminSqlAsync($"ALTER DATABASE {app.PostgresDatabase} ALLOW_CONNECTIONS true");
    }

    private static async Task AdminSqlAsync(string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable("ALKNAV_TEST_PG"));
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/learn")]
    [InlineData("/learn/drugs/alectinib")]
    [InlineData("/api/drugs")]
    [InlineData("/account/login")]
    public async Task Every_response_carries_strict_security_headers(string url)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var r = await client.GetAsync(url);
        var csp = r.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", r.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(r.Headers.Contains("Strict-Transport-Security"), "HSTS only when served over TLS");
    }

    [Fact]
    public async Task Pages_contain_no_inline_script_or_style()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        foreach (var url in new[] { "/", "/learn", "/learn/compare", "/learn/resistance", "/learn/drugs/lorlatinib", "/learn/search?q=brain", "/account/login", "/account/register" })
        {
            var doc = await client.GetDocumentAsync(url);
            Assert.Empty(doc.QuerySelectorAll("script:not([src])"));
            Assert.Empty(doc.QuerySelectorAll("[style]"));
            Assert.DoesNotContain(doc.QuerySelectorAll("*"), e => e.Attributes.Any(a => a.Name.StartsWith("on")));
        }
    }

    [Fact]
    public async Task Data_protection_keys_persist_so_a_restart_keeps_sessions_valid()
    {
        var dataDir = Directory.CreateTempSubdirectory("alknav-restart-").FullName;
        string? pgCs = null;
        HttpClient client;
        var cookies = new CookieContainer();
        await using (var first = await TestApp.StartAsync(s => s["Data:Directory"] = dataDir))
        {
            pgCs = first.ConnectionString;
            client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = first.BaseUrl };
            var reg = await first.RegisterAsync(client, "restart@example.org", "correct horse battery");
            Assert.Equal(HttpStatusCode.Redirect, reg.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/manage")).StatusCode);
            if (TestApp.IsPostgres)
            {
                using var scope = first.Services.CreateScope();
                Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.AnyAsync(), "keys are stored in PostgreSQL");
            }
            else
            {
                Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataDir, "keys"), "key-*.xml"));
            }

            // A second node on the same storage (a restart, or another web node) accepts the same cookie.
            await using var second = await TestApp.StartAsync(s =>
            {
                s["Data:Directory"] = dataDir;
                if (pgCs is not null) s["Database:ConnectionString"] = pgCs;
            });
            var auth = cookies.GetCookies(first.BaseUrl).Single(c => c.Name == "alknav.auth");
            using var other = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = second.BaseUrl };
            var request = new HttpRequestMessage(HttpMethod.Get, "/account/manage");
            request.Headers.Add("Cookie", $"alknav.auth={auth.Value}");
            var response = await other.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("restart@example.org", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_rejected()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var r = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "x@example.org", ["Input.Password"] = "whatever-password",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }
}
