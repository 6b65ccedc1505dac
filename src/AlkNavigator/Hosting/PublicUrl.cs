namespace AlkNavigator.Hosting;

/// <summary>
/// The address users reach the app at. From App:PublicUrl when set (required behind a proxy); otherwise the
/// first listening URL when it names a concrete host (e.g. http://localhost:5080). With neither (listening on
/// 0.0.0.0 or *), links fall back to the request's own Host header: set App:PublicUrl in production.
/// </summary>
public static class PublicUrl
{
    public static Uri? Resolve(IConfiguration config)
    {
        if (config["App:PublicUrl"] is { Length: > 0 } configured)
            return Uri.TryCreate(configured, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u
                : throw new InvalidOperationException($"App:PublicUrl '{configured}' is not an absolute http(s) URL.");
        var first = (config["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null || !Uri.TryCreate(first, UriKind.Absolute, out var listen)) return null;
        if (listen.Host is "0.0.0.0" or "*" or "+" or "[::]" || listen.Port == 0) return null; // port 0: known only after start
        return listen;
    }

    public static Task Apply(HttpContext context, Uri url, Func<Task> next)
    {
        context.Request.Scheme = url.Scheme;
        context.Request.Host = url.IsDefaultPort ? new HostString(url.Host) : new HostString(url.Host, url.Port);
        return next();
    }
}
