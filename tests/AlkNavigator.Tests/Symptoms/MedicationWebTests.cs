using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The medication page (marking doses, adherence) and the symptom settings page, through the running app.
/// The world's patient takes alectinib 600 mg twice daily.</summary>
[DatabaseTests]
public class MedicationWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private string Page => w.Url("/record/{rid}/symptoms/medication");
    private string SettingsPage => w.Url("/record/{rid}/symptoms/settings");

    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = w.App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>No marks and no settings row, so every test starts alike.</summary>
    private Task ResetAsync() => InDbAsync(async db =>
    {
        db.DoseEntries.RemoveRange(db.DoseEntries.Where(e => e.RecordId == w.RecordId));
        db.SymptomSettings.RemoveRange(db.SymptomSettings.Where(s => s.RecordId == w.RecordId));
        return await db.SaveChangesAsync();
    });

    private Task<List<DoseEntry>> MarksAsync() => InDbAsync(db => db.DoseEntries.AsNoTracking().Where(e => e.RecordId == w.RecordId).ToListAsync());

    private static DateOnly TodayUtc => DateOnly.FromDateTime(DateTime.UtcNow);

    private Task<HttpResponseMessage> MarkAsync(string actor, DateOnly date, int slot, string mark) =>
        w.PostAsync(actor, Page, [new("Date", date.ToString("yyyy-MM-dd")), new("Slot", slot.ToString()), new("Mark", mark)]);

    [Fact]
    public async Task Owner_marks_a_dose_taken_then_missed_then_undoes_it_with_one_row_throughout()
    {
        await ResetAsync();
        var r = await MarkAsync("owner", TodayUtc, 0, "taken");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var marks = await MarksAsync();
        var m = Assert.Single(marks);
        Assert.Equal((DoseStatus.Taken, "alectinib", TodayUtc, 0, false, w.Emails["owner"]), (m.Status, m.Drug, m.LocalDate, m.Slot, m.OnBehalf, m.MarkedByEmail));

        // The same post again changes nothing (idempotent), a different one updates the same row.
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", TodayUtc, 0, "taken")).StatusCode);
        Assert.Single(await MarksAsync());
        var yesterday = TodayUtc.AddDays(-1); // its doses are all due whatever the time of day the test runs
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", yesterday, 0, "taken")).StatusCode);
        Assert.Equal(2, (await MarksAsync()).Count);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", yesterday, 0, "missed")).StatusCode);
        m = Assert.Single(await MarksAsync(), e => e.LocalDate == yesterday);
        Assert.Equal(DoseStatus.Missed, m.Status);

        var doc = await w.Clients["owner"].GetDocumentAsync(Page);
        var dose = doc.QuerySelector($"#dose-{yesterday:yyyy-MM-dd}-0")!;
        Assert.Contains("Missed", dose.TextContent);
        Assert.Contains("Undo", dose.ParentElement!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", yesterday, 0, "undo")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", TodayUtc, 0, "undo")).StatusCode);
        Assert.Empty(await MarksAsync());
        var audit = await InDbAsync(db => db.AuditEntries.Where(a => a.RecordId == w.RecordId && a.What == "medication" && a.Action != "read").ToListAsync());
        Assert.Contains(audit, a => a.Action == "create");
        Assert.Contains(audit, a => a.Action == "update");
        Assert.Contains(audit, a => a.Action == "delete");
    }

    [Fact]
    public async Task A_contributing_caregiver_marks_on_behalf_of_the_patient()
    {
        await ResetAsync();
        var r = await MarkAsync("caregiver-contribute", TodayUtc, 1, "taken");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var m = Assert.Single(await MarksAsync());
        Assert.True(m.OnBehalf);
        Assert.Equal(w.Emails["caregiver-contribute"], m.MarkedByEmail);
        var html = await w.Clients["owner"].GetStringAsync(Page);
        Assert.Contains("on behalf of the patient", html);
        Assert.Contains(w.Emails["caregiver-contribute"], html);
    }

    [Fact]
    public async Task A_viewing_caregiver_is_forbidden_and_nothing_is_saved()
    {
        await ResetAsync();
        var r = await MarkAsync("caregiver-view", TodayUtc, 0, "taken");
        Assert.Equal("forbidden", RecordWorld.Outcome(r));
        Assert.Empty(await MarksAsync());
        // The viewer sees the doses but no buttons.
        var doc = await w.Clients["caregiver-view"].GetDocumentAsync(Page);
        Assert.NotNull(doc.QuerySelector($"#dose-{TodayUtc:yyyy-MM-dd}-0"));
        Assert.Empty(doc.QuerySelectorAll("button[name=Mark]"));
    }

    [Theory]
    [InlineData(0, 2, "taken", "There is no such dose")]
    [InlineData(0, -1, "taken", "There is no such dose")]
    [InlineData(1, 0, "taken", "up to today")]
    [InlineData(-800, 0, "taken", "from the start of alectinib")]
    [InlineData(0, 0, "maybe", "Choose Taken, Missed or Undo")]
    public async Task An_invalid_dose_is_refused_with_a_clear_error_and_nothing_saved(int days, int slot, string mark, string message)
    {
        await ResetAsync();
        var r = await MarkAsync("owner", TodayUtc.AddDays(days), slot, mark);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.Contains(message, doc.QuerySelector(".alert-danger")!.TextContent);
        Assert.Empty(await MarksAsync());
    }

    [Fact]
    public async Task A_dose_whose_time_has_not_come_cannot_be_marked_missed_but_can_be_marked_taken()
    {
        await ResetAsync();
        var now = DateTime.UtcNow;
        if (now.TimeOfDay >= new TimeSpan(23, 58, 0)) return; // the evening dose below must still be ahead
        await InDbAsync(db =>
        {
            db.SymptomSettings.Add(new SymptomSettings { RecordId = w.RecordId, TimeZone = "UTC", DoseTimes = "00:00,23:59" });
            return db.SaveChangesAsync();
        });
        var r = await MarkAsync("owner", TodayUtc, 1, "missed");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("not due until 23:59", Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector(".alert-danger")!.TextContent);
        Assert.Empty(await MarksAsync());
        // Taken a little early is still allowed, and the morning dose, already due, can be marked missed.
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", TodayUtc, 1, "taken")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", TodayUtc, 0, "missed")).StatusCode);
        Assert.Equal(2, (await MarksAsync()).Count);
        await ResetAsync();
    }

    [Fact]
    public async Task Yesterdays_doses_can_be_marked_late()
    {
        await ResetAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync("owner", TodayUtc.AddDays(-1), 1, "taken")).StatusCode);
        var m = Assert.Single(await MarksAsync());
        Assert.Equal(TodayUtc.AddDays(-1), m.LocalDate);
        var doc = await w.Clients["owner"].GetDocumentAsync(Page);
        Assert.Contains("Taken", doc.QuerySelector($"#dose-{TodayUtc.AddDays(-1):yyyy-MM-dd}-1")!.TextContent);
        // Yesterday's first dose is unmarked and more than an hour past: the label's missed-dose rule is shown with it.
        var unmarked = doc.QuerySelector($"#dose-{TodayUtc.AddDays(-1):yyyy-MM-dd}-0")!.ParentElement!;
        Assert.Contains("Late", unmarked.QuerySelector(".med-state")!.TextContent);
        Assert.Contains(Dosing.LabelNote, unmarked.QuerySelector(".med-advice")!.TextContent);
    }

    [Fact]
    public async Task The_page_shows_the_drug_its_label_schedule_and_adherence()
    {
        await ResetAsync();
        await MarkAsync("owner", TodayUtc.AddDays(-1), 0, "taken");
        await MarkAsync("owner", TodayUtc.AddDays(-1), 1, "missed");
        var doc = await w.Clients["owner"].GetDocumentAsync(Page);
        var text = doc.Body!.TextContent;
        Assert.Contains("600 mg, twice daily", text);
        Assert.Contains("600 mg twice daily", text);
        Assert.Contains("Take with food.", text);
        Assert.Contains("do not make it up", text);
        // The label is cited by its title from content/sources.yaml, never by its raw key.
        Assert.Contains(w.App.Services.GetRequiredService<AlkNavigator.Features.Learn.ContentStore>().Bibliography["alecensa-dosing"].Title, text);
        Assert.DoesNotContain("alecensa-dosing", text);
        Assert.NotNull(doc.QuerySelector(".med-zone-hint a[href$='/symptoms/settings']"));
        Assert.Equal(2, doc.QuerySelectorAll($"[id^=dose-{TodayUtc:yyyy-MM-dd}-]").Length);
        var rows = doc.QuerySelectorAll("table.med-adherence tbody tr").Select(tr => tr.TextContent).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("This week", rows[0]);
        Assert.Contains("Last month", rows[3]);
        // Yesterday falls in this week or last week, and in this month or last month: 1 taken, 1 missed there.
        var yesterday = TodayUtc.AddDays(-1);
        var weekRow = Dosing.WeekStart(yesterday) == Dosing.WeekStart(TodayUtc) ? 0 : 1;
        var cells = doc.QuerySelectorAll("table.med-adherence tbody tr")[weekRow].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.EndsWith("%", cells[0]);
        Assert.Equal(("1", "1"), (cells[1], cells[2]));   // taken, missed
    }

    [Fact]
    public async Task With_no_current_ALK_medicine_the_page_says_so_and_links_to_treatments()
    {
        await ResetAsync();
        await InDbAsync(async db =>
        {
            foreach (var t in db.Treatments.Where(t => t.RecordId == w.RecordId && t.End == null)) t.End = TodayUtc;
            return await db.SaveChangesAsync();
        });
        try
        {
            var doc = await w.Clients["owner"].GetDocumentAsync(Page);
            Assert.Contains("There is no current ALK medicine", doc.Body!.TextContent);
            Assert.NotNull(doc.QuerySelector($"main a[href='/record/{w.RecordId}/treatments']"));
            var r = await MarkAsync("owner", TodayUtc, 0, "taken");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Empty(await MarksAsync());
        }
        finally
        {
            await InDbAsync(async db =>
            {
                foreach (var t in db.Treatments.Where(t => t.RecordId == w.RecordId && t.Agent == "alectinib")) t.End = null;
                return await db.SaveChangesAsync();
            });
        }
    }

    // ---- settings ----

    private static List<KeyValuePair<string, string>> SettingsFields(string zone, string first, string second, int day = 3, bool email = true) =>
    [
        new("Input.TimeZone", zone), new("Input.DoseTimes[0]", first), new("Input.DoseTimes[1]", second),
        new("Input.CheckInDay", day.ToString()), new("Input.EmailReminders", email ? "true" : "false"),
    ];

    [Fact]
    public async Task Settings_are_created_on_first_save_then_used_for_the_doses()
    {
        await ResetAsync();
        var doc = await w.Clients["owner"].GetDocumentAsync(SettingsPage);
        Assert.Equal("UTC", doc.QuerySelector("#Input_TimeZone option")!.GetAttribute("value"));   // current first
        Assert.Equal("08:00", doc.QuerySelector("#Input_DoseTimes_0_")!.GetAttribute("value"));
        Assert.Contains("reminders go to the patient's account email", doc.Body!.TextContent);

        var r = await w.Clients["owner"].SubmitAsync(SettingsPage, SettingsFields("Asia/Kolkata", "07:30", "19:30"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var s = await InDbAsync(db => db.SymptomSettings.AsNoTracking().SingleAsync(x => x.RecordId == w.RecordId));
        Assert.Equal(("Asia/Kolkata", "07:30,19:30", 3, true, w.Emails["owner"]), (s.TimeZone, s.DoseTimes, s.CheckInDay, s.EmailReminders, s.UpdatedBy));
        Assert.True(await InDbAsync(db => db.AuditEntries.AnyAsync(a => a.RecordId == w.RecordId && a.What == "symptom settings" && a.Action == "create")));

        doc = await w.Clients["owner"].GetDocumentAsync(SettingsPage);
        Assert.Equal("Asia/Kolkata", doc.QuerySelector("#Input_TimeZone option")!.GetAttribute("value"));
        Assert.NotNull(doc.QuerySelector("#Input_TimeZone option[value='Asia/Kolkata'][selected]"));
        Assert.NotNull(doc.QuerySelector("#Input_CheckInDay option[value='3'][selected]"));

        var page = await w.Clients["owner"].GetDocumentAsync(Page);
        Assert.Null(page.QuerySelector(".med-zone-hint"));
        Assert.Contains("Asia/Kolkata", page.Body!.TextContent);
        Assert.Contains("Dose 1 at 07:30", page.Body.TextContent);

        // A managing caregiver may change them too; blank times mean the defaults.
        r = await w.Clients["caregiver-manage"].SubmitAsync(SettingsPage, SettingsFields("Europe/London", "", "", 1, false));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        s = await InDbAsync(db => db.SymptomSettings.AsNoTracking().SingleAsync(x => x.RecordId == w.RecordId));
        Assert.Equal(("Europe/London", null, 1, false), (s.TimeZone, s.DoseTimes, s.CheckInDay, s.EmailReminders));
        Assert.Equal("forbidden", RecordWorld.Outcome(await w.PostAsync("caregiver-contribute", SettingsPage, SettingsFields("UTC", "", ""))));
        await ResetAsync();
    }

    [Fact]
    public async Task The_usual_oxygen_saturation_is_optional_validated_70_to_100_and_kept_on_error()
    {
        await ResetAsync();
        var bad = await w.Clients["owner"].SubmitAsync(SettingsPage, [.. SettingsFields("Europe/London", "", ""), new("Input.UsualOxygenSaturation", "65")]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = Forms.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("whole number from 70 to 100", page.Body!.TextContent);
        Assert.Equal("65", page.QuerySelector("#Input_UsualOxygenSaturation")!.GetAttribute("value"));
        Assert.Equal("Europe/London", page.QuerySelector("#Input_TimeZone option[selected]")!.GetAttribute("value"));
        Assert.False(await InDbAsync(db => db.SymptomSettings.AnyAsync(x => x.RecordId == w.RecordId)));

        foreach (var (typed, stored) in new[] { ("97", (int?)97), ("95 %", 95), ("", null) })
        {
            var r = await w.Clients["owner"].SubmitAsync(SettingsPage, [.. SettingsFields("Europe/London", "", ""), new("Input.UsualOxygenSaturation", typed)]);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal(stored, (await InDbAsync(db => db.SymptomSettings.AsNoTracking().SingleAsync(x => x.RecordId == w.RecordId))).UsualOxygenSaturation);
        }
        var doc = await w.Clients["caregiver-view"].GetDocumentAsync(SettingsPage);
        Assert.Contains("Usual oxygen saturation", doc.Body!.TextContent);
        await ResetAsync();
    }

    [Fact]
    public async Task A_save_over_someone_elses_change_is_refused_with_what_changed_and_keeps_the_input()
    {
        await ResetAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await w.Clients["owner"].SubmitAsync(SettingsPage, SettingsFields("Asia/Kolkata", "07:30", "19:30"))).StatusCode);
        var version = (await InDbAsync(db => db.SymptomSettings.AsNoTracking().SingleAsync(x => x.RecordId == w.RecordId))).Version;

        // The managing caregiver saves first...
        Assert.Equal(HttpStatusCode.Redirect, (await w.Clients["caregiver-manage"].SubmitAsync(SettingsPage, SettingsFields("Europe/London", "09:00", "21:00"))).StatusCode);
        // ...then the owner saves a form loaded before that.
        var fields = SettingsFields("America/New_York", "06:00", "18:00");
        fields.Add(new("Input.Version", version.ToString()));
        var r = await w.Clients["owner"].SubmitAsync(SettingsPage, fields);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        var alert = doc.QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains(Concurrency.ConflictLead, alert);
        Assert.Contains(w.Emails["caregiver-manage"], alert);
        Assert.NotNull(doc.QuerySelector("#Input_TimeZone option[value='America/New_York'][selected]"));
        Assert.Equal("06:00", doc.QuerySelector("#Input_DoseTimes_0_")!.GetAttribute("value"));
        var s = await InDbAsync(db => db.SymptomSettings.AsNoTracking().SingleAsync(x => x.RecordId == w.RecordId));
        Assert.Equal(("Europe/London", "09:00,21:00"), (s.TimeZone, s.DoseTimes));

        // The form now carries the current version: saving again succeeds.
        var again = doc.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        Assert.Equal(s.Version.ToString(), again);
        fields = SettingsFields("America/New_York", "06:00", "18:00");
        fields.Add(new("Input.Version", again));
        Assert.Equal(HttpStatusCode.Redirect, (await w.Clients["owner"].SubmitAsync(SettingsPage, fields)).StatusCode);
        Assert.Equal("America/New_York", (await InDbAsync(db => db.SymptomSettings.AsNoTracking().SingleAsync(x => x.RecordId == w.RecordId))).TimeZone);
        await ResetAsync();
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "09:00", "21:00", "Choose a time zone from the list")]
    [InlineData("", "09:00", "21:00", "Choose a time zone from the list")]
    [InlineData("Europe/London", "21:00", "09:00", "must come after dose 1")]
    [InlineData("Europe/London", "09:00", "09:00", "different time from dose 1")]
    [InlineData("Europe/London", "9 in the morning", "21:00", "for example 08:00")]
    public async Task Invalid_settings_are_refused_keeping_what_was_entered(string zone, string first, string second, string message)
    {
        await ResetAsync();
        var r = await w.Clients["owner"].SubmitAsync(SettingsPage, SettingsFields(zone, first, second));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.Contains(message, doc.QuerySelector(".alert-danger")!.TextContent);
        Assert.Equal(first, doc.QuerySelector("#Input_DoseTimes_0_")!.GetAttribute("value"));
        Assert.Equal(second, doc.QuerySelector("#Input_DoseTimes_1_")!.GetAttribute("value"));
        if (zone.Length > 0) Assert.NotNull(doc.QuerySelector($"#Input_TimeZone option[value='{zone}'][selected]"));
        Assert.False(await InDbAsync(db => db.SymptomSettings.AnyAsync(x => x.RecordId == w.RecordId)));
    }
}

/// <summary>The medication page states the label's vomiting rule for every drug, in the words the Learn pages use.</summary>
[DatabaseTests]
public class MedicationVomitingRuleWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    [Theory]
    [InlineData("lorlatinib")]
    [InlineData("Xalkori")]
    [InlineData("ceritinib")]
    [InlineData("ensartinib")]
    public async Task The_vomiting_rule_is_shown_beside_the_missed_dose_rule(string drug)
    {
        var p = await CheckInDriver.NewPatientAsync(w.App, drug);
        var doc = await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms/medication");
        Assert.Equal(Dosing.VomitingText, doc.QuerySelector(".med-vomiting")?.TextContent.Trim());
    }
}
