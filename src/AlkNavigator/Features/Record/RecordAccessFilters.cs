using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AlkNavigator.Features.Record;

/// <summary>
/// What a record handler needs: the access level (View, Contribute, Manage, Owner) and, for reads by others than the
/// patient, what the audit trail calls what was read. Declared on every handler of a <see cref="RecordPageModel"/>
/// and on every endpoint under /api/records/{rid}; <see cref="RecordAccessPageFilter"/> and
/// <see cref="RecordAccessEndpointFilter"/> enforce it before the handler runs. A record handler without it fails
/// closed (500 in development, never rendered), and a test lists every registered route against its declaration.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedsAttribute(Access level) : Attribute
{
    public Access Level { get; } = level;
    /// <summary>Set on reads: the audit trail's "what" (e.g. "treatments"), written when someone other than the patient reads.</summary>
    public string? Audit { get; init; }
}

/// <summary>
/// Opens the record of every /record/{rid} page before its handler runs: 404 when the account may not see it (ids
/// reveal nothing), 403 when it may see but not do what the handler needs, the read audited; the page gets
/// <see cref="RecordPageModel.Ctx"/>. A request that selects no handler (a POST to a page with only OnGet) is a 404:
/// Razor Pages would otherwise render the page without any check.
/// </summary>
public sealed class RecordAccessPageFilter : IAsyncPageFilter
{
    // Each handler's declaration, read once (reflection on every request showed in the overview's profile).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, NeedsAttribute?> Declared = new();

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerInstance is not RecordPageModel page)
        {
            await next();
            return;
        }
        if (context.HandlerMethod is null)
        {
            context.Result = new NotFoundResult();
            return;
        }
        var needs = Declared.GetOrAdd(context.HandlerMethod.MethodInfo, static m => m.GetCustomAttribute<NeedsAttribute>())
            ?? throw new InvalidOperationException($"{context.HandlerMethod.MethodInfo.DeclaringType?.Name}.{context.HandlerMethod.Name} has no [Needs(...)]: every record handler declares the access it needs.");
        if (await page.OpenRecordAsync(needs) is { } denied)
        {
            context.Result = denied;
            return;
        }
        await next();
    }
}

/// <summary>
/// The same check for minimal-API endpoints under a route with {rid} (the /api/records/{rid} group and others): the endpoint's
/// <see cref="NeedsAttribute"/> metadata says the level; the handler receives the opened <see cref="RecordContext"/>
/// as a parameter. 404 / 403 as application/problem+json.
/// </summary>
public sealed class RecordAccessEndpointFilter : IEndpointFilter
{
    public const string ItemKey = "AlkNavigator.RecordContext";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var needs = http.GetEndpoint()?.Metadata.GetMetadata<NeedsAttribute>()
            ?? throw new InvalidOperationException($"{http.GetEndpoint()?.DisplayName} has no Needs metadata: every record endpoint declares the access it needs.");
        if (!Guid.TryParse(http.Request.RouteValues["rid"]?.ToString(), out var recordId)) return NotFound();
        var access = http.RequestServices.GetRequiredService<RecordAccess>();
        var ctx = await access.OpenAsync(recordId, http.User, http.RequestAborted);
        if (ctx is null) return NotFound();
        if (ctx.Access < needs.Level)
            return TypedResults.Problem($"You can see this record but not {Describe(needs.Level)}. Ask the patient for more access.", statusCode: 403, title: "Not allowed");
        if (needs.Audit is not null) await access.AuditReadAsync(ctx, needs.Audit, http.RequestAborted);
        http.Items[ItemKey] = ctx;
        return await next(context);
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem("There is no record with this id that you can open.", statusCode: 404, title: "Record not found");

    private static string Describe(Access level) => level switch
    {
        Access.Contribute => "add to it",
        Access.Manage => "manage it",
        Access.Owner => "do what only the patient may",
        _ => "open it",
    };
}

/// <summary>Declaring a record endpoint's needs: <c>.Needs(Access.View, audit: "profile")</c>.</summary>
public static class RecordEndpointConventions
{
    public static TBuilder Needs<TBuilder>(this TBuilder builder, Access level, string? audit = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NeedsAttribute(level) { Audit = audit });
}

/// <summary>
/// A record endpoint's parameter for the record its filter opened: <c>(OpenedRecord record, ...) => record.Ctx</c>.
/// (Minimal APIs bind parameters before filters run, so this reads the filter's result when the handler asks.)
/// </summary>
public sealed class OpenedRecord(HttpContext http)
{
    public RecordContext Ctx => http.Items[RecordAccessEndpointFilter.ItemKey] as RecordContext
        ?? throw new InvalidOperationException("The record was not opened: add RecordAccessEndpointFilter and Needs(...) to this endpoint.");

    public static ValueTask<OpenedRecord?> BindAsync(HttpContext http) => ValueTask.FromResult<OpenedRecord?>(new OpenedRecord(http));
}
