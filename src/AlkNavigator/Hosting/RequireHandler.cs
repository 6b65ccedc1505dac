using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AlkNavigator.Hosting;

/// <summary>
/// Answers 404 when a request selects none of a page's handlers (for example a POST to a page that only has OnGet):
/// Razor Pages would otherwise render the page without running any handler, so without the record's access check.
/// Registered for every page (AppHost) and acts on record pages (RecordPageModel), whose access check runs in their
/// handlers; other pages are authorised by conventions that run before any handler, or are public.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequireHandlerAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && context.HandlerInstance is AlkNavigator.Features.Record.RecordPageModel)
        {
            context.Result = new NotFoundResult();
            return;
        }
        await next();
    }
}
