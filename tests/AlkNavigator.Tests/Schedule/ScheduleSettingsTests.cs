using System.Net;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Tests.Schedule;

/// <summary>The schedule settings page: saving, validation that keeps what was typed, optimistic concurrency, and who may change what.</summary>
[DatabaseTests]
public class ScheduleSettingsTests(FeedsApp fixture) : IClassFixture<FeedsApp>
{
    private TestApp App => fixture.App;
    private static string Url(Guid rid) => $"/record/{rid}/schedule/settings";

    private static Dictionary<string, string> Values(int early = 3, int later = 6, int stable = 24, int lead = 2, bool email = false)
    {
        var d = new Dictionary<string, string>
        {
            ["Input.VisitMonthsEarly"] = early.ToString(), ["Input.VisitMonthsLater"] = later.ToString(),
            ["Input.StableMonthsBeforeLater"] = stable.ToString(), ["Input.ReminderLeadDays"] = lead.ToString(),
        };
        d["Input.EmailReminders"] = email ? "true" : "false";
        return d;
    }

    [Fact]
    public async Task The_patient_saves_the_settings_the_first_time_and_again_and_each_save_is_audited()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, withSettings: false);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var page = await owner.GetDocumentAsync(Url(rid));
        Assert.Equal("3", page.QuerySelector("#Input_VisitMonthsEarly")?.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("label[for=Input_ReminderLeadDays]"));

        var r = await owner.SubmitAsync(Url(rid), Values(early: 2, later: 4, stable: 12, lead: 5, email: true));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var s = await FeedsTestData.SettingsAsync(App.Services, rid);
        Assert.Equal((2, 4, 12, 5, true), (s!.VisitMonthsEarly, s.VisitMonthsLater, s.StableMonthsBeforeLater, s.ReminderLeadDays, s.EmailReminders));
        Assert.Equal(email, s.UpdatedBy);

        // The email box unticked: the hidden "false" turns reminders off.
        r = await owner.SubmitAsync(Url(rid), Values(early: 2, later: 4, stable: 12, lead: 0));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        s = await FeedsTestData.SettingsAsync(App.Services, rid);
        Assert.Equal((0, false), (s!.ReminderLeadDays, s.EmailReminders));
        Assert.Contains("Saved the schedule settings.", await owner.GetStringAsync(Url(rid)));

        var audit = (await FeedsTestData.AuditAsync(App.Services, rid)).Where(a => a.What == "schedule settings").ToList();
        Assert.Equal(["create", "update"], audit.Select(a => a.Action));
        Assert.Contains("remind 5 days before; email reminders on", audit[0].Detail);
    }

    [Theory]
    [InlineData("Input.VisitMonthsEarly", "13", "every 1 to 12 months")]
    [InlineData("Input.VisitMonthsEarly", "0", "every 1 to 12 months")]
    [InlineData("Input.VisitMonthsLater", "13", "every 1 to 12 months")]
    [InlineData("Input.StableMonthsBeforeLater", "5", "6 to 60 months")]
    [InlineData("Input.StableMonthsBeforeLater", "61", "6 to 60 months")]
    [InlineData("Input.ReminderLeadDays", "15", "0 to 14 days")]
    [InlineData("Input.ReminderLeadDays", "-1", "0 to 14 days")]
    [InlineData("Input.ReminderLeadDays", "soon", "0 to 14 days")]
    [InlineData("Input.VisitMonthsEarly", "", "every 1 to 12 months")]
    public async Task Invalid_values_are_refused_with_a_message_and_the_form_keeps_what_was_typed(string field, string value, string message)
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var fields = Values(early: 4, later: 5, stable: 30, lead: 3, email: true);
        await SetEmailAsync(rid, false);
        fields[field] = value;
        var r = await owner.SubmitAsync(Url(rid), fields);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector(".alert-danger"));
        Assert.Contains(message, doc.QuerySelector(".alert-danger")!.TextContent);
        var id = field.Replace('.', '_');
        Assert.Equal(value, doc.QuerySelector($"#{id}")?.GetAttribute("value"));
        Assert.NotNull(doc.QuerySelector($"a[href='#{id}']"));
        if (field != "Input.StableMonthsBeforeLater") Assert.Equal("30", doc.QuerySelector("#Input_StableMonthsBeforeLater")?.GetAttribute("value"));
        Assert.NotNull(doc.QuerySelector("#Input_EmailReminders[checked]"));

        var s = await FeedsTestData.SettingsAsync(App.Services, rid);
        Assert.Equal((3, 2, 24), (s!.VisitMonthsEarly, s.ReminderLeadDays, s.StableMonthsBeforeLater)); // unchanged
    }

    private async Task SetEmailAsync(Guid rid, bool on)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AlkNavigator.Data.AppDbContext>();
        var row = db.ScheduleSettings.Single(x => x.RecordId == rid);
        row.EmailReminders = on;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_save_over_someone_elses_newer_change_is_refused_and_says_what_changed()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var (manager, managerEmail) = await FeedsTestData.CaregiverAsync(App, rid, AccessLevels.Manage);
        using var _ = manager;

        // The patient opens the form; the caregiver saves first.
        var stale = (await owner.GetDocumentAsync(Url(rid))).QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(Url(rid), Values(lead: 7))).StatusCode);

        var fields = Values(lead: 1, email: true);
        fields["Input.Version"] = stale;
        var r = await owner.SubmitAsync(Url(rid), fields);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        var alert = doc.QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains("Someone else changed this", alert);
        Assert.Contains(managerEmail, alert);
        var s = await FeedsTestData.SettingsAsync(App.Services, rid);
        Assert.Equal((7, false), (s!.ReminderLeadDays, s.EmailReminders));
        // The form now carries the current version, so saving again works.
        Assert.Equal(s.Version.ToString(), doc.QuerySelector("input[name='Input.Version']")?.GetAttribute("value"));
        var again = new Dictionary<string, string>(fields) { ["Input.Version"] = s.Version.ToString() };
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostAsync(Url(rid), new FormUrlEncodedContent(again.Append(new("__RequestVerificationToken",
            doc.QuerySelector("form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!))))).StatusCode);
        Assert.Equal(1, (await FeedsTestData.SettingsAsync(App.Services, rid))!.ReminderLeadDays);
    }

    [Fact]
    public async Task Creating_a_calendar_link_does_not_make_an_open_settings_form_conflict()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var version = (await owner.GetDocumentAsync(Url(rid))).QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.OK, (await owner.SubmitAsync(Url(rid), [], formAction: "handler=CreateLink")).StatusCode);
        var fields = Values(lead: 4);
        fields["Input.Version"] = version;
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(Url(rid), fields)).StatusCode);
        var s = await FeedsTestData.SettingsAsync(App.Services, rid);
        Assert.Equal(4, s!.ReminderLeadDays);
        Assert.NotNull(s.FeedTokenHash); // the settings save kept the link
    }

    [Fact]
    public async Task Viewers_and_contributors_see_the_settings_but_cannot_change_them()
    {
        var (rid, _) = await FeedsTestData.PatientAsync(App.Services, leadDays: 3);
        foreach (var level in new[] { AccessLevels.View, AccessLevels.Contribute })
        {
            var (client, _) = await FeedsTestData.CaregiverAsync(App, rid, level);
            using var _ = client;
            var page = await client.GetDocumentAsync(Url(rid));
            Assert.Null(page.QuerySelector("#Input_ReminderLeadDays"));
            Assert.Contains("3 days before", page.Body!.TextContent);
            var r = await FeedsTestData.PostAsync(client, Url(rid), Values(lead: 9));
            Assert.Equal("forbidden", Record.RecordWorld.Outcome(r));
        }
        Assert.Equal(3, (await FeedsTestData.SettingsAsync(App.Services, rid))!.ReminderLeadDays);
    }
}
