using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Tests.Schedule;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Record;

/// <summary>
/// Issue 14: a second ALK inhibitor saved as ongoing while another is ongoing is refused with a message under End, the typed
/// values kept and nothing saved; the form then offers to end the earlier line on the new line's start, in the same save.
/// </summary>
[DatabaseTests]
public class OngoingAlkLinesTests(FeedsApp fixture) : IClassFixture<FeedsApp>
{
    private TestApp App => fixture.App;

    private async Task<List<AlkNavigator.Features.Record.TreatmentLine>> LinesAsync(Guid rid)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Treatments.AsNoTracking()
            .Where(t => t.RecordId == rid).OrderBy(t => t.Start).ToListAsync();
    }

    private static Dictionary<string, string> Line(string agent, string start, string dose = "") =>
        new() { ["Input.Agent"] = agent, ["Input.Start"] = start, ["Input.Dose"] = dose };

    [Fact]
    public async Task Adding_a_second_ongoing_alk_inhibitor_asks_to_end_the_first_then_ends_it_on_the_new_start()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var url = $"/record/{rid}/treatments";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(url, Line("alectinib", "2025-01-10", "600 mg"))).StatusCode);

        var r = await owner.SubmitAsync(url, Line("lorlatinib", "2025-06-02", "100 mg"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        var error = doc.QuerySelector("#end-error")?.TextContent ?? "";
        Assert.Contains("alectinib (line 1", error);
        Assert.Contains("still ongoing", error);
        // What was typed is kept.
        Assert.Equal("lorlatinib", doc.QuerySelector("select[name='Input.Agent'] option[selected]")?.GetAttribute("value"));
        Assert.Equal("100 mg", doc.QuerySelector("[name='Input.Dose']")?.GetAttribute("value"));
        Assert.Equal("2025-06-02", doc.QuerySelector("[name='Input.Start']")?.GetAttribute("value"));
        // The offer: a second submit button, after the main one (Enter keeps adding), that ends line 1 on the new start.
        var buttons = doc.QuerySelectorAll("main form button[type=submit]").Select(b => (b.GetAttribute("name"), b.TextContent.Trim())).ToList();
        Assert.Equal("Add treatment", buttons[0].Item2);
        Assert.Contains(buttons, b => b.Item1 == "Input.EndPrevious" && b.Item2.Contains("End line 1 (alectinib) on") && b.Item2.Contains("2025"));
        Assert.Null((Assert.Single(await LinesAsync(rid))).End);

        var fields = Line("lorlatinib", "2025-06-02", "100 mg");
        fields["Input.EndPrevious"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(url, fields)).StatusCode);
        var lines = await LinesAsync(rid);
        Assert.Equal(["alectinib", "lorlatinib"], lines.Select(l => l.Agent));
        Assert.Equal(new DateOnly(2025, 6, 2), lines[0].End);
        Assert.Null(lines[1].End);
        Assert.Equal("600 mg", lines[0].Dose); // nothing else of the earlier line changed

        // Re-opening the earlier line (clearing its end) while the later one is ongoing is refused too, without the offer.
        var edit = $"/record/{rid}/treatments/{lines[0].Id}";
        r = await owner.SubmitAsync(edit, new Dictionary<string, string> { ["Input.End"] = "" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.Contains("lorlatinib (line 2", doc.QuerySelector("#end-error")?.TextContent ?? "");
        Assert.Null(doc.QuerySelector("button[name='Input.EndPrevious']"));
        Assert.Equal(new DateOnly(2025, 6, 2), (await LinesAsync(rid))[0].End);
    }

    [Fact]
    public async Task An_ended_alk_inhibitor_or_ongoing_chemotherapy_beside_an_ongoing_one_is_saved_as_before()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var url = $"/record/{rid}/treatments";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(url, Line("alectinib", "2025-01-10"))).StatusCode);
        var ended = Line("crizotinib", "2024-01-10");
        ended["Input.End"] = "2024-12-20";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(url, ended)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(url, Line("docetaxel", "2025-02-01"))).StatusCode);
        Assert.Equal(3, (await LinesAsync(rid)).Count);
        Assert.Null((await LinesAsync(rid)).Single(l => l.Agent == "alectinib").End);
    }
}
