using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.AspNetCore.WebUtilities;

namespace AlkNavigator.Features.Account;

/// <summary>Small helpers shared by the account and admin pages.</summary>
public static class AccountHelpers
{
    /// <summary>TempData key of the one-line message shown at the top of the next page (see _StatusMessage).</summary>
    public const string StatusKey = "StatusMessage";

    /// <summary>TempData key of the message style: success (default), info, warn or danger.</summary>
    public const string StatusKindKey = "StatusKind";

    /// <summary>TempData key carrying fresh recovery codes (joined by ',') to ShowRecoveryCodes.</summary>
    public const string RecoveryCodesKey = "RecoveryCodes";

    public const int RecoveryCodeCount = 10;

    /// <summary>Makes an Identity token safe to put in a URL.</summary>
    public static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>Reverses <see cref="EncodeToken"/>; null when the code is missing or mangled.</summary>
    public static string? DecodeToken(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code.Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Removes the spaces and dashes people type or paste inside codes.</summary>
    public static string CleanCode(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    /// <summary>Only local URLs are followed after sign-in; everything else goes home.</summary>
    public static string SafeReturnUrl(Microsoft.AspNetCore.Mvc.IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    public static void SetStatus(this ITempDataDictionary tempData, string message, string kind = "success")
    {
        tempData[StatusKey] = message;
        tempData[StatusKindKey] = kind;
    }

    /// <summary>Copies Identity errors into ModelState, against <paramref name="key"/> ("" for the summary).</summary>
    public static void AddErrors(this ModelStateDictionary modelState, IdentityResult result, string key = "")
    {
        foreach (var error in result.Errors) modelState.AddModelError(key, error.Description);
    }

    /// <summary>Creates the role if the database does not have it yet (normally `migrate` seeds all of them).</summary>
    public static async Task EnsureRolesAsync(this RoleManager<IdentityRole> roles, IEnumerable<string> names)
    {
        foreach (var name in names)
            if (!await roles.RoleExistsAsync(name))
                await roles.CreateAsync(new IdentityRole(name));
    }

    /// <summary>Groups an authenticator key in blocks of four so it is easier to type.</summary>
    public static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return sb.ToString().ToLowerInvariant();
    }
}

/// <summary>
/// Adds aria-invalid="true" to any &lt;input asp-for&gt; whose value failed server-side validation,
/// so screen readers announce the problem (the CSS also uses it for the red border).
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class AriaInvalidTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression? For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext? ViewContext { get; set; }

    // Run after the built-in tag helpers (order 0) so we see the final attributes.
    public override int Order => 100;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (For is null || ViewContext is null) return;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
            output.Attributes.SetAttribute("aria-invalid", "true");
    }
}
