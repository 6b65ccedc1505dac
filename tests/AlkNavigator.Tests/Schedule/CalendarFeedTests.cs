using System.Net;
using System.Security.Cryptography;
using System.Text;
using AlkNavigator.Data;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

public sealed class FeedsApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync(s => s["Schedule:Reminders:Enabled"] = "false");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The private calendar link: created, replaced and turned off on the settings page; the anonymous feed at
/// /calendar/{token}.ics parses as iCalendar with one event per item and names nobody; the one-off .ics download.
/// </summary>
[DatabaseTests]
public class CalendarFeedTests(FeedsApp fixture) : IClassFixture<FeedsApp>
{
    private TestApp App => fixture.App;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Settings(Guid rid) => $"/record/{rid}/schedule/settings";

    /// <summary>Creates (or replaces) the link through the page and returns the URL shown once.</summary>
    private static async Task<string> NewLinkAsync(HttpClient client, Guid rid, string handler = "CreateLink")
    {
        var r = await client.SubmitAsync(Settings(rid), [], formAction: "handler=" + handler);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("no-store", r.Headers.CacheControl?.ToString() ?? "");
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        var url = doc.QuerySelector("#feed-url")?.GetAttribute("value");
        Assert.NotNull(url);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/calendar/[A-Za-z0-9_-]{43}\.ics$", url);
        var webcal = doc.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).Single(h => h?.StartsWith("webcal://", StringComparison.Ordinal) == true);
        Assert.Equal("webcal://" + url["http://".Length..], webcal);
        var text = doc.Body!.TextContent;
        Assert.Contains("From URL", text);
        Assert.Contains("New Calendar Subscription", text);
        Assert.Contains("Subscribe from web", text);
        Assert.Contains("Anyone who has the link", text);
        return url;
    }

    private static string TokenOf(string url) => url[(url.LastIndexOf('/') + 1)..^".ics".Length];

    private async Task<HttpResponseMessage> AnonymousGet(string url)
    {
        using var anon = App.CreateClient();
        return await anon.GetAsync(new Uri(url).PathAndQuery);
    }

    [Fact]
    public async Task Feed_from_a_new_link_parses_with_one_event_per_item_in_range_with_date_summary_and_alarm()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, zone: "Europe/London", leadDays: 3);
        var planned = await FeedsTestData.ItemAsync(App.Services, rid, Today.AddDays(10), kind: "ct", title: "CT chest and body", reason: "Scans every 3 to 12 months.", source: "nccn-guide");
        var done = await FeedsTestData.ItemAsync(App.Services, rid, Today.AddDays(-30), ItemStatus.Done, title: "Liver tests (done)");
        var skipped = await FeedsTestData.ItemAsync(App.Services, rid, Today.AddDays(-5), ItemStatus.Skipped, kind: "lab:cpk", title: "CPK");
        await FeedsTestData.ItemAsync(App.Services, rid, Today.AddDays(-120), title: "Too old");
        await FeedsTestData.ItemAsync(App.Services, rid, Today.AddMonths(20), title: "Too far ahead");
        using var owner = await FeedsTestData.LoginAsync(App, email);

        var url = await NewLinkAsync(owner, rid);
        var token = TokenOf(url);
        // Titles and reasons are in the feed only when the patient chose the detailed feed (the default is private: PrivateFeedTests).
        var detailed = await owner.SubmitAsync(Settings(rid), [new("content", "detailed")], formAction: "handler=FeedContent");
        Assert.Equal(HttpStatusCode.Redirect, detailed.StatusCode);
        var settings = await FeedsTestData.SettingsAsync(App.Services, rid);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), settings!.FeedTokenHash);
        Assert.NotNull(settings.FeedCreatedUtc);

        // The token is shown once: the page does not show it again.
        var again = await owner.GetStringAsync(Settings(rid));
        Assert.DoesNotContain(token, again);
        Assert.Contains("A private link is on", again);

        var r = await AnonymousGet(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/calendar", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", r.Content.Headers.ContentType?.CharSet);
        Assert.True(r.Headers.CacheControl is { Private: true } or { NoStore: true }, r.Headers.CacheControl?.ToString());
        Assert.False(r.Headers.Contains("Set-Cookie"));
        var body = await r.Content.ReadAsStringAsync();

        var calendar = Ical.Net.Calendar.Load(body)!;
        var events = calendar.Events.OrderBy(e => e.DtStart!.Date).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal([done.Due, skipped.Due, planned.Due], events.Select(e => e.DtStart!.Date));
        Assert.All(events, e => Assert.False(e.DtStart!.HasTime));
        // A planned item's summary is its title; done and skipped ones may say so after it.
        Assert.StartsWith("Liver tests (done)", events[0].Summary);
        Assert.StartsWith("CPK", events[1].Summary);
        Assert.Equal("CT chest and body", events[2].Summary);
        Assert.Equal([done.Id + "@alknavigator", skipped.Id + "@alknavigator", planned.Id + "@alknavigator"], events.Select(e => e.Uid));
        Assert.NotEmpty(events[2].Alarms); // a planned item has an alarm (done and skipped ones need none)
        Assert.Contains("Scans every 3 to 12 months.", events[2].Description);

        // Nothing that identifies the patient.
        Assert.DoesNotContain(FeedsTestData.DisplayName, body);
        Assert.DoesNotContain("Feedsworth", body);
        Assert.DoesNotContain(email, body);
        Assert.DoesNotContain(rid.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(rid.ToString("N"), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("IVB", body);
        Assert.DoesNotContain("Too old", body);
        Assert.DoesNotContain("Too far ahead", body);
    }

    [Fact]
    public async Task Replacing_the_link_stops_the_old_one_and_turning_it_off_stops_the_feed()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        await FeedsTestData.ItemAsync(App.Services, rid, Today.AddDays(7));
        using var owner = await FeedsTestData.LoginAsync(App, email);

        var first = await NewLinkAsync(owner, rid);
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGet(first)).StatusCode);
        using (var anon = App.CreateClient())
        {
            var head = await anon.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(first).PathAndQuery));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal("text/calendar", head.Content.Headers.ContentType?.MediaType);
        }

        var second = await NewLinkAsync(owner, rid, "ReplaceLink");
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await AnonymousGet(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGet(second)).StatusCode);

        var off = await owner.SubmitAsync(Settings(rid), [], formAction: "handler=TurnOffLink");
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AnonymousGet(second)).StatusCode);
        Assert.Null((await FeedsTestData.SettingsAsync(App.Services, rid))!.FeedTokenHash);
        Assert.Contains("no private calendar link", await owner.GetStringAsync(Settings(rid)));

        var audit = (await FeedsTestData.AuditAsync(App.Services, rid)).Where(a => a.What == "calendar link").Select(a => a.Action).ToList();
        Assert.Equal(["create", "update", "delete"], audit);
    }

    [Fact]
    public async Task Unknown_and_malformed_tokens_are_not_found()
    {
        using var anon = App.CreateClient();
        foreach (var token in new[] { new string('A', 43), "short", "not-a-token-but-43-chars-long-xxxxxxxxxxxxx!", Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('/', '_').Replace('+', '-') })
        {
            var r = await anon.GetAsync($"/calendar/{Uri.EscapeDataString(token)}.ics");
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.False(r.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task A_view_only_caregiver_cannot_create_a_link_but_can_download_the_calendar_file()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services, leadDays: 0);
        var item = await FeedsTestData.ItemAsync(App.Services, rid, Today.AddDays(14), kind: "brain-mri", title: "Brain MRI");
        var (viewer, viewerEmail) = await FeedsTestData.CaregiverAsync(App, rid, Features.Record.AccessLevels.View);
        using var _ = viewer;

        var page = await viewer.GetDocumentAsync(Settings(rid));
        Assert.DoesNotContain(page.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Only the patient or a caregiver who manages the record", page.Body!.TextContent);
        var download = page.QuerySelector($"a[href='/record/{rid}/schedule/calendar.ics']");
        Assert.NotNull(download);

        foreach (var handler in new[] { "CreateLink", "ReplaceLink", "TurnOffLink" })
            Assert.Equal("forbidden", Record.RecordWorld.Outcome(await FeedsTestData.PostAsync(viewer, $"{Settings(rid)}?handler={handler}")));
        Assert.Null((await FeedsTestData.SettingsAsync(App.Services, rid))!.FeedTokenHash);

        var r = await viewer.GetAsync($"/record/{rid}/schedule/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("attachment; filename=\"alknavigator-schedule.ics\"", r.Content.Headers.ContentDisposition?.ToString() ?? string.Join(",", r.Headers.GetValues("Content-Disposition")));
        Assert.Equal("text/calendar", r.Content.Headers.ContentType?.MediaType);
        var body = await r.Content.ReadAsStringAsync();
        // The home page may have generated the record's plan too: find this item's event.
        var e = Assert.Single(Ical.Net.Calendar.Load(body)!.Events, x => x.Uid == item.Id + "@alknavigator");
        Assert.Equal(item.Due, e.DtStart!.Date);
        Assert.Contains("Brain MRI", e.Summary);
        Assert.NotEmpty(e.Alarms); // lead 0 still gets an alarm, a day before
        Assert.DoesNotContain(FeedsTestData.DisplayName, body);

        // A caregiver's read is in the record's activity log.
        Assert.Contains(await FeedsTestData.AuditAsync(App.Services, rid), a => a.Action == "read" && a.What == "schedule calendar" && a.ActorEmail == viewerEmail);
    }

    [Fact]
    public async Task A_managing_caregiver_can_create_the_link_and_it_is_audited_under_their_name()
    {
        var (rid, _) = await FeedsTestData.PatientAsync(App.Services, withSettings: false);
        var (manager, managerEmail) = await FeedsTestData.CaregiverAsync(App, rid, Features.Record.AccessLevels.Manage);
        using var _ = manager;
        var url = await NewLinkAsync(manager, rid);
        Assert.Equal(HttpStatusCode.OK, (await AnonymousGet(url)).StatusCode);
        // An empty schedule is still a valid calendar.
        Assert.Empty(Ical.Net.Calendar.Load(await (await AnonymousGet(url)).Content.ReadAsStringAsync())!.Events);
        Assert.Contains(await FeedsTestData.AuditAsync(App.Services, rid), a => a.Action == "create" && a.What == "calendar link" && a.ActorEmail == managerEmail);
    }

    [Fact]
    public async Task Items_of_another_record_never_appear_in_a_feed()
    {
        var (rid, email) = await FeedsTestData.PatientAsync(App.Services);
        var (other, _) = await FeedsTestData.PatientAsync(App.Services);
        await FeedsTestData.ItemAsync(App.Services, rid, Today.AddDays(3), title: "Mine");
        await FeedsTestData.ItemAsync(App.Services, other, Today.AddDays(3), title: "Theirs");
        using var owner = await FeedsTestData.LoginAsync(App, email);
        var url = await NewLinkAsync(owner, rid);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(Settings(rid), [new("content", "detailed")], formAction: "handler=FeedContent")).StatusCode);
        var body = await (await AnonymousGet(url)).Content.ReadAsStringAsync();
        Assert.Contains("Mine", body);
        Assert.DoesNotContain("Theirs", body);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.ScheduleSettings.CountAsync(s => s.RecordId == rid && s.FeedTokenHash != null));
    }
}
