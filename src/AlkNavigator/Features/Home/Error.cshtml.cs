using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Home;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "We could not finish that request. Please try again in a moment.";

    public void OnGet(int? code) => Describe(code);
    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        if (code is not (>= 400 and <= 599)) return;
        Response.StatusCode = code.Value;
        (Title, Message) = code switch
        {
            404 => ("Page not found", "We could not find that page. It may have moved."),
            403 => ("Not allowed", "Your account does not have access to that page."),
            400 => ("Something in the request was not right", "Please go back and try again."),
            _ => (Title, Message),
        };
    }
}
