using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

/// <summary>
/// Issue 11, item 9: the anonymous calendar feed is private by default (neutral titles, no reasons: no diagnosis, no drug,
/// not even the product's name), and detailed only after the patient chose it on the settings page.
/// </summary>
[DatabaseTests]
public class PrivateFeedTests(FeedsApp fixture) : IClassFixture<FeedsApp>
{
    private TestApp App => fixture.App;

    /// <summary>Every word that would tell a reader of the calendar the diagnosis or the drug.</summary>
    private static IEnumerable<string> Revealing =>
        AlkDrugs.All.SelectMany(d => d.Names).Concat(["brain", "metast", "ALK", "cancer", "tumour", "tumor", "oncolog"]);

    private async Task<(Guid Rid, HttpClient Owner)> PatientWithRevealingItemsAsync()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            MonitoringItem Planned(string kind, string title, string reason, int days) => new()
            {
                RecordId = rid, Kind = kind, Title = title, Due = today.AddDays(days), Reason = reason, Source = "alecensa-label",
                Origin = ItemOrigin.Plan, PlanKey = $"{kind}/test/{days}",
            };
            db.MonitoringItems.AddRange(
                Planned("brain-mri", "Brain MRI", "Brain metastases were found: an MRI of the brain every 3 months while on alectinib (Alecensa).", 10),
                Planned("lab:liver", "Liver blood tests", "Alectinib can affect the liver (label).", 20),
                Planned("lab:cpk", "CPK blood test (muscle enzyme)", "Lorbrena / lorlatinib: CPK.", 25),
                Planned("visit", "Clinic visit", "Oncology review of the ALK-positive lung cancer.", 30),
                Planned("ecg", "ECG (heart tracing)", "Crizotinib (Xalkori) can slow the heart.", 35),
                new MonitoringItem
                {
                    RecordId = rid, Kind = "visit", Title = "Brigatinib (Alunbrig) review at the ALK cancer clinic", Due = today.AddDays(40),
                    Reason = "Hand-typed: brain metastases follow-up, NVL-655 trial screening", Source = "care team", Origin = ItemOrigin.User,
                });
            await db.SaveChangesAsync();
        }
        return (rid, await FeedsTestData.LoginAsync(App, email));
    }

    private static async Task<string> NewFeedUrlAsync(HttpClient owner, Guid rid)
    {
        var r = await owner.SubmitAsync($"/record/{rid}/schedule/settings", [], formAction: "handler=CreateLink");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return Forms.Parse(await r.Content.ReadAsStringAsync()).QuerySelector("#feed-url")!.GetAttribute("value")!;
    }

    private async Task<string> FeedAsync(string url)
    {
        using var anon = App.CreateClient();
        var r = await anon.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(r.Headers.CacheControl?.NoStore == true, r.Headers.CacheControl?.ToString());
        return await r.Content.ReadAsStringAsync();
    }

    /// <summary>The feed without its UID lines (random hex ids could contain a short drug code such as "AF802" by chance).</summary>
    private static string Readable(string ics) =>
        string.Join("\n", ics.Replace("\r\n ", "").Split("\r\n").Where(l => !l.StartsWith("UID:", StringComparison.Ordinal)));

    [Fact]
    public async Task The_default_feed_names_no_drug_no_diagnosis_and_not_the_product()
    {
        var (rid, owner) = await PatientWithRevealingItemsAsync();
        var settingsPage = await owner.GetStringAsync($"/record/{rid}/schedule/settings");
        Assert.Contains("Private", settingsPage);

        var ics = await FeedAsync(await NewFeedUrlAsync(owner, rid));
        var text = Readable(ics);
        foreach (var word in Revealing)
            Assert.False(text.Contains(word, StringComparison.OrdinalIgnoreCase), $"the private feed contains \"{word}\":\n{text}");

        var calendar = Ical.Net.Calendar.Load(ics)!;
        var summaries = calendar.Events.OrderBy(e => e.DtStart!.Date).Select(e => e.Summary).ToList();
        Assert.Equal(["Scan", "Blood test", "Blood test", "Clinic visit", "Check-up", "Appointment"], summaries);
        Assert.All(calendar.Events, e => Assert.True(string.IsNullOrEmpty(e.Description), e.Description));
        Assert.NotEmpty(calendar.Events.OrderBy(e => e.DtStart!.Date).First().Alarms!);

        // The signed-in download stays detailed.
        var download = await owner.GetStringAsync($"/record/{rid}/schedule/calendar.ics");
        Assert.Contains("Brain MRI", download);
    }

    [Fact]
    public async Task Detailed_mode_names_them_after_the_patient_opts_in_and_private_again_after_opting_out()
    {
        var (rid, owner) = await PatientWithRevealingItemsAsync();
        var url = await NewFeedUrlAsync(owner, rid);

        var opt = await owner.SubmitAsync($"/record/{rid}/schedule/settings", [new("content", "detailed")], formAction: "handler=FeedContent");
        Assert.Equal(HttpStatusCode.Redirect, opt.StatusCode);
        var page = await owner.GetStringAsync($"/record/{rid}/schedule/settings");
        Assert.Contains("can tell the diagnosis and the drug", System.Net.WebUtility.HtmlDecode(page));

        var text = Readable(await FeedAsync(url));
        foreach (var word in new[] { "Brain MRI", "Brain metastases", "alectinib", "Alecensa", "Lorbrena", "Xalkori", "Brigatinib (Alunbrig) review at the ALK cancer clinic" })
            Assert.Contains(word, text);

        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.True((await db.ScheduleSettings.SingleAsync(s => s.RecordId == rid)).FeedDetailed);
            Assert.Contains(await db.AuditEntries.Where(a => a.RecordId == rid).ToListAsync(), a => a.Detail!.Contains("set to detailed"));
        }

        await owner.SubmitAsync($"/record/{rid}/schedule/settings", [new("content", "private")], formAction: "handler=FeedContent");
        var again = Readable(await FeedAsync(url));
        Assert.DoesNotContain("Brain", again, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_view_only_caregiver_cannot_change_what_the_feed_shows()
    {
        var (rid, _) = await PatientWithRevealingItemsAsync();
        var (viewer, _) = await FeedsTestData.CaregiverAsync(App, rid, AccessLevels.View);
        var page = await viewer.GetDocumentAsync($"/record/{rid}/schedule/settings");
        Assert.DoesNotContain(page.Forms, f => (f.GetAttribute("action") ?? "").Contains("FeedContent", StringComparison.OrdinalIgnoreCase));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var r = await viewer.PostAsync($"/record/{rid}/schedule/settings?handler=FeedContent",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("content", "detailed")]));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("/account/accessdenied", r.Headers.Location!.ToString());
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False((await db.ScheduleSettings.SingleAsync(s => s.RecordId == rid)).FeedDetailed);
    }
}
