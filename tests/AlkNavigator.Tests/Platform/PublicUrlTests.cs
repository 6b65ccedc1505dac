using System.Net;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Identity;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// Reset-link poisoning (issue 11, item 1): emailed links never come from the request's Host header. The app refuses
/// to listen beyond loopback without App:PublicUrl; on loopback it uses the address it listens on; and host filtering
/// answers 400 to any Host that is not the public one (or a loopback name).
/// </summary>
[SqliteOnly("links, host filtering and the public URL are decided before any database is read")]
public class PublicUrlTests
{
    private const string Password = "a long enough passphrase";

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://192.0.2.10:5080")]
    [InlineData("http://localhost:5080;http://0.0.0.0:5081")]
    public void Startup_refuses_a_non_loopback_address_without_the_public_url(string urls)
    {
        var data = Directory.CreateTempSubdirectory("alknav-publicurl-").FullName;
        var e = Assert.Throws<InvalidOperationException>(() => AppHost.Build(new Dictionary<string, string?> { ["urls"] = urls, ["Data:Directory"] = data }));
        Assert.Contains("App:PublicUrl", e.Message);
        Assert.Contains("ALKNAV_App__PublicUrl", e.Message);
    }

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://[::1]:5080")]
    public async Task Loopback_addresses_need_no_public_url(string urls)
    {
        var data = Directory.CreateTempSubdirectory("alknav-publicurl-").FullName;
        await using var app = AppHost.Build(new Dictionary<string, string?> { ["urls"] = urls, ["Data:Directory"] = data });
        Assert.NotNull(app);
    }

    [Fact]
    public async Task A_wildcard_address_with_a_public_url_starts()
    {
        var data = Directory.CreateTempSubdirectory("alknav-publicurl-").FullName;
        await using var app = AppHost.Build(new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:5080", ["App:PublicUrl"] = "https://alknav.example.org", ["Data:Directory"] = data });
        Assert.NotNull(app);
    }

    [Fact]
    public async Task Serve_on_0_0_0_0_without_the_public_url_exits_1_naming_the_setting()
    {
        var data = Directory.CreateTempSubdirectory("alknav-publicurl-").FullName;
        var r = await Repo.RunCliAsync("serve", "--urls", "http://0.0.0.0:0", "--data", data);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("App:PublicUrl", r.Stderr);
        Assert.Contains("ALKNAV_App__PublicUrl", r.Stderr);
    }

    private static async Task<string> ResetLinkAsync(TestApp app, string? host)
    {
        var email = $"p{Guid.NewGuid():N}"[..12] + "@example.org";
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(new AppUser { UserName = email, Email = email }, Password);
        using var client = app.CreateClient();
        if (host is not null) client.DefaultRequestHeaders.Host = host;
        var r = await client.SubmitAsync("/account/forgotpassword", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect);
        var mail = await app.Smtp.WaitForAsync(email);
        return Regex.Match(mail.TextBody ?? "", @"https?://\S+/account/resetpassword\S*", RegexOptions.IgnoreCase).Value;
    }

    [Fact]
    public async Task On_loopback_without_a_public_url_a_forged_host_never_reaches_the_reset_link()
    {
        // Host filtering turned off by the operator: the link must still use the listening address.
        await using var app = await TestApp.StartAsync(s => s["AllowedHosts"] = "*");
        var link = await ResetLinkAsync(app, "evil.example");
        Assert.StartsWith(app.BaseUrl.GetLeftPart(UriPartial.Authority) + "/account/resetpassword", link, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example", link);
    }

    [Fact]
    public async Task With_a_public_url_a_forged_host_never_reaches_the_reset_link()
    {
        // http here: with https the cookies are Secure and this plain-http test client would not send them back.
        await using var app = await TestApp.StartAsync(s => { s["App:PublicUrl"] = "http://alknav.test:8080"; s["AllowedHosts"] = "*"; });
        var link = await ResetLinkAsync(app, "evil.example");
        Assert.StartsWith("http://alknav.test:8080/account/resetpassword", link, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Host_filtering_refuses_a_foreign_host_and_accepts_the_public_and_loopback_ones()
    {
        await using var app = await TestApp.StartAsync(s => s["App:PublicUrl"] = "http://alknav.test");
        async Task<HttpStatusCode> Get(string? host)
        {
            using var client = app.CreateClient();
            if (host is not null) client.DefaultRequestHeaders.Host = host;
            return (await client.GetAsync("/learn")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.BadRequest, await Get("evil.example"));
        Assert.Equal(HttpStatusCode.OK, await Get("alknav.test"));
        Assert.Equal(HttpStatusCode.OK, await Get(null)); // 127.0.0.1:port, e.g. a health check on the node itself
        Assert.Equal(HttpStatusCode.OK, await Get("localhost"));
    }

    [Fact]
    public async Task Without_a_public_url_only_loopback_host_names_are_answered()
    {
        // DNS rebinding: a web page on evil.example resolving to 127.0.0.1 cannot talk to a local app.
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/learn")).StatusCode);
    }
}
