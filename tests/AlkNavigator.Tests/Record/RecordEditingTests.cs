using System.Net;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Record;

/// <summary>Editing the record through its pages: concurrency conflicts, validation, audit trail.</summary>
[DatabaseTests]
public class RecordEditingTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private AppDbContext Db(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();

    [Fact]
    public async Task The_second_of_two_concurrent_edits_is_refused_with_what_changed_and_nothing_is_overwritten()
    {
        var id = w.Ids["treatment"];
        var url = $"/record/{w.RecordId}/treatments/{id}";
        var owner = w.Clients["owner"];
        var caregiver = w.Clients["caregiver-contribute"];
        // Both open the edit form (same version), then both save.
        var ownerForm = await owner.GetDocumentAsync(url);
        var caregiverForm = await caregiver.GetDocumentAsync(url);
        var version = ownerForm.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.Equal(version, caregiverForm.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));

        var first = await w.PostAsync("owner", url, Fields(ownerForm, ("Input.Dose", "450 mg")));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await w.PostAsync("caregiver-contribute", url, Fields(caregiverForm, ("Input.Dose", "300 mg")));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = Forms.Parse(await second.Content.ReadAsStringAsync());
        var message = page.Body!.TextContent;
        Assert.Contains("Someone else changed this", message);
        Assert.Contains("450 mg", message);                        // what it is now
        Assert.Contains("owner@example.org", message);             // who changed it
        Assert.Equal("300 mg", page.QuerySelector("input[name='Input.Dose']")!.GetAttribute("value")); // the typed input is kept

        using var scope = w.App.Services.CreateScope();
        Assert.Equal("450 mg", (await Db(scope).Treatments.FindAsync(Guid.Parse(id)))!.Dose);
    }

    [Theory]
    [InlineData("end before start", "2024-05-01", "2024-04-01", "progression")]
    [InlineData("future start", "2099-01-01", "", "")]
    [InlineData("stop reason without end", "2024-05-01", "", "progression")]
    public async Task Invalid_treatment_lines_are_refused_with_a_clear_error_and_nothing_saved(string _, string start, string end, string reason)
    {
        using var scope = w.App.Services.CreateScope();
        var before = await Db(scope).Treatments.CountAsync(t => t.RecordId == w.RecordId);
        var r = await w.PostAsync("owner", $"/record/{w.RecordId}/treatments",
            [new("Input.Agent", "crizotinib"), new("Input.Start", start), new("Input.End", end), new("Input.StopReason", reason)]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector(".field-validation-error"));
        Assert.Equal("crizotinib", doc.QuerySelector("select[name='Input.Agent'] option[selected]")?.GetAttribute("value")
                                   ?? doc.QuerySelector("[name='Input.Agent']")?.GetAttribute("value"));
        using var after = w.App.Services.CreateScope();
        Assert.Equal(before, await Db(after).Treatments.CountAsync(t => t.RecordId == w.RecordId));
    }

    [Fact]
    public async Task An_impossible_stage_is_refused_and_the_diagnosis_keeps_its_values()
    {
        using var scope = w.App.Services.CreateScope();
        var record = await Db(scope).Records.AsNoTracking().SingleAsync(r => r.Id == w.RecordId);
        var r = await w.PostAsync("owner", $"/record/{w.RecordId}/diagnosis",
            [new("Input.DisplayName", record.DisplayName), new("Input.Stage", "VII"), new("Input.Version", record.Version.ToString())]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("stage", Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector(".field-validation-error")!.TextContent, StringComparison.OrdinalIgnoreCase);
        using var after = w.App.Services.CreateScope();
        Assert.Equal(record.Stage, (await Db(after).Records.AsNoTracking().SingleAsync(x => x.Id == w.RecordId)).Stage);
    }

    [Fact]
    public async Task A_brain_observation_needs_a_status_and_other_sites_take_none()
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var noStatus = await w.PostAsync("owner", $"/record/{w.RecordId}/sites", [new("Input.Date", today), new("Input.Site", "brain"), new("Input.Status", "")]);
        Assert.Equal(HttpStatusCode.OK, noStatus.StatusCode);
        var ok = await w.PostAsync("owner", $"/record/{w.RecordId}/sites", [new("Input.Date", today), new("Input.Site", "brain"), new("Input.Status", "treated-stable")]);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
    }

    [Fact]
    public async Task Reads_by_caregivers_and_every_change_are_in_the_patients_audit_trail()
    {
        await w.Clients["caregiver-view"].GetAsync($"/record/{w.RecordId}/card");
        await w.PostAsync("caregiver-contribute", $"/record/{w.RecordId}/medicines", [new("Input.Name", "paracetamol"), new("Input.Dose", "500 mg")]);
        await w.Clients["owner"].GetAsync($"/record/{w.RecordId}/medicines"); // the patient's own reads are not logged

        using var scope = w.App.Services.CreateScope();
        var entries = await Db(scope).AuditEntries.Where(a => a.RecordId == w.RecordId).ToListAsync();
        Assert.Contains(entries, a => a.Action == "read" && a.ActorEmail == "caregiver-view@example.org");
        Assert.Contains(entries, a => a.Action == "create" && a.ActorEmail == "caregiver-contribute@example.org" && (a.Detail ?? "").Contains("paracetamol"));
        Assert.DoesNotContain(entries, a => a.Action == "read" && a.ActorEmail == "owner@example.org");

        var activity = await w.Clients["owner"].GetStringAsync($"/record/{w.RecordId}/activity");
        Assert.Contains("caregiver-contribute@example.org", activity);
    }

    [Fact]
    public async Task Overview_shows_where_the_patient_is_now()
    {
        var doc = await w.Clients["owner"].GetDocumentAsync($"/record/{w.RecordId}");
        var text = doc.QuerySelector("main")!.TextContent;
        Assert.Contains("G1202R", text);
        Assert.Contains("liver", text);
        Assert.NotEmpty(doc.QuerySelectorAll("ol.timeline li"));
    }

    [Fact]
    public async Task A_revoked_manager_cannot_come_back_through_an_invitation_they_sent()
    {
        // The manager invites a friend (as manager) and keeps the link.
        var invite = await w.PostAsync("caregiver-manage", $"/record/{w.RecordId}/sharing?handler=Invite",
            [new("Input.Email", "friend-of-manager@example.org"), new("Input.Level", "manage")]);
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var sharing = await w.Clients["caregiver-manage"].GetDocumentAsync($"/record/{w.RecordId}/sharing");
        var link = sharing.QuerySelectorAll("main code").Select(c => c.TextContent.Trim()).Single(t => t.Contains("/invitations/accept?token="));

        // The patient revokes the manager.
        Guid grantId;
        using (var scope = w.App.Services.CreateScope())
            grantId = await Db(scope).CaregiverAccess.Where(a => a.RecordId == w.RecordId && a.InvitedEmail == "caregiver-manage@example.org").Select(a => a.Id).SingleAsync();
        var revoke = await w.PostAsync("owner", $"/record/{w.RecordId}/sharing?id={grantId}&handler=Revoke", []);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Clients["caregiver-manage"].GetAsync($"/record/{w.RecordId}")).StatusCode);

        // The link they kept no longer opens the record, for them or anyone.
        var page = await w.Clients["caregiver-manage"].GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var accept = await w.PostAsync("caregiver-manage", new Uri(link).PathAndQuery, [new("Token", System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!)]);
        Assert.NotEqual(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Clients["caregiver-manage"].GetAsync($"/record/{w.RecordId}")).StatusCode);
    }

    [Fact]
    public async Task An_invitation_is_accepted_only_by_the_account_of_the_address_it_was_sent_to()
    {
        // The patient invites an address; the link reaches someone signed in with another account (issue 11, item 5:
        // a navigator accepted an invitation meant for a patient's relative).
        var invite = await w.PostAsync("owner", $"/record/{w.RecordId}/sharing?handler=Invite",
            [new("Input.Email", "Invited.Relative@example.org"), new("Input.Level", "view")]);
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var sharing = await w.Clients["owner"].GetDocumentAsync($"/record/{w.RecordId}/sharing");
        var link = new Uri(sharing.QuerySelectorAll("main code").Select(c => c.TextContent.Trim()).Single(t => t.Contains("/invitations/accept?token=")));
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;

        foreach (var stranger in new[] { "navigator", "other-patient" })
        {
            var page = await w.Clients[stranger].GetAsync(link.PathAndQuery);
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            var text = Forms.Parse(await page.Content.ReadAsStringAsync()).Body!.TextContent;
            Assert.Contains("another email address", text);
            Assert.DoesNotContain("Invited.Relative", text, StringComparison.OrdinalIgnoreCase); // the link does not reveal whom it was for
            var accept = await w.PostAsync(stranger, link.PathAndQuery, [new("Token", token)]);
            Assert.Equal(HttpStatusCode.Forbidden, accept.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await w.Clients[stranger].GetAsync($"/record/{w.RecordId}")).StatusCode);
        }
        using (var scope = w.App.Services.CreateScope())
            Assert.Null((await Db(scope).CaregiverAccess.SingleAsync(a => a.RecordId == w.RecordId && a.InvitedEmail == "Invited.Relative@example.org")).AcceptedUtc);

        // The account of the invited address (any letter case) accepts it.
        using (var scope = w.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var u = new AppUser { UserName = "invited.relative@example.org", Email = "invited.relative@example.org" };
            Assert.True((await users.CreateAsync(u, RecordWorld.Password)).Succeeded);
        }
        using var invitee = w.App.CreateClient();
        var login = await invitee.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = "invited.relative@example.org", ["Input.Password"] = RecordWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        // An account that never proved it owns the address (made before registration confirmed addresses) must confirm it first.
        var unconfirmed = await invitee.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, unconfirmed.StatusCode);
        Assert.Contains("Confirm your email address first", await unconfirmed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await invitee.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["__RequestVerificationToken"] = (await invitee.GetDocumentAsync("/account/manage/email")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await invitee.SubmitAsync("/account/manage/email", [], "handler=ConfirmCurrent")).StatusCode);
        var mail = await w.App.Smtp.WaitForAsync("invited.relative@example.org", "Confirm your email address");
        var confirm = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+/account/confirmemailchange\S+", System.Text.RegularExpressions.RegexOptions.IgnoreCase).Value;
        Assert.Contains("is confirmed", await (await invitee.SubmitAsync(new Uri(confirm).PathAndQuery, [])).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync(link.PathAndQuery)).StatusCode);
        var form = await invitee.GetDocumentAsync(link.PathAndQuery);
        var ok = await invitee.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/record/{w.RecordId}")).StatusCode);
    }

    [Fact]
    public async Task A_future_date_on_a_progression_plan_item_is_refused()
    {
        using var scope = w.App.Services.CreateScope();
        var item = await Db(scope).PlanItems.AsNoTracking().SingleAsync(p => p.RecordId == w.RecordId && p.Key == "keep-learning");
        var r = await w.PostAsync("owner", $"/record/{w.RecordId}/plan?key=keep-learning",
            [new("Key", "keep-learning"), new("Version", item.Version.ToString()), new("Status", "done"), new("Date", "2099-12-31")]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("future", await r.Content.ReadAsStringAsync());
        using var after = w.App.Services.CreateScope();
        Assert.Null((await Db(after).PlanItems.AsNoTracking().SingleAsync(p => p.Id == item.Id)).Date);
    }

    [Fact]
    public async Task The_api_applies_the_same_treatment_rules_as_the_page()
    {
        var r = await w.Clients["owner"].PostAsync($"/api/records/{w.RecordId}/treatments", new StringContent(
            """{"agent": "crizotinib", "start": "2024-01-01", "stopReason": "progression"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("$.end", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_refuses_a_second_ongoing_ALK_line_as_the_page_does_and_saves_nothing()
    {
        int Count()
        {
            using var scope = w.App.Services.CreateScope();
            return Db(scope).Treatments.Count(t => t.RecordId == w.RecordId);
        }
        var before = Count();
        var r = await w.Clients["owner"].PostAsync($"/api/records/{w.RecordId}/treatments", new StringContent(
            """{"agent": "lorlatinib", "dose": "100 mg", "start": "2025-01-01"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var body = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Another ALK inhibitor is still ongoing", body.GetProperty("title").GetString());
        Assert.Contains("alectinib (line ", body.GetProperty("detail").GetString());
        Assert.Equal("$.end", body.GetProperty("problems")[0].GetProperty("path").GetString());
        Assert.Equal(before, Count());
        // An ended line is accepted: AccessMatrixTests "add treatment via API" posts one.
    }

    private static List<KeyValuePair<string, string>> Fields(AngleSharp.Html.Dom.IHtmlDocument doc, params (string Name, string Value)[] changes)
    {
        var form = doc.Forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=Delete") == false && f.QuerySelector("[name='Input.Version']") is not null);
        var values = form.Elements.OfType<AngleSharp.Html.Dom.IHtmlElement>()
            .Select(e => (Name: e.GetAttribute("name"), Value: e switch
            {
                AngleSharp.Html.Dom.IHtmlInputElement i when i.Type is "checkbox" or "radio" => i.IsChecked ? i.Value : null,
                AngleSharp.Html.Dom.IHtmlInputElement i => i.Value,
                AngleSharp.Html.Dom.IHtmlSelectElement s => s.Value,
                AngleSharp.Html.Dom.IHtmlTextAreaElement t => t.Value,
                _ => null,
            }))
            .Where(x => x.Name is not null && x.Value is not null && x.Name != "__RequestVerificationToken")
            .Select(x => new KeyValuePair<string, string>(x.Name!, x.Value!)).ToList();
        foreach (var (name, value) in changes)
        {
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, value));
        }
        return values;
    }
}
