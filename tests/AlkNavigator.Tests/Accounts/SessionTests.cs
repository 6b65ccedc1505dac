using Microsoft.Extensions.Time.Testing;
using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Accounts;

/// <summary>
/// Server-side sessions (issue 11, item 2): logging out ends that session on the server, so a cookie copied before
/// logout stops working (pages and API, on every node), while the account's other devices stay signed in; "sign out
/// everywhere" ends them all; the devices page lists and signs out single sessions.
/// </summary>
[DatabaseTests]
public class SessionTests : IClassFixture<Learn.AppFixture>
{
    private const string Password = "a long enough session passphrase";
    private readonly TestApp _app;
    public SessionTests(Learn.AppFixture f) => _app = f.App;

    /// <summary>A browser: a client with its own cookie jar (so the test can copy its cookies elsewhere).</summary>
    internal sealed class Browser : IDisposable
    {
        private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true };
        public HttpClient Client { get; }

        public Browser(TestApp app, string userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")
        {
            Client = new HttpClient(_handler) { BaseAddress = app.BaseUrl };
            Client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        /// <summary>The Cookie header this browser would send to <paramref name="at"/>.</summary>
        public string Cookies(TestApp at) => _handler.CookieContainer.GetCookieHeader(at.BaseUrl);
        public void Dispose() => Client.Dispose();
    }

    /// <summary>Replays a saved Cookie header against <paramref name="app"/>, the way a thief with a copied cookie would.</summary>
    internal static async Task<HttpResponseMessage> ReplayAsync(TestApp app, string cookieHeader, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        return await client.SendAsync(request);
    }

    internal static async Task<(string Email, string UserId, Guid RecordId)> PatientAsync(TestApp app)
    {
        var email = $"s{Guid.NewGuid():N}"[..12] + "@example.org";
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Patient);
        var record = await scope.ServiceProvider.GetRequiredService<RecordAccess>().GetOrCreateOwnAsync(user);
        return (email, user.Id, record.Id);
    }

    internal static async Task LoginAsync(HttpClient client, string email)
    {
        var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    internal static async Task LogoutAsync(HttpClient client)
    {
        var r = await client.SubmitAsync("/account/logout", new Dictionary<string, string>(), formAction: "/account/logout");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    [Fact]
    public async Task A_cookie_saved_before_logout_gets_401_on_the_api_and_the_login_page_afterwards()
    {
        var (email, _, recordId) = await PatientAsync(_app);
        using var browser = new Browser(_app);
        await LoginAsync(browser.Client, email);
        var saved = browser.Cookies(_app);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(_app, saved, $"/api/records/{recordId}")).StatusCode);

        await LogoutAsync(browser.Client);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(_app, saved, $"/api/records/{recordId}")).StatusCode);
        var page = await ReplayAsync(_app, saved, $"/record/{recordId}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Logging_out_on_one_device_keeps_the_other_device_signed_in()
    {
        var (email, _, recordId) = await PatientAsync(_app);
        using var phone = new Browser(_app, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1");
        using var laptop = new Browser(_app);
        await LoginAsync(phone.Client, email);
        await LoginAsync(laptop.Client, email);
        var phoneCookie = phone.Cookies(_app);

        await LogoutAsync(laptop.Client);

        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(_app, phoneCookie, $"/api/records/{recordId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.Client.GetAsync("/account/manage")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.Client.GetAsync($"/api/records/{recordId}")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_account_and_no_other_account()
    {
        var (email, userId, recordId) = await PatientAsync(_app);
        var (otherEmail, _, otherRecord) = await PatientAsync(_app);
        using var phone = new Browser(_app);
        using var laptop = new Browser(_app);
        using var someoneElse = new Browser(_app);
        await LoginAsync(phone.Client, email);
        await LoginAsync(laptop.Client, email);
        await LoginAsync(someoneElse.Client, otherEmail);
        var phoneCookie = phone.Cookies(_app);
        var laptopCookie = laptop.Cookies(_app);

        var r = await laptop.Client.SubmitAsync("/account/manage/sessions", [], formAction: "handler=SignOutEverywhere");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(_app, phoneCookie, $"/api/records/{recordId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(_app, laptopCookie, $"/api/records/{recordId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await someoneElse.Client.GetAsync($"/api/records/{otherRecord}")).StatusCode);
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await db.UserSessions.CountAsync(s => s.UserId == userId && s.RevokedUtc == null));
    }

    [Fact]
    public async Task The_devices_page_lists_each_session_marks_this_one_and_signs_out_another()
    {
        var (email, _, recordId) = await PatientAsync(_app);
        using var phone = new Browser(_app, "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36");
        using var laptop = new Browser(_app, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0");
        await LoginAsync(phone.Client, email);
        await LoginAsync(laptop.Client, email);

        var doc = await laptop.Client.GetDocumentAsync("/account/manage/sessions");
        var items = doc.QuerySelectorAll(".session-list > li");
        Assert.Equal(2, items.Length);
        var mine = Assert.Single(items, li => li.TextContent.Contains("This device"));
        Assert.Contains("Firefox on Windows", mine.TextContent);
        var other = Assert.Single(items, li => !li.TextContent.Contains("This device"));
        Assert.Contains("Chrome on Android", other.TextContent);
        var otherId = other.QuerySelector("input[name=id]")!.GetAttribute("value")!;

        var r = await laptop.Client.SubmitAsync("/account/manage/sessions", [new("id", otherId)], formAction: "handler=Revoke");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Client.GetAsync($"/api/records/{recordId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Client.GetAsync($"/api/records/{recordId}")).StatusCode);
        Assert.Single(Forms.Parse(await laptop.Client.GetStringAsync("/account/manage/sessions")).QuerySelectorAll(".session-list > li"));
    }

    [Fact]
    public async Task Another_accounts_session_id_cannot_be_signed_out_and_reveals_nothing()
    {
        var (victim, victimId, victimRecord) = await PatientAsync(_app);
        var (attacker, _, _) = await PatientAsync(_app);
        using var v = new Browser(_app);
        using var a = new Browser(_app);
        await LoginAsync(v.Client, victim);
        await LoginAsync(a.Client, attacker);
        Guid victimSession;
        using (var scope = _app.Services.CreateScope())
            victimSession = await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserSessions.Where(s => s.UserId == victimId).Select(s => s.Id).SingleAsync();

        var r = await a.Client.SubmitAsync("/account/manage/sessions", [new("id", victimSession.ToString())], formAction: "handler=Revoke");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await v.Client.GetAsync($"/api/records/{victimRecord}")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_removes_the_others_from_the_list()
    {
        var (email, _, _) = await PatientAsync(_app);
        using var here = new Browser(_app);
        using var elsewhere = new Browser(_app);
        await LoginAsync(here.Client, email);
        await LoginAsync(elsewhere.Client, email);
        const string newPassword = "a different long passphrase";
        var change = await here.Client.SubmitAsync("/account/manage/changepassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Password, ["Input.NewPassword"] = newPassword, ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        var items = (await here.Client.GetDocumentAsync("/account/manage/sessions")).QuerySelectorAll(".session-list > li");
        Assert.Contains("This device", Assert.Single(items).TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.Client.GetAsync("/account/manage")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_every_session()
    {
        var (email, userId, recordId) = await PatientAsync(_app);
        using var browser = new Browser(_app);
        await LoginAsync(browser.Client, email);
        string code;
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(
                await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(userId))!)));
        }
        using var anonymous = _app.CreateClient();
        var reset = await anonymous.SubmitAsync($"/account/resetpassword?code={code}&email={Uri.EscapeDataString(email)}", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = "a reset long passphrase", ["Input.ConfirmPassword"] = "a reset long passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync($"/api/records/{recordId}")).StatusCode);
        using var s = _app.Services.CreateScope();
        Assert.Equal(0, await s.ServiceProvider.GetRequiredService<AppDbContext>().UserSessions.CountAsync(x => x.UserId == userId && x.RevokedUtc == null));
    }

    [Fact]
    public async Task Two_nodes_on_one_database_a_logout_on_node_A_ends_the_cookie_on_node_B()
    {
        // Two app instances on one database (PostgreSQL: one database, keys in it; SQLite: one data directory, so one
        // database file and one key ring), as behind a load balancer.
        await using var nodeA = await TestApp.StartAsync();
        await using var nodeB = await TestApp.StartAsync(s =>
        {
            if (TestApp.IsPostgres) s["Database:ConnectionString"] = nodeA.ConnectionString;
            else s["Data:Directory"] = nodeA.DataDirectory;
        });
        var (email, _, recordId) = await PatientAsync(nodeA);
        using var phone = new Browser(nodeA);
        using var laptop = new Browser(nodeA);
        await LoginAsync(phone.Client, email);
        await LoginAsync(laptop.Client, email);
        var saved = laptop.Cookies(nodeA);
        // The cookie node A issued works on node B.
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(nodeB, saved, $"/api/records/{recordId}")).StatusCode);

        await LogoutAsync(laptop.Client); // on node A

        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(nodeB, saved, $"/api/records/{recordId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(nodeB, phone.Cookies(nodeA), $"/api/records/{recordId}")).StatusCode);
    }

    [Fact]
    public async Task Last_seen_is_written_at_most_once_per_interval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(clock: clock);
        var (email, userId, recordId) = await PatientAsync(app);
        using var browser = new Browser(app);
        await LoginAsync(browser.Client, email);
        async Task<DateTime> LastSeen()
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserSessions.Where(s => s.UserId == userId).Select(s => s.LastSeenUtc).SingleAsync();
        }
        var first = await LastSeen();

        clock.Advance(UserSessions.LastSeenInterval - TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync($"/api/records/{recordId}")).StatusCode);
        Assert.Equal(first, await LastSeen());

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync($"/api/records/{recordId}")).StatusCode);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, DateTime.SpecifyKind(await LastSeen(), DateTimeKind.Utc), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_cookie_from_before_sessions_existed_is_refused()
    {
        // The old cookie had no session id: signing in without the event's claim is simulated by removing the row.
        var (email, userId, recordId) = await PatientAsync(_app);
        using var browser = new Browser(_app);
        await LoginAsync(browser.Client, email);
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync($"/api/records/{recordId}")).StatusCode);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on Mac")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", "Chrome on iPad")]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("<script>alert(1)</script>", "scriptalert1")]
    [InlineData("", "Unknown device")]
    public void Device_names_are_short_and_plain(string ua, string expected) => Assert.Equal(expected, DeviceName.FromUserAgent(ua));
}
