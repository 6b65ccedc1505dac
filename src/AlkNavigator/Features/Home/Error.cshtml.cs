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

    /// <summary>A request refused for its size before the import page could run (larger than TransferModel.UploadLimit).</summary>
    private bool TooLargeUpload()
    {
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        return original?.OriginalPath.EndsWith("/transfer", StringComparison.OrdinalIgnoreCase) == true
               && Request.ContentLength > AlkNavigator.Features.Record.TransferModel.UploadLimit;
    }

    private void Describe(int? code)
    {
        if (code is not (>= 400 and <= 599)) return;
        Response.StatusCode = code.Value;
        (Title, Message) = code switch
        {
            404 => ("Page not found", "We could not find that page. It may have moved."),
            403 => ("Not allowed", "Your account does not have access to that page."),
            400 or 413 when TooLargeUpload() => ("The file is too large",
                $"A profile file can be at most 1 MB, and the page accepts uploads up to {AlkNavigator.Features.Record.TransferModel.UploadLimit / 1024 / 1024} MB. " +
                "Go back and choose the profile JSON file."),
            413 => ("Too large", "The request was larger than this page accepts. Go back and try a smaller file."),
            400 => ("Something in the request was not right", "Please go back and try again."),
            _ => (Title, Message),
        };
    }
}
