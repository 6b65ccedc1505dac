using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace AlkNavigator.Tests;

/// <summary>Submits the app's real forms the way a browser does: fetch the page, keep its anti-forgery token.</summary>
public static class Forms
{
    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return new HtmlParser().ParseDocument(html);
    }

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>GETs <paramref name="pageUrl"/>, picks the first POST form (or the one whose action contains <paramref name="formAction"/>), posts the fields.</summary>
    /// <remarks>Fields replace the form's own values of the same name; give a name several times to send several values (checkboxes).</remarks>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? formAction = null)
    {
        var doc = await client.GetDocumentAsync(pageUrl);
        var forms = doc.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)).ToList();
        var form = formAction is null
            ? forms.FirstOrDefault(f => !(f.GetAttribute("action") ?? "").EndsWith("/account/logout", StringComparison.Ordinal))
            : forms.FirstOrDefault(f => (f.GetAttribute("action") ?? "").Contains(formAction, StringComparison.OrdinalIgnoreCase));
        if (form is null) throw new InvalidOperationException($"No POST form{(formAction is null ? "" : $" with action {formAction}")} on {pageUrl}: {doc.Title}");
        var token = (form.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
                    ?? throw new InvalidOperationException($"The form on {pageUrl} has no anti-forgery token.");
        // Like a browser: every named input's current value (checked boxes only), then the test's own fields.
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            if (input.Type is "submit" or "button" or "file") continue;
            values.Add(new(input.Name!, input.Value));
        }
        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>())
            values.Add(new(select.Name!, select.Value ?? ""));
        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>())
            values.Add(new(area.Name!, area.Value));
        var given = fields.ToList();
        values.RemoveAll(v => v.Key == "__RequestVerificationToken" || given.Any(g => g.Key == v.Key));
        values.Add(new("__RequestVerificationToken", token));
        values.AddRange(given);
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }
}
