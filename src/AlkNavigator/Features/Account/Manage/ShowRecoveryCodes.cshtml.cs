using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AlkNavigator.Features.Account.Manage;

/// <summary>Shows freshly generated recovery codes once (they arrive through TempData, joined by ',').</summary>
public sealed class ShowRecoveryCodesModel : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (TempData[AccountHelpers.RecoveryCodesKey] is not string joined || joined.Length == 0)
            return RedirectToPage("./TwoFactor");
        Codes = joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Page();
    }
}
