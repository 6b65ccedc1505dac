using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Record;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using static AlkNavigator.Tests.Symptoms.CheckInDriver;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>
/// How alerts are shown (issue 10): every alert named on every page and in the API, open urgent and contact alerts at the top
/// of the record overview and the home page for the patient and every caregiver with the care team's phone, "My care team knows",
/// and a result page that never says nothing needs action when a safety question was not asked. Alerts are inserted directly.
/// </summary>
[DatabaseTests]
public class AlertDisplayWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private const string Breathless = "Shortness of breath: severe";

    private sealed record Seeded(Guid CheckInId, SymptomAlert Urgent, SymptomAlert Fallback, SymptomAlert NextVisit, SymptomAlert Acknowledged, SymptomAlert Measurement);

    /// <summary>
    /// A submitted check-in with: an urgent alert with a stored heading, a contact alert without one (Nausea severity 3, named by the
    /// fallback), a contact measurement alert without a term, a next-visit alert (not in the box) and an acknowledged contact alert.
    /// </summary>
    private async Task<Seeded> SeedAsync(Guid rid, string email, DateTime? createdUtc = null)
    {
        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var at = createdUtc ?? DateTime.UtcNow.AddHours(-1);
        var c = new CheckIn
        {
            RecordId = rid, Status = CheckInStatus.Submitted, SubmittedUtc = at, StartedUtc = at.AddMinutes(-5), EnteredById = "x", EnteredByEmail = email,
            Items = "Shortness of breath|Nausea|Constipation|Chest pain|Fever|Seeing or hearing things that are not there|Thoughts of harming yourself|Sudden loss of vision",
            HeartRate = 45,
        };
        c.Answers.AddRange([
            new CheckInAnswer { Term = "Shortness of breath", Attribute = "severity", Value = 3 },
            new CheckInAnswer { Term = "Shortness of breath", Attribute = "interference", Value = 2 },
            new CheckInAnswer { Term = "Nausea", Attribute = "frequency", Value = 2 },
            new CheckInAnswer { Term = "Nausea", Attribute = "severity", Value = 3 },
            new CheckInAnswer { Term = "Constipation", Attribute = "severity", Value = 2 },
            new CheckInAnswer { Term = "Chest pain", Attribute = "presence", Value = 0 },
            new CheckInAnswer { Term = "Fever", Attribute = "presence", Value = 0 },
            new CheckInAnswer { Term = "Seeing or hearing things that are not there", Attribute = "presence", Value = 0 },
            new CheckInAnswer { Term = "Thoughts of harming yourself", Attribute = "presence", Value = 0 },
            new CheckInAnswer { Term = "Sudden loss of vision", Attribute = "presence", Value = 0 },
        ]);
        db.CheckIns.Add(c);
        SymptomAlert Alert(string rule, string level, string? term, int score, string? heading, string action = "Do the thing the rule says.") => new()
        {
            RecordId = rid, CheckInId = c.Id, RuleId = rule, Level = level, Term = term, Score = score, Heading = heading, Change = "new",
            Message = "You rated a symptom.", Action = action, Basis = "basis", CreatedUtc = at,
        };
        var seeded = new Seeded(c.Id,
            Alert("breathless-severe", AlertLevels.Urgent, "Shortness of breath", 3, Breathless, "Call your care team now."),
            Alert("nausea-severe", AlertLevels.Contact, "Nausea", 3, null),
            Alert("moderate-any", AlertLevels.NextVisit, "Constipation", 2, "Constipation: moderate"),
            Alert("cough-severe", AlertLevels.Contact, "Cough", 3, "Cough: severe"),
            Alert("heart-rate", AlertLevels.Contact, null, 1, null));
        seeded.Acknowledged.AcknowledgedUtc = at.AddMinutes(10);
        seeded.Acknowledged.AcknowledgedByEmail = email;
        db.SymptomAlerts.AddRange(seeded.Urgent, seeded.Fallback, seeded.NextVisit, seeded.Acknowledged, seeded.Measurement);
        await db.SaveChangesAsync();
        return seeded;
    }

    private static IElement? Box(IDocument doc) => doc.QuerySelector("main section.open-alert-box[role=region]");

    private static List<string> BoxHeadings(IDocument doc) =>
        Box(doc)?.QuerySelectorAll(".open-alert h3").Select(h => h.TextContent.Trim()).ToList() ?? [];

    [Fact]
    public async Task Open_urgent_and_contact_alerts_are_at_the_top_of_the_overview_and_home_page_for_the_patient_and_every_caregiver_only()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var (viewer, _) = await NewCaregiverAsync(w.App, p, AccessLevels.View);
        var (contributor, _) = await NewCaregiverAsync(w.App, p, AccessLevels.Contribute);
        var other = await NewPatientAsync(w.App, "lorlatinib");
        var s = await SeedAsync(p.RecordId, p.Email);

        foreach (var (who, client) in new[] { ("patient", p.Client), ("viewer", viewer), ("contributor", contributor) })
        {
            foreach (var url in new[] { $"/record/{p.RecordId}", "/" })
            {
                var doc = await client.GetDocumentAsync(url);
                var box = Box(doc);
                Assert.True(box is not null, $"{who} {url}: no alert box");
                // Labelled region, at the top of the page's content (before the page's own heading).
                var title = doc.GetElementById(box!.GetAttribute("aria-labelledby")!);
                Assert.Contains("Urgent", title!.TextContent);
                var main = doc.QuerySelector("main")!.InnerHtml;
                Assert.True(main.IndexOf("open-alert-box", StringComparison.Ordinal) < main.IndexOf("<h1", StringComparison.Ordinal), $"{who} {url}: box is not above the h1");

                var headings = BoxHeadings(doc);
                Assert.Equal(["Heart rate", "Nausea: severe", Breathless], headings.Order(StringComparer.Ordinal).ToList());
                Assert.Equal(Breathless, headings[0]); // urgent first
                Assert.DoesNotContain("Constipation: moderate", box.TextContent); // next-visit: not in the box
                Assert.DoesNotContain("Cough: severe", box.TextContent);          // acknowledged: not in the box
                var urgent = box.QuerySelectorAll(".open-alert")[0];
                Assert.Contains(AlertLevels.Label(AlertLevels.Urgent), urgent.TextContent);
                Assert.Contains("Call your care team now.", urgent.QuerySelector(".alert-action")!.TextContent);
                Assert.NotNull(urgent.QuerySelector("time[datetime]"));
                Assert.Contains(AlertLevels.Label(AlertLevels.Contact), box.QuerySelectorAll(".open-alert")[1].TextContent);
                Assert.Equal("tel:+15550100", box.QuerySelector(".open-alert-contacts a[href^='tel:']")?.GetAttribute("href"));
                Assert.Contains("+1 555 0100", box.QuerySelector(".open-alert-contacts")!.TextContent);
                var buttons = box.QuerySelectorAll("button").Where(b => b.TextContent.Contains("My care team knows")).Count();
                Assert.Equal(who == "viewer" ? 0 : 3, buttons);
            }
        }

        // A caregiver's home page names whose record it is.
        Assert.Contains("Pat Example", Box(await viewer.GetDocumentAsync("/"))!.QuerySelector("h2")!.TextContent);
        // Other accounts: no box at home, and the record is not theirs to open.
        Assert.Null(Box(await other.Client.GetDocumentAsync("/")));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/record/{p.RecordId}")).StatusCode);
        Assert.Null(Box(await w.Clients["navigator"].GetDocumentAsync("/")));
        Assert.Null(Box(await w.Clients["anonymous"].GetDocumentAsync("/")));
        _ = s;
    }

    [Fact]
    public async Task Without_a_recorded_phone_the_box_says_so_and_links_to_the_care_team_page()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var m in await db.CareTeam.Where(m => m.RecordId == p.RecordId).ToListAsync()) m.Phone = null;
            db.CareTeam.Add(new CareTeamMember { RecordId = p.RecordId, Role = "caregiver", Name = "My sister", Phone = "+44 7700 900123" }); // family, not the care team
            await db.SaveChangesAsync();
        }
        await SeedAsync(p.RecordId, p.Email);
        var box = Box(await p.Client.GetDocumentAsync($"/record/{p.RecordId}"))!;
        Assert.Null(box.QuerySelector("a[href^='tel:']"));
        Assert.Contains("No phone number for the care team is recorded", box.QuerySelector(".no-care-phone")!.TextContent);
        Assert.NotNull(box.QuerySelector($"a[href='/record/{p.RecordId}/careteam']"));
    }

    [Fact]
    public async Task My_care_team_knows_removes_the_alert_from_the_box_and_writes_an_audit_row()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var (contributor, carerEmail) = await NewCaregiverAsync(w.App, p, AccessLevels.Contribute);
        var s = await SeedAsync(p.RecordId, p.Email);

        // From the overview, as a caregiver: back to the overview, the urgent alert gone, the others still there.
        var r = await contributor.SubmitAsync($"/record/{p.RecordId}", [new("alertId", s.Urgent.Id.ToString()), new("version", s.Urgent.Version.ToString())], formAction: "handler=Acknowledge");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal($"/record/{p.RecordId}", r.Headers.Location!.OriginalString);
        var doc = await contributor.GetDocumentAsync($"/record/{p.RecordId}");
        Assert.DoesNotContain(Breathless, BoxHeadings(doc));
        Assert.Contains("Nausea: severe", BoxHeadings(doc));
        Assert.Contains("care team knows", doc.QuerySelector("main")!.TextContent);

        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var alert = await db.SymptomAlerts.AsNoTracking().SingleAsync(a => a.Id == s.Urgent.Id);
            Assert.NotNull(alert.AcknowledgedUtc);
            Assert.Equal(carerEmail, alert.AcknowledgedByEmail);
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.RecordId == p.RecordId && e.ItemId == s.Urgent.Id.ToString());
            Assert.Equal(("update", "symptom alert", carerEmail), (audit.Action, audit.What, audit.ActorEmail));
            Assert.Contains(Breathless, audit.Detail);
        }

        // From the home page, as the patient: back home; when none is left the box is gone everywhere.
        foreach (var a in new[] { s.Fallback, s.Measurement })
        {
            var home = await p.Client.SubmitAsync("/", [new("alertId", a.Id.ToString()), new("version", a.Version.ToString())], formAction: "handler=Acknowledge");
            Assert.Equal("/", home.Headers.Location!.OriginalString);
        }
        Assert.Null(Box(await p.Client.GetDocumentAsync("/")));
        Assert.Null(Box(await p.Client.GetDocumentAsync($"/record/{p.RecordId}")));
        Assert.Null(Box(await contributor.GetDocumentAsync("/")));
    }

    [Fact]
    public async Task Confirming_needs_the_anti_forgery_token_contribute_access_and_the_current_version()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var (viewer, _) = await NewCaregiverAsync(w.App, p, AccessLevels.View);
        var s = await SeedAsync(p.RecordId, p.Email);
        var url = $"/record/{p.RecordId}/symptoms/alerts?handler=Acknowledge";
        KeyValuePair<string, string>[] fields = [new("alertId", s.Urgent.Id.ToString()), new("version", s.Urgent.Version.ToString()), new("returnUrl", $"/record/{p.RecordId}")];

        // No token: refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await p.Client.PostAsync(url, new FormUrlEncodedContent(fields))).StatusCode);
        // A view-only caregiver, with a valid token of their own: refused.
        var token = (await viewer.GetDocumentAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal("forbidden", RecordWorld.Outcome(await viewer.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]))));
        // An old version: refused with a message, nothing saved.
        var stale = await p.Client.SubmitAsync($"/record/{p.RecordId}", [new("alertId", s.Urgent.Id.ToString()), new("version", Guid.NewGuid().ToString())], formAction: "handler=Acknowledge");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains(Concurrency.ConflictLead, await stale.Content.ReadAsStringAsync());
        // A return address elsewhere is ignored.
        var offsite = await p.Client.SubmitAsync($"/record/{p.RecordId}", [new("alertId", s.Fallback.Id.ToString()), new("version", s.Fallback.Version.ToString()), new("returnUrl", "https://evil.example/")], formAction: "handler=Acknowledge");
        Assert.Equal($"/record/{p.RecordId}/symptoms/alerts", offsite.Headers.Location!.OriginalString);

        using var scope = w.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Null((await db.SymptomAlerts.AsNoTracking().SingleAsync(a => a.Id == s.Urgent.Id)).AcknowledgedUtc);
        Assert.NotNull((await db.SymptomAlerts.AsNoTracking().SingleAsync(a => a.Id == s.Fallback.Id)).AcknowledgedUtc);
    }

    [Fact]
    public async Task Every_alert_is_named_on_the_result_page_the_alerts_page_the_summary_and_in_the_api()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var s = await SeedAsync(p.RecordId, p.Email);

        var result = (await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms/checkins/{s.CheckInId}")).QuerySelector("main")!;
        var resultHeadings = result.QuerySelectorAll(".symptom-alert .alert-heading").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains(Breathless, resultHeadings);
        Assert.Contains("Nausea: severe", resultHeadings); // from the check-in's answers: severity 3, not frequency
        Assert.Contains("Heart rate", resultHeadings);

        var alerts = (await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms/alerts")).QuerySelector("main")!;
        var alertHeadings = alerts.QuerySelectorAll(".symptom-alert h2.alert-heading").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(5, alertHeadings.Count);
        Assert.Contains("Cough: severe", alertHeadings);
        Assert.Contains(alertHeadings, h => h.StartsWith("Nausea:", StringComparison.Ordinal) && h.Contains("severe", StringComparison.Ordinal));

        var summary = (await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms/summary")).QuerySelector("main")!;
        var summaryHeadings = summary.QuerySelectorAll(".summary-alert-heading").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains(Breathless, summaryHeadings);
        Assert.Contains("Heart rate", summaryHeadings);
        Assert.Contains(summaryHeadings, h => h.StartsWith("Nausea:", StringComparison.Ordinal));
        Assert.Contains(AlertLevels.Label(AlertLevels.Urgent), summary.TextContent);

        var api = await p.Client.GetFromJsonAsync<JsonElement>($"/api/records/{p.RecordId}/symptoms/alerts");
        var items = api.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetGuid());
        Assert.Equal(Breathless, items[s.Urgent.Id].GetProperty("heading").GetString());
        Assert.Equal("Shortness of breath", items[s.Urgent.Id].GetProperty("symptom").GetString());
        Assert.False(items[s.Urgent.Id].GetProperty("careTeamKnows").GetBoolean());
        Assert.True(items[s.Acknowledged.Id].GetProperty("careTeamKnows").GetBoolean());
        Assert.Equal("Heart rate", items[s.Measurement.Id].GetProperty("heading").GetString());
        Assert.Equal("Heart rate", items[s.Measurement.Id].GetProperty("symptom").GetString());
        Assert.StartsWith("Nausea:", items[s.Fallback.Id].GetProperty("heading").GetString());
        Assert.Equal(AlertLevels.Label(AlertLevels.Contact), items[s.Fallback.Id].GetProperty("levelLabel").GetString());
        Assert.All(items.Values, a => Assert.DoesNotContain("a symptom", a.GetProperty("heading").GetString()!, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_result_page_lists_safety_questions_not_asked_or_not_answered_and_never_says_nothing_needs_action()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        Guid complete, partial;
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var at = DateTime.UtcNow.AddHours(-2);
            var drugStart = DateOnly.FromDateTime(at).AddDays(-60);
            var asked = Questionnaire.For(new SymptomContext("alectinib", drugStart, DateOnly.FromDateTime(at))).Select(q => q.Item).ToList();
            CheckIn Make(IEnumerable<ProItem> items, Func<ProItem, bool> answered) => new()
            {
                RecordId = p.RecordId, Status = CheckInStatus.Submitted, SubmittedUtc = at, StartedUtc = at.AddMinutes(-5), EnteredById = p.UserId, EnteredByEmail = p.Email,
                Drug = "alectinib", DrugStart = drugStart, Items = string.Join('|', items.Select(i => i.Term)),
                Answers = items.Where(answered).SelectMany(i => i.Attributes.Select(attr => new CheckInAnswer { Term = i.Term, Attribute = attr, Value = 0 })).ToList(),
            };
            // Everything asked and answered "no".
            var all = Make(asked, _ => true);
            // Chest pain not asked (an older check-in), fever asked but not answered.
            var some = Make(asked.Where(i => i.Term != "Chest pain"), i => i.Term != "Fever");
            db.CheckIns.AddRange(all, some);
            await db.SaveChangesAsync();
            (complete, partial) = (all.Id, some.Id);
        }

        var ok = (await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms/checkins/{complete}")).QuerySelector("main")!;
        Assert.NotNull(ok.QuerySelector(".nothing-to-do"));
        Assert.Null(ok.QuerySelector(".missing-safety"));

        var page = (await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms/checkins/{partial}")).QuerySelector("main")!;
        Assert.Null(page.QuerySelector(".nothing-to-do"));
        Assert.DoesNotContain("needs action now", page.TextContent);
        var missing = page.QuerySelector("section.missing-safety[role=region]")!;
        var listed = missing.QuerySelectorAll(".missing-safety-list li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, listed.Count);
        Assert.Contains(listed, l => l.Contains("Chest pain") && l.Contains("not asked"));
        Assert.Contains(listed, l => l.Contains("Fever") && l.Contains("not answered"));
        Assert.Contains("nothing can be concluded about them", missing.TextContent);
        Assert.Equal("tel:+15550100", missing.QuerySelector("a[href^='tel:']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task A_contact_symptom_still_present_keeps_its_advice_on_the_result_page_and_is_never_nothing_to_do()
    {
        var p = await NewPatientAsync(w.App, "alectinib");
        var s = await SeedAsync(p.RecordId, p.Email);
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var a in await db.SymptomAlerts.Where(a => a.CheckInId == s.CheckInId).ToListAsync())
                if (a.Id == s.Fallback.Id) a.Change = "ongoing";
                else db.SymptomAlerts.Remove(a);
            await db.SaveChangesAsync();
        }
        var main = (await p.Client.GetDocumentAsync($"/record/{p.RecordId}/symptoms/checkins/{s.CheckInId}")).QuerySelector("main")!;
        var card = main.QuerySelector(".symptom-alert.alert-level-contact")!;
        Assert.StartsWith("Nausea: severe", card.QuerySelector(".alert-heading")!.TextContent.Trim());
        Assert.Contains(AlertLevels.Label(AlertLevels.Contact), card.TextContent);
        Assert.Contains("What to do now", card.TextContent);
        Assert.Null(main.QuerySelector(".nothing-to-do"));
        Assert.Null(main.QuerySelector(".ongoing-list"));
        Assert.Equal("tel:+15550100", main.QuerySelector(".care-contacts a[href^='tel:']")?.GetAttribute("href"));
    }

    [Fact]
    public void An_alert_without_a_stored_heading_is_named_from_its_term_and_answer_or_its_measurement()
    {
        var nausea = new SymptomAlert { RuleId = "nausea-severe", Level = AlertLevels.Contact, Term = "Nausea", Score = 3 };
        Assert.Equal("Nausea: severe", AlertText.Heading(nausea, [new CheckInAnswer { Term = "Nausea", Attribute = "frequency", Value = 1 }, new CheckInAnswer { Term = "Nausea", Attribute = "severity", Value = 3 }]));
        var generic = new SymptomAlert { RuleId = "some-any-rule", Level = AlertLevels.Contact, Term = "Pain", Score = 4 };
        Assert.Equal("Pain: almost constantly", AlertText.Heading(generic, [new CheckInAnswer { Term = "Pain", Attribute = "frequency", Value = 4 }, new CheckInAnswer { Term = "Pain", Attribute = "severity", Value = 2 }]));
        // Without the answers, an ambiguous score names every reading it could be rather than guess one.
        Assert.Equal("Pain: almost constantly, very severe or very much", AlertText.Heading(generic));
        Assert.Equal("Chest pain: yes", AlertText.Heading(new SymptomAlert { RuleId = "chest-pain", Level = AlertLevels.Urgent, Term = "Chest pain", Score = 1 }));
        Assert.Equal("Heart rate", AlertText.Heading(new SymptomAlert { RuleId = "heart-rate", Level = AlertLevels.Contact, Score = 1 }));
        Assert.Equal("Oxygen saturation: 88 %", AlertText.Heading(new SymptomAlert { RuleId = "spo2-low", Level = AlertLevels.Urgent, Score = 1, Heading = "Oxygen saturation: 88 %" }));
        Assert.Equal("Several warning signs at once", AlertText.Heading(new SymptomAlert { RuleId = "multiple-contact", Level = AlertLevels.Urgent, Score = 2 }));
        // The fallback action is the level's label, never other wording.
        Assert.Equal(AlertLevels.Label(AlertLevels.Contact) + ".", AlertText.Action(new SymptomAlert { Level = AlertLevels.Contact }));
    }
}
