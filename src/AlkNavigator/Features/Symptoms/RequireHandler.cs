using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// Answers 404 when a request selects no handler of the page (for example a POST to a page that only has OnGet):
/// Razor Pages would otherwise render the page without running any handler, so without the record's access check.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequireHandlerAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = new NotFoundResult();
            return;
        }
        await next();
    }
}
