using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;
using static AlkNavigator.Tests.Symptoms.CheckInDriver;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>The check-in web flow end to end: real forms, real rules, the database underneath.</summary>
[DatabaseTests]
public class CheckInWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private const string Breath = "Shortness of breath", Diarrhea = "Loose or watery stools (diarrhea)", Pain = "Pain";

    private AppDbContext Db(out IServiceScope scope)
    {
        scope = w.App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>();
    }

    [Fact]
    public async Task A_full_check_in_through_every_step_saves_the_answers_and_raises_an_urgent_alert()
    {
        var p = await NewPatientAsync(w.App, "lorlatinib");
        var result = await CheckInAsync(p.Client, p.RecordId, Only((Breath, 3)), new() { ["Temperature"] = "37.4", ["Weight"] = "70,5", ["Systolic"] = "128", ["Diastolic"] = "82", ["HeartRate"] = "76" });

        var page = await p.Client.GetDocumentAsync(result);
        var text = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Call your care team now", text);
        Assert.Contains("emergency services", text);
        Assert.Contains("Severe shortness of breath", text);
        Assert.Contains("tel:+15550100", page.DocumentElement.OuterHtml);
        Assert.Contains("37.4 °C", text);
        Assert.Contains("128/82 mmHg", text);

        var db = Db(out var scope);
        using (scope)
        {
            var c = await db.CheckIns.Include(x => x.Answers).SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Equal(CheckInStatus.Submitted, c.Status);
            Assert.NotNull(c.SubmittedUtc);
            Assert.False(c.OnBehalf);
            Assert.Equal(p.Email, c.EnteredByEmail);
            Assert.Equal("lorlatinib", c.Drug);
            Assert.Equal(70.5m, c.WeightKg);
            var items = CheckInFlow.Items(c);
            Assert.Contains(items, i => i.Term == "Problems with memory");
            Assert.Equal(items.Sum(i => i.Attributes.Count), c.Answers.Count);
            Assert.Equal(3, c.Answers.Single(a => a.Term == Breath && a.Attribute == "severity").Value);
            var alert = await db.SymptomAlerts.SingleAsync(a => a.CheckInId == c.Id && a.RuleId == "breathless-severe");
            Assert.Equal(("urgent", "new", 3), (alert.Level, alert.Change, alert.Score));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.RecordId == p.RecordId && a.What == "check-in" && a.Action == "create"));
        }

        var overview = await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms");
        Assert.Contains("Severe shortness of breath", overview.QuerySelector(".open-alerts")!.TextContent);
        Assert.Contains("Done for this week", overview.QuerySelector("main")!.TextContent);
        Assert.Equal(1, await NavCountAsync(p.Client, p.RecordId));

        var api = await p.Client.GetFromJsonAsync<JsonElement>($"/api/records/{p.RecordId}/symptoms/checkins");
        var first = api.EnumerateArray().Single();
        Assert.False(first.GetProperty("onBehalf").GetBoolean());
        Assert.Equal(76, first.GetProperty("measurements").GetProperty("heartRate").GetInt32());
        Assert.Contains(first.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("rule").GetString() == "breathless-severe");
        Assert.Contains(first.GetProperty("answers").EnumerateArray(), a => a.GetProperty("term").GetString() == Breath && a.GetProperty("value").GetInt32() == 3);
        var alerts = await p.Client.GetFromJsonAsync<JsonElement>($"/api/records/{p.RecordId}/symptoms/alerts");
        Assert.Equal("urgent", alerts.EnumerateArray().First().GetProperty("level").GetString());
    }

    [Fact]
    public async Task Save_and_finish_later_keeps_the_step_and_resumes_at_the_next_one()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        await StartAsync(p.Client, p.RecordId);
        var url = CheckinUrl(p.RecordId);
        var doc = await p.Client.GetDocumentAsync(url);
        Assert.Contains("Step 1 of", doc.QuerySelector(".checkin-progress")!.TextContent);
        Assert.NotNull(doc.QuerySelector("progress[aria-labelledby]"));
        var r = await p.Client.SubmitAsync(url, [.. Answer(doc, Only((Pain, 2))), new("Go", "later")]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal($"/record/{p.RecordId}/symptoms", r.Headers.Location!.OriginalString);

        var overview = await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms");
        var resume = overview.QuerySelectorAll("a.btn").Single(a => a.TextContent.StartsWith("Resume check-in"));
        Assert.Matches(@"Resume check-in \(step 2 of \d+\)", resume.TextContent);

        var again = await p.Client.GetDocumentAsync(url);
        Assert.Contains("Step 2 of", again.QuerySelector(".checkin-progress")!.TextContent);
        var back = await p.Client.GetDocumentAsync(url + "?step=0");
        var painFrequency = Questions(back).Single(q => q.Term == Pain && q.First).Name;
        Assert.Equal("2", back.QuerySelector($"input[name={painFrequency}]:checked")!.GetAttribute("value"));
        // Steps not reached yet cannot be opened ahead.
        Assert.Contains("Step 2 of", (await p.Client.GetDocumentAsync(url + "?step=9")).QuerySelector(".checkin-progress")!.TextContent);

        var result = await FinishAsync(p.Client, p.RecordId, Only((Pain, 2)));
        Assert.Contains("/symptoms/checkins/", result);
    }

    [Fact]
    public async Task A_missing_answer_names_the_question_keeps_the_answers_and_saves_nothing_of_the_step()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        await StartAsync(p.Client, p.RecordId);
        var url = CheckinUrl(p.RecordId);
        var doc = await p.Client.GetDocumentAsync(url);
        var fields = Answer(doc, (term, attr) => term == "Cough" ? null : term == Pain ? (attr == "frequency" ? 1 : null) : 0);
        var r = await p.Client.SubmitAsync(url, [.. fields, new("Go", "next")]);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var page = Forms.Parse(await r.Content.ReadAsStringAsync());
        var errors = page.QuerySelector(".alert-danger")!.TextContent;
        Assert.Contains("Cough", errors);
        Assert.Contains("Nothing on this step was saved", errors);
        Assert.DoesNotContain(Breath, errors);
        // Pain frequency was answered (1) but its follow-ups were not: both follow-ups are named too.
        Assert.Contains("Pain: answer “how severe”", errors);
        var breath = Questions(page).Single(q => q.Term == Breath && q.First).Name;
        Assert.Equal("0", page.QuerySelector($"input[name={breath}]:checked")!.GetAttribute("value"));

        var db = Db(out var scope);
        using (scope)
        {
            var c = await db.CheckIns.Include(x => x.Answers).SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Empty(c.Answers);
            Assert.Equal(0, c.Step);
        }
    }

    [Fact]
    public async Task Follow_ups_are_stored_as_zero_when_the_first_answer_is_zero_even_if_sent()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        await StartAsync(p.Client, p.RecordId);
        var url = CheckinUrl(p.RecordId);
        var doc = await p.Client.GetDocumentAsync(url);
        var qs = Questions(doc);
        // Without the script every follow-up shows; someone answers one although the first answer is "Never".
        var fields = qs.Where(q => q.First).Select(q => new KeyValuePair<string, string>(q.Name, "0")).ToList();
        fields.Add(new(qs.Single(q => q.Term == Pain && q.Attribute == "severity").Name, "3"));
        var r = await p.Client.SubmitAsync(url, [.. fields, new("Go", "next")]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var db = Db(out var scope);
        using (scope)
        {
            var answers = await db.CheckInAnswers.Where(a => db.CheckIns.Any(c => c.Id == a.CheckInId && c.RecordId == p.RecordId)).ToListAsync();
            Assert.Equal(qs.Count, answers.Count);
            Assert.All(answers, a => Assert.Equal(0, a.Value));
            Assert.Contains(answers, a => a.Term == Pain && a.Attribute == "interference");
        }
    }

    [Fact]
    public async Task A_caregiver_with_contribute_access_answers_on_the_patients_behalf()
    {
        var p = await NewPatientAsync(w.App, "brigatinib");
        var (carer, email) = await NewCaregiverAsync(w.App, p, AccessLevels.Contribute);
        var start = await carer.GetDocumentAsync(CheckinUrl(p.RecordId));
        Assert.Contains("on behalf of", start.QuerySelector("main")!.TextContent);
        // Started from the check-in page's own form this time.
        Assert.Equal(HttpStatusCode.Redirect, (await carer.SubmitAsync(CheckinUrl(p.RecordId), [])).StatusCode);
        var result = await FinishAsync(carer, p.RecordId, Only((Diarrhea, 3)));

        var page = await p.Client.GetDocumentAsync(result);
        Assert.Contains("answered by a caregiver on the patient's behalf", page.QuerySelector("main")!.TextContent);
        Assert.Contains(email, page.QuerySelector("main")!.TextContent);
        var db = Db(out var scope);
        using (scope)
        {
            var c = await db.CheckIns.SingleAsync(x => x.RecordId == p.RecordId);
            Assert.True(c.OnBehalf);
            Assert.Equal(email, c.EnteredByEmail);
        }
        var overview = await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms");
        Assert.Contains("answered by a caregiver on the patient's behalf", overview.QuerySelector(".checkin-list")!.TextContent);
    }

    [Fact]
    public async Task A_viewer_cannot_start_or_answer_a_check_in()
    {
        var viewer = "caregiver-view";
        Assert.Equal("forbidden", RecordWorld.Outcome(await w.Clients[viewer].GetAsync(w.Url("/record/{rid}/symptoms/checkin"))));
        Assert.Equal("forbidden", RecordWorld.Outcome(await w.PostAsync(viewer, w.Url("/record/{rid}/symptoms/checkin?handler=Start"), [])));
        var overview = await w.Clients[viewer].GetDocumentAsync(w.Url("/record/{rid}/symptoms"));
        Assert.DoesNotContain("Start check-in", overview.QuerySelector("main")!.TextContent);
        var db = Db(out var scope);
        using (scope) Assert.False(await db.CheckIns.AnyAsync(c => c.RecordId == w.RecordId && c.EnteredByEmail == w.Emails[viewer]));
    }

    [Fact]
    public async Task Acknowledging_an_alert_keeps_it_in_the_history_and_doing_it_twice_changes_nothing()
    {
        var p = await NewPatientAsync(w.App, "lorlatinib");
        await CheckInAsync(p.Client, p.RecordId, Only((Breath, 3)));
        var alertsUrl = $"/record/{p.RecordId}/symptoms/alerts";
        var doc = await p.Client.GetDocumentAsync(alertsUrl);
        var version = doc.QuerySelector("input[name=version]")!.GetAttribute("value")!;
        var id = doc.QuerySelector("input[name=alertId]")!.GetAttribute("value")!;
        var r = await p.Client.SubmitAsync(alertsUrl, [], formAction: "handler=Acknowledge");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var after = await p.Client.GetDocumentAsync(alertsUrl);
        var text = after.QuerySelector(".alert-history")!.TextContent;
        Assert.Contains("Severe shortness of breath", text);
        Assert.Contains($"acknowledged by {p.Email}", text);
        Assert.Null(after.QuerySelector("input[name=alertId]"));
        Assert.Equal(0, await NavCountAsync(p.Client, p.RecordId));
        Assert.Null((await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms")).QuerySelector(".open-alerts"));

        // The same form sent again (old version): no error, no change.
        var home = await p.Client.GetDocumentAsync("/");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var again = await p.Client.PostAsync(alertsUrl + "?handler=Acknowledge", new FormUrlEncodedContent(
            [new("alertId", id), new("version", version), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var db = Db(out var scope);
        using (scope)
        {
            var alert = await db.SymptomAlerts.SingleAsync(a => a.Id == Guid.Parse(id));
            Assert.Equal(p.Email, alert.AcknowledgedByEmail);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.RecordId == p.RecordId && a.What == "symptom alert" && a.Action == "update"));
        }
    }

    [Fact]
    public async Task The_same_answers_again_are_ongoing_not_new_and_a_worse_answer_is_worse()
    {
        var p = await NewPatientAsync(w.App, "lorlatinib");
        var first = await CheckInAsync(p.Client, p.RecordId, Only((Breath, 3)));
        Assert.Equal(1, await NavCountAsync(p.Client, p.RecordId));

        var second = await CheckInAsync(p.Client, p.RecordId, Only((Breath, 3)));
        Assert.True(1 == await NavCountAsync(p.Client, p.RecordId), await AlertsAsync(p.RecordId));
        var page = await p.Client.GetDocumentAsync(second);
        Assert.Contains("Still present, already reported", page.QuerySelector("main")!.TextContent);
        // Not raised again, but an urgent symptom that is still there keeps what to do, and is never "nothing needs action".
        Assert.Null(page.QuerySelector(".urgent-banner"));
        Assert.Contains("emergency services", page.QuerySelector(".symptom-alert")!.TextContent);
        Assert.DoesNotContain("Nothing in your answers needs action now", page.QuerySelector("main")!.TextContent);

        var third = await CheckInAsync(p.Client, p.RecordId, Only((Breath, 4)));
        Assert.Contains("Call your care team now", (await p.Client.GetDocumentAsync(third)).QuerySelector("main")!.TextContent);
        Assert.Equal(2, await NavCountAsync(p.Client, p.RecordId));

        var db = Db(out var scope);
        using (scope)
        {
            var changes = (await db.SymptomAlerts.Where(a => a.RecordId == p.RecordId && a.RuleId == "breathless-severe").ToListAsync())
                .OrderBy(a => a.CreatedUtc).Select(a => a.Change).ToList();
            Assert.Equal(["new", "ongoing", "worse"], changes);
        }
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_contact_symptom_at_the_patients_own_baseline_keeps_its_level_until_someone_confirms_the_care_team_knows()
    {
        var p = await NewPatientAsync(w.App, "ceritinib");
        await CheckInAsync(p.Client, p.RecordId, Only((Diarrhea, 3)));
        // Week 2, the same as the baseline: not notified again, but still a contact alert (never demoted to "next visit").
        // (What the result page says about it is the display's part of issue 10; here: the stored alert stays open at its level.)
        await CheckInAsync(p.Client, p.RecordId, Only((Diarrhea, 3)));

        var db = Db(out var scope);
        using (scope)
        {
            var alerts = await db.SymptomAlerts.Where(a => a.RecordId == p.RecordId && a.RuleId == "diarrhea-frequent").OrderBy(a => a.CreatedUtc).ToListAsync();
            Assert.Equal(["new", "ongoing"], alerts.Select(a => a.Change));
            Assert.All(alerts, a => Assert.Equal((AlertLevels.Contact, "Loose or watery stools (diarrhea): frequently", (DateTime?)null), (a.Level, a.Heading, a.AcknowledgedUtc)));
            // Someone confirms the care team knows.
            alerts[^1].AcknowledgedUtc = DateTime.UtcNow;
            alerts[^1].AcknowledgedByEmail = "carer@example.org";
            await db.SaveChangesAsync();
        }

        // Week 3, unchanged: the care team knows, so it is kept as acknowledged (not open again) and not raised.
        await CheckInAsync(p.Client, p.RecordId, Only((Diarrhea, 3)));
        // Week 4, worse: raised again, urgent (almost constantly).
        var fourth = await CheckInAsync(p.Client, p.RecordId, Only((Diarrhea, 4)));
        Assert.Contains("Call your care team now", (await p.Client.GetDocumentAsync(fourth)).QuerySelector("main")!.TextContent);

        db = Db(out scope);
        using (scope)
        {
            var alerts = await db.SymptomAlerts.Where(a => a.RecordId == p.RecordId && a.Term == Diarrhea).OrderBy(a => a.CreatedUtc).ToListAsync();
            Assert.Equal(["diarrhea-frequent/new", "diarrhea-frequent/ongoing", "diarrhea-frequent/known", "diarrhea-constant/new"], alerts.Select(a => $"{a.RuleId}/{a.Change}"));
            Assert.Equal("carer@example.org", alerts[2].AcknowledgedByEmail);
            Assert.NotNull(alerts[2].AcknowledgedUtc);
            Assert.Null(alerts[3].AcknowledgedUtc);
        }
    }

    [Fact]
    public async Task A_baseline_symptom_that_cleared_and_came_back_at_the_baseline_level_is_new_again()
    {
        var p = await NewPatientAsync(w.App, "ceritinib");
        await CheckInAsync(p.Client, p.RecordId, Only((Diarrhea, 3)));     // week 1: the baseline
        await CheckInAsync(p.Client, p.RecordId, Only());                  // week 2: gone
        var third = await CheckInAsync(p.Client, p.RecordId, Only((Diarrhea, 3)));  // week 3: back, at the baseline level
        Assert.Contains("Contact your care team", (await p.Client.GetDocumentAsync(third)).QuerySelector("main")!.TextContent);

        var db = Db(out var scope);
        using (scope)
        {
            var changes = (await db.SymptomAlerts.Where(a => a.RecordId == p.RecordId && a.RuleId == "diarrhea-frequent").ToListAsync())
                .OrderBy(a => a.CreatedUtc).Select(a => a.Change).ToList();
            Assert.Equal(["new", "new"], changes);
        }
    }

    [Fact]
    public void The_baseline_applies_only_to_symptoms_present_at_the_previous_check_in()
    {
        Answer[] baseline = [new(Diarrhea, "frequency", 3), new(Pain, "frequency", 2), new(Pain, "severity", 2), new(Breath, "severity", 1)];
        Answer[] previous = [new(Diarrhea, "frequency", 0), new(Pain, "frequency", 0), new(Pain, "severity", 1), new(Breath, "severity", 0)];
        // Pain was still there (severity 1, any attribute counts): its baseline applies; diarrhea and breathlessness cleared.
        Assert.Equal([new Answer(Pain, "frequency", 2), new Answer(Pain, "severity", 2)], CheckInFlow.ContinuingBaseline(baseline, previous));
        Assert.Empty(CheckInFlow.ContinuingBaseline(baseline, []));
    }

    [Fact]
    public async Task Two_people_saving_the_same_step_the_second_is_told_and_nothing_of_theirs_is_saved()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var (carer, email) = await NewCaregiverAsync(w.App, p, AccessLevels.Contribute);
        await StartAsync(p.Client, p.RecordId);
        var url = CheckinUrl(p.RecordId);
        var theirs = await carer.GetDocumentAsync(url);
        var token = theirs.QuerySelector("form.checkin-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var stale = theirs.QuerySelectorAll("form.checkin-form input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Where(kv => kv.Key != "__RequestVerificationToken").ToList();
        var carerAnswers = Answer(theirs, Only((Pain, 4)));

        var mine = await p.Client.SubmitAsync(url, [.. Answer(await p.Client.GetDocumentAsync(url), Only((Pain, 1))), new("Go", "next")]);
        Assert.Equal(HttpStatusCode.Redirect, mine.StatusCode);

        var r = await carer.PostAsync(url, new FormUrlEncodedContent([.. stale, .. carerAnswers, new("Go", "next"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var page = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.Contains("Someone else changed this", page.QuerySelector(".alert-danger")!.TextContent);
        var pain = Questions(page).Single(q => q.Term == Pain && q.First).Name;
        Assert.Equal("4", page.QuerySelector($"input[name={pain}]:checked")!.GetAttribute("value"));

        var db = Db(out var scope);
        using (scope)
        {
            var c = await db.CheckIns.Include(x => x.Answers).SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Equal(1, c.Answers.Single(a => a.Term == Pain && a.Attribute == "frequency").Value);
        }
        Assert.NotEmpty(email);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_symptoms_api()
    {
        using var client = w.App.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/records/{rid}/symptoms/checkins", out var checkins));
        Assert.True(paths.TryGetProperty("/api/records/{rid}/symptoms/alerts", out _));
        Assert.Contains("Symptoms", checkins.GetRawText());
    }

    [Fact]
    public async Task Measurements_out_of_range_are_refused_with_the_range_and_nothing_is_saved()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        await StartAsync(p.Client, p.RecordId);
        var url = CheckinUrl(p.RecordId);
        // Answer the question steps, then stop at the measurements.
        for (var i = 0; i < 10; i++)
        {
            var doc = await p.Client.GetDocumentAsync(url);
            if (doc.QuerySelector("input[name=Temperature]") is not null) break;
            var r = await p.Client.SubmitAsync(url, [.. Answer(doc, Only()), new("Go", "next")]);
            url = r.Headers.Location!.OriginalString;
        }
        var bad = await p.Client.SubmitAsync(url, [new("Temperature", "50"), new("Weight", "70"), new("Systolic", "120"), new("Go", "next")]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var errors = await Errors(bad);
        Assert.Contains("temperature as a number from 34 to 43", errors);
        Assert.Contains("both blood pressure numbers", errors, StringComparison.OrdinalIgnoreCase);
        var page = Forms.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal("50", page.QuerySelector("input[name=Temperature]")!.GetAttribute("value"));
        var db = Db(out var scope);
        using (scope)
        {
            var c = await db.CheckIns.SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Null(c.WeightKg);
            Assert.Null(c.TemperatureC);
        }
    }

    [Fact]
    public async Task Oxygen_saturation_is_entered_validated_50_to_100_and_below_90_raises_an_urgent_alert_with_its_heading()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        await StartAsync(p.Client, p.RecordId);
        var url = CheckinUrl(p.RecordId);
        for (var i = 0; i < 12; i++)
        {
            var doc = await p.Client.GetDocumentAsync(url);
            if (doc.QuerySelector("input[name=OxygenSaturation]") is not null) break;
            var r = await p.Client.SubmitAsync(url, [.. Answer(doc, Only()), new("Go", "next")]);
            url = r.Headers.Location!.OriginalString;
        }
        foreach (var typed in new[] { "49", "101", "95.5", "abc" })
        {
            var bad = await p.Client.SubmitAsync(url, [new("Temperature", "37.2"), new("OxygenSaturation", typed), new("Go", "next")]);
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Contains("oxygen saturation", await Errors(bad));
            var page = Forms.Parse(await bad.Content.ReadAsStringAsync());
            Assert.Equal(typed, page.QuerySelector("input[name=OxygenSaturation]")!.GetAttribute("value"));
            Assert.Equal("37.2", page.QuerySelector("input[name=Temperature]")!.GetAttribute("value"));
        }
        var db = Db(out var scope);
        using (scope) Assert.Null((await db.CheckIns.SingleAsync(x => x.RecordId == p.RecordId)).OxygenSaturation);

        var ok = await p.Client.SubmitAsync(url, [new("OxygenSaturation", "88%"), new("Go", "next")]);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var review = await p.Client.GetDocumentAsync(ok.Headers.Location!.OriginalString);
        Assert.Contains("oxygen saturation 88 %", review.QuerySelector("main")!.TextContent);
        var result = await FinishAsync(p.Client, p.RecordId, Only());
        Assert.Contains("Call your care team now", (await p.Client.GetDocumentAsync(result)).QuerySelector("main")!.TextContent);
        db = Db(out scope);
        using (scope)
        {
            var c = await db.CheckIns.SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Equal(88, c.OxygenSaturation);
            var alert = await db.SymptomAlerts.SingleAsync(a => a.CheckInId == c.Id);
            Assert.Equal(("oxygen-very-low", "urgent", "Oxygen saturation: 88 %"), (alert.RuleId, alert.Level, alert.Heading));
        }
    }

    [Fact]
    public async Task A_drop_from_the_usual_oxygen_saturation_with_breathlessness_is_urgent_in_the_check_in()
    {
        var p = await NewPatientAsync(w.App, "lorlatinib", daysOnDrug: 300);
        var db = Db(out var scope);
        using (scope)
        {
            db.SymptomSettings.Add(new SymptomSettings { RecordId = p.RecordId, UsualOxygenSaturation = 97 });
            await db.SaveChangesAsync();
        }
        await CheckInAsync(p.Client, p.RecordId, Only((Breath, 1)), new() { ["OxygenSaturation"] = "93" });
        db = Db(out scope);
        using (scope)
        {
            var alert = await db.SymptomAlerts.SingleAsync(a => a.RecordId == p.RecordId);
            Assert.Equal(("oxygen-drop-breathless", "urgent"), (alert.RuleId, alert.Level));
            Assert.Equal("Oxygen saturation: 93 %, 4 points below your usual 97 % (with Shortness of breath: mild)", alert.Heading);
        }
    }

    private async Task<string> AlertsAsync(Guid rid)
    {
        var db = Db(out var scope);
        using (scope)
            return string.Join("; ", (await db.SymptomAlerts.Where(a => a.RecordId == rid).ToListAsync()).OrderBy(a => a.CreatedUtc)
                .Select(a => $"{a.RuleId}/{a.Term}/{a.Score}/{a.Change}/{a.Level}/{a.CheckInId}/{a.CreatedUtc:O}"))
                + " | " + string.Join("; ", (await db.CheckIns.Where(c => c.RecordId == rid).ToListAsync()).Select(c => $"{c.Id}/{c.Status}/{c.SubmittedUtc:O}/{c.StartedUtc:O}"));
    }
}
