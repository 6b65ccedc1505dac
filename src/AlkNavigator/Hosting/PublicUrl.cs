using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AlkNavigator.Hosting;

/// <summary>
/// The address users reach the app at, the only source of the scheme and host in absolute links (emailed reset,
/// confirmation and invitation links, calendar feed URLs). From App:PublicUrl when set (required behind a proxy and
/// on any listening address other than loopback); otherwise the app listens on loopback only and links use the
/// address it actually listens on. Never the request's Host header: a forged Host cannot redirect a link.
/// </summary>
public static class PublicUrl
{
    public const string Setting = "App:PublicUrl";
    public const string EnvironmentVariable = "ALKNAV_App__PublicUrl";

    public static Uri? Resolve(IConfiguration config)
    {
        if (config[Setting] is { Length: > 0 } configured)
            return Uri.TryCreate(configured, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.Host.Length > 0
                ? u
                : throw new InvalidOperationException($"{Setting} '{configured}' is not an absolute http(s) URL such as https://alknav.example.org.");
        var first = ListenUrls(config).FirstOrDefault();
        if (first is null || !Uri.TryCreate(first, UriKind.Absolute, out var listen)) return null;
        if (!listen.IsLoopback || listen.Port == 0) return null; // port 0: known only after start
        return listen;
    }

    /// <summary>Every address the server is configured to listen on: `urls` (--urls, ASPNETCORE_URLS) and Kestrel endpoints.</summary>
    public static IReadOnlyList<string> ListenUrls(IConfiguration config)
    {
        var urls = (config["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(config.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls;
    }

    /// <summary>
    /// Refuses to start when the app listens on an address other people can reach (0.0.0.0, *, [::], a network
    /// address or name) without App:PublicUrl: links would otherwise have no trustworthy host.
    /// </summary>
    public static void RequireForNonLoopback(IConfiguration config)
    {
        if (config[Setting] is { Length: > 0 }) return;
        foreach (var url in ListenUrls(config))
        {
            var parsed = url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
            if (Uri.TryCreate(parsed, UriKind.Absolute, out var u) && u.IsLoopback) continue;
            throw new InvalidOperationException(
                $"Listening on {url} lets other machines reach the app, so {Setting} must say the address people use " +
                $"(e.g. {Setting}=https://alknav.example.org, or the environment variable {EnvironmentVariable}). Emailed links " +
                "(password reset, invitations) are built from it, never from a request's Host header. " +
                "To run without it, listen on this machine only (e.g. --urls http://localhost:5080).");
        }
    }

    /// <summary>Host names the server answers to (host filtering): the public URL's host, and loopback names for local checks.</summary>
    public static string[] AllowedHosts(Uri? publicUrl, IConfiguration config)
    {
        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        if (publicUrl is not null) hosts.Add(publicUrl.IdnHost.Contains(':') && !publicUrl.IdnHost.StartsWith('[') ? $"[{publicUrl.IdnHost}]" : publicUrl.IdnHost);
        foreach (var url in ListenUrls(config))
            if (Uri.TryCreate(url, UriKind.Absolute, out var u) && u.IsLoopback) hosts.Add(u.Host);
        return hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>Sets every request's scheme and host to the public URL (configured, else the loopback address the server listens on).</summary>
    public static Func<HttpContext, Func<Task>, Task> Middleware(Uri? configured, IServer server)
    {
        Uri? resolved = configured;
        return (context, next) =>
        {
            var url = resolved ??= FromServer(server);
            if (url is not null)
            {
                context.Request.Scheme = url.Scheme;
                context.Request.Host = url.IsDefaultPort ? new HostString(url.IdnHost) : new HostString(url.IdnHost, url.Port);
            }
            return next();
        };
    }

    private static Uri? FromServer(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
            if (Uri.TryCreate(address, UriKind.Absolute, out var u) && u.IsLoopback && u.Port != 0) return u;
        return null;
    }
}
