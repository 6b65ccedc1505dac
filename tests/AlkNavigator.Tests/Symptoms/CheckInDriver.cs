using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Tests.Record;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>Makes patients and caregivers in a running app, and answers the real check-in forms step by step.</summary>
public static class CheckInDriver
{
    public sealed record Patient(Guid RecordId, string Email, HttpClient Client, string UserId);

    /// <summary>A new patient with a record on <paramref name="drug"/> since <paramref name="daysOnDrug"/> days, an oncologist with a phone, signed in.</summary>
    public static async Task<Patient> NewPatientAsync(TestApp app, string drug = "lorlatinib", int daysOnDrug = 60)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        var email = $"patient-{Guid.NewGuid():N}@example.org";
        var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(u, RecordWorld.Password)).Succeeded);
        await users.AddToRoleAsync(u, Roles.Patient);
        var record = await access.GetOrCreateOwnAsync(u);
        record.DisplayName = "Pat Example";
        db.Treatments.Add(new TreatmentLine { RecordId = record.Id, Agent = drug, Start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-daysOnDrug) });
        db.CareTeam.Add(new CareTeamMember { RecordId = record.Id, Role = "oncologist", Name = "Dr Onc", Phone = "+1 555 0100" });
        await db.SaveChangesAsync();
        return new Patient(record.Id, email, await LoginAsync(app, email), u.Id);
    }

    /// <summary>A caregiver with accepted access at <paramref name="level"/> to the record, signed in.</summary>
    public static async Task<(HttpClient Client, string Email)> NewCaregiverAsync(TestApp app, Patient patient, string level)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var email = $"carer-{Guid.NewGuid():N}@example.org";
        var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(u, RecordWorld.Password)).Succeeded);
        await users.AddToRoleAsync(u, Roles.Caregiver);
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = patient.RecordId, InvitedEmail = email, Level = level, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = DateTime.UtcNow.AddDays(7),
            InvitedById = patient.UserId, CaregiverId = u.Id, AcceptedUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        return (await LoginAsync(app, email), email);
    }

    private static async Task<HttpClient> LoginAsync(TestApp app, string email)
    {
        var client = app.CreateClient();
        var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = RecordWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    public static string CheckinUrl(Guid rid) => $"/record/{rid}/symptoms/checkin";

    /// <summary>Starts (or resumes) the record's check-in.</summary>
    public static async Task StartAsync(HttpClient client, Guid rid)
    {
        var r = await client.SubmitAsync($"/record/{rid}/symptoms", [], formAction: "handler=Start");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    /// <summary>The radio groups of a question step: (field name, term, attribute, is first attribute of the item).</summary>
    public static List<(string Name, string Term, string Attribute, bool First)> Questions(IDocument doc) =>
        doc.QuerySelectorAll("fieldset[data-gate]").SelectMany(item =>
        {
            var gate = item.GetAttribute("data-gate")!;
            return item.QuerySelectorAll("fieldset[data-attr]").Select(f =>
            {
                var input = (IHtmlInputElement)f.QuerySelector("input[type=radio]")!;
                return (input.Name!, item.GetAttribute("data-term")!, f.GetAttribute("data-attr")!, input.Name == gate);
            });
        }).ToList();

    /// <summary>The fields answering one question step: the first attribute of each item, and follow-ups when it is above 0 (as the script shows them).</summary>
    public static List<KeyValuePair<string, string>> Answer(IDocument doc, Func<string, string, int?> answer)
    {
        var fields = new List<KeyValuePair<string, string>>();
        int? gate = null;
        foreach (var (name, term, attribute, first) in Questions(doc))
        {
            if (first) gate = answer(term, attribute);
            else if (gate is null or 0) continue;
            if (answer(term, attribute) is { } v) fields.Add(new(name, v.ToString()));
        }
        return fields;
    }

    /// <summary>Answers every step from the current one and sends; returns the result page's URL.</summary>
    public static async Task<string> FinishAsync(HttpClient client, Guid rid, Func<string, string, int?> answer, Dictionary<string, string>? measurements = null)
    {
        var url = CheckinUrl(rid);
        for (var guard = 0; guard < 20; guard++)
        {
            var doc = await client.GetDocumentAsync(url);
            List<KeyValuePair<string, string>> fields;
            if (doc.QuerySelector("button[value=submit]") is not null) fields = [new("Go", "submit")];
            else if (doc.QuerySelector("input[name=Temperature]") is not null) fields = [.. (measurements ?? []), new("Go", "next")];
            else fields = [.. Answer(doc, answer), new("Go", "next")];
            var r = await client.SubmitAsync(url, fields, formAction: null);
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"step post on {url}: {(int)r.StatusCode} {await Errors(r)}");
            url = r.Headers.Location!.OriginalString;
            if (url.Contains("/symptoms/checkins/")) return url;
        }
        throw new InvalidOperationException("The check-in did not end.");
    }

    /// <summary>Starts a check-in and answers it all.</summary>
    public static async Task<string> CheckInAsync(HttpClient client, Guid rid, Func<string, string, int?> answer, Dictionary<string, string>? measurements = null)
    {
        await StartAsync(client, rid);
        return await FinishAsync(client, rid, answer, measurements);
    }

    public static async Task<string> Errors(HttpResponseMessage r)
    {
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        return doc.QuerySelector(".alert-danger")?.TextContent.Trim() ?? "";
    }

    /// <summary>The count shown on the record nav's "Symptoms and medication" link (0 when none).</summary>
    public static async Task<int> NavCountAsync(HttpClient client, Guid rid)
    {
        var doc = await client.GetDocumentAsync($"/record/{rid}/symptoms");
        var link = doc.QuerySelectorAll(".record-nav a").First(a => a.GetAttribute("href") == $"/record/{rid}/symptoms");
        return link.QuerySelector(".nav-count [aria-hidden]") is { } c ? int.Parse(c.TextContent.Trim()) : 0;
    }

    /// <summary>Answers "None/Never/No" to everything except the given terms (first attribute and follow-ups get the value).</summary>
    public static Func<string, string, int?> Only(params (string Term, int Value)[] given) =>
        (term, attribute) => given.FirstOrDefault(g => g.Term == term) is { Term: not null } g ? Math.Min(g.Value, attribute == "presence" ? 1 : 4) : 0;
}
