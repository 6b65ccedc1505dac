using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Visit;

/// <summary>
/// The "Questions for my visit" page on the real host and database: the computed questions with why, source and Learn link,
/// an open alert first, and the patient's own list (add, reorder, tick off with an answer, delete); a view-only caregiver reads.
/// </summary>
[DatabaseTests]
public class VisitWebTests(RecordWorld w) : IClassFixture<RecordWorld>
{
    private string Page => $"/record/{w.RecordId}/questions";

    [Fact]
    public async Task The_page_shows_the_record_questions_with_why_source_and_learn_link_and_is_linked_from_the_record()
    {
        var doc = await w.Clients["owner"].GetDocumentAsync(Page);
        var items = doc.QuerySelectorAll("ol.visit-questions > li").ToList();
        Assert.NotEmpty(items);
        var text = string.Join("\n", items.Select(i => i.TextContent));
        // The world's record: on alectinib, progression in the liver, ALK G1202R, active brain metastases, no ALK specialist.
        Assert.Contains("Is lorlatinib an option for me next", text);
        Assert.Contains("row G1202R", text);
        Assert.Contains("brain MRI", text);
        Assert.Contains("second opinion", text);
        Assert.Contains(items, i => i.QuerySelector("a[href='/learn/resistance#resistance-mutations-and-which-medicines-still-work']") is not null);
        Assert.Contains("Lin JJ, Riely GJ, Shaw AT", text); // the source's title, not its key

        var overview = await w.Clients["owner"].GetDocumentAsync($"/record/{w.RecordId}");
        Assert.NotNull(overview.QuerySelector($"nav a[href='{Page}']"));
        Assert.NotNull(overview.QuerySelector($"main a[href='{Page}'], a[href='{Page}']"));
    }

    [Fact]
    public async Task An_open_urgent_alert_comes_first_with_call_now()
    {
        using (var scope = w.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var checkIn = new CheckIn { RecordId = w.RecordId, Status = CheckInStatus.Submitted, SubmittedUtc = DateTime.UtcNow, EnteredById = "test", EnteredByEmail = "owner@example.org" };
            db.CheckIns.Add(checkIn);
            db.SymptomAlerts.Add(new SymptomAlert
            {
                RecordId = w.RecordId, CheckInId = checkIn.Id, RuleId = Triage.Rules.First(r => r.Level == AlertLevels.Urgent).Id, Level = AlertLevels.Urgent,
                Message = "m", Action = "Call your care team now.", Basis = "b", Term = "Chest pain", Heading = "Chest pain: severe",
            });
            await db.SaveChangesAsync();
        }
        var doc = await w.Clients["caregiver-view"].GetDocumentAsync(Page);
        var first = doc.QuerySelector("ol.visit-questions > li")!.TextContent;
        Assert.Contains("Urgent: Chest pain: severe", first);
        Assert.Contains("Call your care team now", first);
    }

    [Fact]
    public async Task The_patient_adds_reorders_ticks_off_answers_and_deletes_their_own_questions()
    {
        var owner = w.Clients["owner"];
        foreach (var q in new[] { "How long will I take this medicine?", "Can I travel in March?", "Who do I call at night?" })
        {
            var r = await owner.SubmitAsync(Page, [new("Input.Text", q)], "handler=Add");
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        async Task<List<AlkNavigator.Features.Visit.OwnQuestion>> Own()
        {
            using var scope = w.App.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return await db.OwnQuestions.Where(q => q.RecordId == w.RecordId && q.Text.Contains("?") && !q.Text.StartsWith("for ") && !q.Text.StartsWith("Question from"))
                .OrderBy(q => q.Position).ToListAsync();
        }
        var list = await Own();
        Assert.Equal(["How long will I take this medicine?", "Can I travel in March?", "Who do I call at night?"], list.Select(q => q.Text));

        // The page offers the forms: move up/down, save, delete, each with the question's id.
        var page = await owner.GetDocumentAsync(Page);
        Assert.Contains(page.QuerySelectorAll("form").Select(f => f.GetAttribute("action") ?? ""), a => a.Contains("handler=Move") && a.Contains($"id={list[2].Id}") && a.Contains("direction=up"));
        Assert.Contains(page.QuerySelectorAll("form").Select(f => f.GetAttribute("action") ?? ""), a => a.Contains("handler=Save") && a.Contains($"id={list[0].Id}"));

        // Move the third up: it swaps with the second.
        var third = list[2];
        Assert.Equal(HttpStatusCode.Redirect, (await w.PostAsync("owner", $"{Page}?handler=Move&id={third.Id}&direction=up", [])).StatusCode);
        Assert.Equal(["How long will I take this medicine?", "Who do I call at night?", "Can I travel in March?"], (await Own()).Select(q => q.Text));

        // Tick off the first, with the answer from the visit.
        var first = (await Own())[0];
        var saved = await w.PostAsync("owner", $"{Page}?handler=Save&id={first.Id}", [new("version", first.Version.ToString()), new("done", "true"), new("answer", "Two years, then we review.")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        first = (await Own())[0];
        Assert.True(first.Done);
        Assert.Equal("Two years, then we review.", first.Answer);

        // A save with an old version is refused and says so.
        var stale = await w.PostAsync("owner", $"{Page}?handler=Save&id={first.Id}", [new("version", Guid.NewGuid().ToString()), new("answer", "overwritten")]);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else changed this", await stale.Content.ReadAsStringAsync());
        Assert.Equal("Two years, then we review.", (await Own())[0].Answer);

        // Delete the last.
        var last = (await Own())[2];
        Assert.Equal(HttpStatusCode.Redirect, (await w.PostAsync("owner", $"{Page}?handler=Delete&id={last.Id}", [new("version", last.Version.ToString())])).StatusCode);
        Assert.Equal(2, (await Own()).Count);

        // A view-only caregiver reads the list and the answer, with no forms to change it.
        var doc = await w.Clients["caregiver-view"].GetDocumentAsync(Page);
        Assert.Contains("Two years, then we review.", doc.QuerySelector("ol.own-questions")!.TextContent);
        Assert.Empty(doc.QuerySelectorAll("form[action*='questions']"));

        // An empty question is refused with a message.
        var empty = await owner.SubmitAsync(Page, [new("Input.Text", "  ")], "handler=Add");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Write the question.", await empty.Content.ReadAsStringAsync());
    }
}
