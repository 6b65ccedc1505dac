using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;
using static AlkNavigator.Tests.Symptoms.CheckInDriver;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>Defects found in review of the check-in web flow: who answered, a medicine changed mid-draft, alerts without an action.</summary>
[DatabaseTests]
public class CheckInReviewWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private const string Pain = "Pain";

    private AppDbContext Db(out IServiceScope scope)
    {
        scope = w.App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>();
    }

    /// <summary>Ends the current TKI line today and starts <paramref name="drug"/> <paramref name="daysAgo"/> days ago.</summary>
    private async Task SwitchDrugAsync(Guid rid, string drug, int daysAgo)
    {
        var db = Db(out var scope);
        using (scope)
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            foreach (var line in await db.Treatments.Where(t => t.RecordId == rid && t.End == null).ToListAsync()) line.End = today.AddDays(-daysAgo);
            db.Treatments.Add(new TreatmentLine { RecordId = rid, Agent = drug, Start = today.AddDays(-daysAgo) });
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_caregiver_finishing_the_patients_own_draft_is_recorded_as_answering_on_their_behalf()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var (carer, email) = await NewCaregiverAsync(w.App, p, AccessLevels.Contribute);
        await StartAsync(p.Client, p.RecordId);
        var doc = await p.Client.GetDocumentAsync(CheckinUrl(p.RecordId));
        Assert.Equal(HttpStatusCode.Redirect, (await p.Client.SubmitAsync(CheckinUrl(p.RecordId), [.. Answer(doc, Only((Pain, 1))), new("Go", "later")])).StatusCode);

        var result = await FinishAsync(carer, p.RecordId, Only((Pain, 1)));

        var db = Db(out var scope);
        using (scope)
        {
            var c = await db.CheckIns.SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Equal(CheckInStatus.Submitted, c.Status);
            Assert.True(c.OnBehalf);
            Assert.Equal(email, c.EnteredByEmail);
        }
        Assert.Contains("answered by a caregiver on the patient's behalf", (await p.Client.GetDocumentAsync(result)).QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Resuming_after_the_medicine_changed_asks_the_new_medicines_questions_and_judges_by_its_rules()
    {
        var p = await NewPatientAsync(w.App, "crizotinib", daysOnDrug: 90);
        await StartAsync(p.Client, p.RecordId);
        var doc = await p.Client.GetDocumentAsync(CheckinUrl(p.RecordId));
        Assert.Equal(HttpStatusCode.Redirect, (await p.Client.SubmitAsync(CheckinUrl(p.RecordId), [.. Answer(doc, Only((Pain, 1))), new("Go", "later")])).StatusCode);

        await SwitchDrugAsync(p.RecordId, "brigatinib", daysAgo: 2);

        var resumed = await p.Client.GetAsync(CheckinUrl(p.RecordId));
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        var page = await p.Client.GetDocumentAsync(CheckinUrl(p.RecordId));
        Assert.Contains("now brigatinib", page.QuerySelector("main")!.TextContent);
        Assert.Contains("Step 1 of", page.QuerySelector(".checkin-progress")!.TextContent);
        var db = Db(out var scope);
        using (scope)
        {
            var draft = await db.CheckIns.Include(c => c.Answers).SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Equal("brigatinib", draft.Drug);
            var expected = Questionnaire.For(new SymptomContext("brigatinib", draft.DrugStart, DateOnly.FromDateTime(DateTime.UtcNow))).Select(q => q.Item.Term);
            Assert.Equal(expected, CheckInFlow.Terms(draft));
            Assert.Contains(draft.Answers, a => a.Term == Pain && a.Value == 1);
            Assert.All(draft.Answers, a => Assert.Contains(a.Term, CheckInFlow.Terms(draft)));
        }

        var result = await FinishAsync(p.Client, p.RecordId, Only(("Fever", 1), ("Cough", 1)));
        db = Db(out scope);
        using (scope)
        {
            var c = await db.CheckIns.SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Equal("brigatinib", c.Drug);
            // Day 2 of brigatinib: a mild cough is urgent (early pulmonary events), and so is the fever.
            Assert.True(await db.SymptomAlerts.AnyAsync(a => a.CheckInId == c.Id && a.RuleId == "brigatinib-early-breathing" && a.Level == "urgent" && a.Heading == "Cough: mild"));
            Assert.True(await db.SymptomAlerts.AnyAsync(a => a.CheckInId == c.Id && a.RuleId == "fever" && a.Level == "urgent" && a.Heading == "Fever: yes"));
        }
        Assert.Contains("Call your care team now", (await p.Client.GetDocumentAsync(result)).QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_step_posted_for_the_old_medicines_questions_is_not_saved_and_the_draft_follows_the_new_one()
    {
        var p = await NewPatientAsync(w.App, "crizotinib", daysOnDrug: 90);
        await StartAsync(p.Client, p.RecordId);
        var doc = await p.Client.GetDocumentAsync(CheckinUrl(p.RecordId));
        var fields = Answer(doc, Only((Pain, 1)));
        var token = doc.QuerySelector("form.checkin-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var hidden = doc.QuerySelectorAll("form.checkin-form input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!)).ToList();

        await SwitchDrugAsync(p.RecordId, "lorlatinib", daysAgo: 1);

        var r = await p.Client.PostAsync(CheckinUrl(p.RecordId), new FormUrlEncodedContent([.. hidden.Where(h => h.Key != "__RequestVerificationToken"), new("__RequestVerificationToken", token), .. fields, new("Go", "next")]));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var page = await p.Client.GetDocumentAsync(r.Headers.Location!.OriginalString);
        Assert.Contains("was not saved", page.QuerySelector("main")!.TextContent);
        var db = Db(out var scope);
        using (scope)
        {
            var draft = await db.CheckIns.Include(c => c.Answers).SingleAsync(x => x.RecordId == p.RecordId);
            Assert.Equal(("lorlatinib", 0), (draft.Drug, draft.Step));
            Assert.Empty(draft.Answers);
            Assert.Contains("Problems with memory", CheckInFlow.Terms(draft));
        }
    }

    [Fact]
    public async Task An_urgent_alert_whose_action_text_is_missing_still_says_what_to_do_now()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var db = Db(out var scope);
        using (scope)
        {
            var c = new CheckIn { RecordId = p.RecordId, Status = CheckInStatus.Submitted, SubmittedUtc = DateTime.UtcNow, EnteredById = p.UserId, EnteredByEmail = p.Email, Items = "Chest pain" };
            db.CheckIns.Add(c);
            db.SymptomAlerts.Add(new SymptomAlert
            {
                RecordId = p.RecordId, CheckInId = c.Id, RuleId = "chest-pain", Level = AlertLevels.Urgent, Message = "Chest pain must be checked.",
                Action = "", Basis = "CTCAE", Term = "Chest pain", Score = 1, Change = "new",
            });
            await db.SaveChangesAsync();
        }
        foreach (var url in new[] { $"/record/{p.RecordId}/symptoms/alerts", $"/record/{p.RecordId}/symptoms" })
        {
            var action = (await p.Client.GetDocumentAsync(url)).QuerySelector(".symptom-alert .alert-action")?.TextContent ?? "";
            Assert.Contains("What to do now", action);
            Assert.Contains("call emergency services", action);
        }
    }
}

/// <summary>Every change to a check-in is audited, including each saved step of a draft.</summary>
[DatabaseTests]
public class CheckInAuditWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    [Fact]
    public async Task Saving_a_step_of_a_draft_is_audited_with_who_saved_it()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var (carer, email) = await NewCaregiverAsync(w.App, p, AccessLevels.Contribute);
        await StartAsync(p.Client, p.RecordId);
        var doc = await carer.GetDocumentAsync(CheckinUrl(p.RecordId));
        Assert.Equal(HttpStatusCode.Redirect, (await carer.SubmitAsync(CheckinUrl(p.RecordId), [.. Answer(doc, Only(("Pain", 1))), new("Go", "later")])).StatusCode);

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var entry = await db.AuditEntries.SingleAsync(a => a.RecordId == p.RecordId && a.What == "check-in draft" && a.Action == "update");
        Assert.Equal(email, entry.ActorEmail);
        Assert.Contains("step 1 of", entry.Detail);
        Assert.Contains("on the patient's behalf", entry.Detail);
    }
}

/// <summary>The overview never stays silent while an urgent symptom is still present at the latest check-in.</summary>
[DatabaseTests]
public class SymptomsOverviewWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    [Fact]
    public async Task An_urgent_symptom_still_present_after_its_first_alert_was_acknowledged_stays_on_the_overview_with_what_to_do()
    {
        var p = await NewPatientAsync(w.App, "lorlatinib");
        await CheckInAsync(p.Client, p.RecordId, Only(("Shortness of breath", 3)));
        var second = await CheckInAsync(p.Client, p.RecordId, Only(("Shortness of breath", 3)));
        // Before acknowledging: one card for the symptom, not two.
        var before = await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms");
        Assert.Single(before.QuerySelectorAll(".open-alerts .symptom-alert"));

        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var first = await db.SymptomAlerts.SingleAsync(a => a.RecordId == p.RecordId && a.Change == "new");
            first.AcknowledgedUtc = DateTime.UtcNow;
            first.AcknowledgedByEmail = p.Email;
            await db.SaveChangesAsync();
        }

        var overview = await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms");
        var open = overview.QuerySelector(".open-alerts");
        Assert.NotNull(open);
        Assert.Single(open!.QuerySelectorAll(".symptom-alert"));
        Assert.Contains("emergency services", open.QuerySelector(".alert-action")!.TextContent);
        Assert.Contains(second, open.InnerHtml);
    }
}

/// <summary>Starting a check-in many times at once (two tabs, double clicks) leaves one draft.</summary>
[DatabaseTests]
public class CheckInStartRaceWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    [Fact]
    public async Task Many_starts_at_the_same_moment_leave_exactly_one_draft()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var home = await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms");
        var token = home.QuerySelector("form.checkin-start input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var url = $"/record/{p.RecordId}/symptoms/checkin?handler=Start";
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            p.Client.PostAsync(url, new FormUrlEncodedContent([new KeyValuePair<string, string>("__RequestVerificationToken", token)]))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.CheckIns.CountAsync(c => c.RecordId == p.RecordId && c.Status == CheckInStatus.Draft));
    }
}
