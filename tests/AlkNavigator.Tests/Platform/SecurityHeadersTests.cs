using AlkNavigator.Hosting;

namespace AlkNavigator.Tests.Platform;

/// <summary>Permissions-Policy on every response; HSTS preload-ready (two years, subdomains, preload) only over HTTPS.</summary>
[SqliteOnly("response headers are set by middleware that does not depend on the database provider")]
public class SecurityHeadersTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/drugs")]
    [InlineData("/account/login")]
    public async Task Every_response_denies_the_browser_features_the_app_does_not_use(string url)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var policy = (await client.GetAsync(url)).Headers.GetValues("Permissions-Policy").Single();
        foreach (var feature in new[] { "camera", "microphone", "geolocation", "payment", "usb", "bluetooth", "serial", "hid", "display-capture", "browsing-topics" })
            Assert.Contains($"{feature}=()", policy);
    }

    [Fact]
    public async Task Behind_an_https_public_url_hsts_is_preload_ready()
    {
        // Requests reach the app over plain HTTP from the TLS proxy; App:PublicUrl says the public scheme is https.
        await using var app = await TestApp.StartAsync(s => s["App:PublicUrl"] = "https://alknav.test");
        using var client = app.CreateClient();
        var r = await client.GetAsync("/learn");
        var hsts = r.Headers.GetValues("Strict-Transport-Security").Single();
        var parts = hsts.Split(';', StringSplitOptions.TrimEntries);
        var maxAge = int.Parse(parts.Single(p => p.StartsWith("max-age=", StringComparison.Ordinal))["max-age=".Length..]);
        Assert.True(maxAge >= 31536000, $"max-age {maxAge} is at least one year");
        Assert.Contains("includeSubDomains", parts);
        Assert.Contains("preload", parts);
        Assert.Equal((int)SecurityHeaders.HstsMaxAge.TotalSeconds, maxAge);
    }

    [Fact]
    public async Task Over_plain_http_there_is_no_hsts()
    {
        await using var app = await TestApp.StartAsync(s => s["App:PublicUrl"] = "http://alknav.test");
        using var client = app.CreateClient();
        Assert.False((await client.GetAsync("/learn")).Headers.Contains("Strict-Transport-Security"));
    }
}
