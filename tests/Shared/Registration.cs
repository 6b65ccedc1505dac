using System.Net;
using System.Text.RegularExpressions;
using AlkNavigator.Features.Account;

namespace AlkNavigator.Tests;

/// <summary>Registration the way a person does it: the form, then the link in the confirmation email, then its button.</summary>
public static partial class Registration
{
    [GeneratedRegex(@"https?://\S+/account/confirmregistration\?code=[^\s""<]+", RegexOptions.IgnoreCase)]
    private static partial Regex ConfirmLink();

    /// <summary>The link in the newest confirmation email to <paramref name="email"/> (waits for it).</summary>
    public static async Task<string> ConfirmationLinkAsync(this SmtpSink smtp, string email)
    {
        var m = await smtp.WaitForAsync(email, PendingRegistration.ConfirmSubject);
        return WebUtility.HtmlDecode(ConfirmLink().Match(m.TextBody ?? "").Value);
    }

    /// <summary>Submits the registration form; when it is accepted, opens the emailed link, chooses the password there and
    /// creates the account (signing <paramref name="client"/> in). Returns the first answer that is not a redirect, else the last.</summary>
    public static async Task<HttpResponseMessage> RegisterAsync(this TestApp app, HttpClient client, string email, string password, string? returnUrl = null)
    {
        var form = returnUrl is null ? "/account/register" : $"/account/register?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var r = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Email"] = email });
        if (r.StatusCode != HttpStatusCode.Redirect) return r;
        var link = new Uri(await app.Smtp.ConfirmationLinkAsync(email));
        return await client.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Input.Password"] = password, ["Input.ConfirmPassword"] = password });
    }
}
