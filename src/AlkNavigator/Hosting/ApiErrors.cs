using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace AlkNavigator.Hosting;

/// <summary>
/// Under /api an error is JSON (RFC 9457 application/problem+json), whatever the client's Accept header: an unhandled
/// exception is a 500 problem (logged; no exception text in the answer), and a bare status code (415 from a body the
/// endpoint cannot read, 404 for an unknown /api path, 401/403 from the cookie handler) gets a problem body instead of
/// the HTML error page that pages use.
/// </summary>
public static class ApiErrors
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static void Use(WebApplication app) =>
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context =>
                {
                    var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                    if (error is BadHttpRequestException bad)
                        return Problem(context, bad.StatusCode, "The request could not be read: " + bad.Message);
                    return Problem(context, StatusCodes.Status500InternalServerError,
                        "Something went wrong on the server and the request was not completed. The error was logged; please try again.");
                },
            });
            api.UseStatusCodePages(new StatusCodePagesOptions
            {
                HandleAsync = c => Problem(c.HttpContext, c.HttpContext.Response.StatusCode, c.HttpContext.Response.StatusCode switch
                {
                    StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
                    StatusCodes.Status404NotFound => "There is nothing at this address.",
                    StatusCodes.Status401Unauthorized => "Sign in first.",
                    StatusCodes.Status403Forbidden => "Your account may not do this.",
                    _ => null,
                }),
            });
        });

    private static Task Problem(HttpContext context, int status, string? detail) =>
        Results.Problem(detail: detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status)).ExecuteAsync(context);
}
