namespace AlkNavigator.Hosting;

/// <summary>
/// Cache-Control: no-store on every response to a signed-in request (record pages, /api/records/**, exports, calendar
/// downloads, summaries: anything that can carry patient data), and on the anonymous calendar feed (a patient's dates).
/// Anonymous pages (Learn, Trials, the home page) keep their own caching. Runs after static files, so those stay cacheable.
/// </summary>
public sealed class NoStoreForPatientData(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var c = (HttpContext)state;
            if (c.User.Identity?.IsAuthenticated == true || c.Request.Path.StartsWithSegments("/calendar", StringComparison.OrdinalIgnoreCase))
            {
                c.Response.Headers.CacheControl = "no-store";
                c.Response.Headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
