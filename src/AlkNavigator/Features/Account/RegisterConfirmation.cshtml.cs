using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account;

[AllowAnonymous]
public sealed class RegisterConfirmationModel : PageModel
{
    /// <summary>The address just typed, shown back so a typo is noticed (it is the visitor's own input).</summary>
    public string? Email { get; private set; }

    public void OnGet() => Email = TempData["RegisteredEmail"] as string;
}
