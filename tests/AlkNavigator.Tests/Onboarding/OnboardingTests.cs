using System.Net;
using AngleSharp.Dom;
using AlkNavigator.Data;
using AlkNavigator.Features.Onboarding;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Onboarding;

/// <summary>
/// The first-use set-up (issue 14) through the app's real forms: registration lands on it, each step saves through the
/// record's own validation, every step can be skipped, a returning person lands where they left, caregivers and navigators
/// get no record, and staff without a record are sent to their workspace.
/// </summary>
[DatabaseTests]
public class OnboardingTests(Learn.AppFixture f) : IClassFixture<Learn.AppFixture>
{
    private const string Password = "an onboarding test passphrase";
    private TestApp App => f.App;

    private static string NewEmail() => $"o{Guid.NewGuid():N}"[..12] + "@example.org";
    private static string Day(int daysAgo) => DateTime.UtcNow.Date.AddDays(-daysAgo).ToString("yyyy-MM-dd");

    private async Task<(HttpClient Client, string Email)> RegisterAsync()
    {
        var client = App.CreateClient();
        var email = NewEmail();
        var r = await App.RegisterAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/welcome", r.Headers.Location!.OriginalString);
        return (client, email);
    }

    private static async Task<string> PostStepAsync(HttpClient client, string step, Dictionary<string, string> fields, string? handler = null)
    {
        HttpResponseMessage r;
        if (handler is null) r = await client.SubmitAsync($"/welcome/{step}", fields);
        else
        {
            // "Skip this step" is a second submit button of the step's form (formaction ?handler=Skip), like "Stop the set-up here".
            var doc = await client.GetDocumentAsync($"/welcome/{step}");
            var token = doc.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            r = await client.PostAsync($"/welcome/{step}?handler={handler}", new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
        }
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{step}: {(int)r.StatusCode} {Errors(await r.Content.ReadAsStringAsync())}");
        return r.Headers.Location!.OriginalString;
    }

    private static string Errors(string html) => Forms.Parse(html).QuerySelector(".alert-danger")?.TextContent.Trim() ?? "";

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<OnboardingProgress> ProgressAsync(string email) =>
        WithDbAsync(db => db.OnboardingProgress.AsNoTracking().SingleAsync(p => db.Users.Any(u => u.Id == p.UserId && u.Email == email)));

    private Task<PatientRecord?> RecordAsync(string email) =>
        WithDbAsync(db => db.Records.AsNoTracking().Include(r => r.Treatments).Include(r => r.CareTeam)
            .SingleOrDefaultAsync(r => db.Users.Any(u => u.Id == r.OwnerId && u.Email == email)));

    [Fact]
    public async Task A_new_patient_goes_through_every_step_and_lands_on_the_record_ready_for_the_first_check_in()
    {
        var (client, email) = await RegisterAsync();
        var start = await client.GetAsync("/welcome");
        Assert.Equal("/welcome/who", start.Headers.Location!.OriginalString);
        var who = await client.GetDocumentAsync("/welcome/who");
        Assert.Equal(3, who.QuerySelectorAll("input[name=Who][type=radio]").Length);
        Assert.Equal("step", who.QuerySelector(".welcome-steps li[aria-current=step]")!.GetAttribute("aria-current"));

        Assert.Equal("/welcome/diagnosis", await PostStepAsync(client, "who", new() { ["Who"] = "patient" }));
        var record = await RecordAsync(email);
        Assert.NotNull(record);

        Assert.Equal("/welcome/treatment", await PostStepAsync(client, "diagnosis", new()
        {
            ["Diagnosis.DisplayName"] = "Robin", ["Diagnosis.DiagnosisDate"] = Day(400), ["Diagnosis.Stage"] = "IVB", ["Diagnosis.AlkStatus"] = "positive", ["Diagnosis.AlkMethod"] = "NGS",
        }));
        Assert.Equal("/welcome/time", await PostStepAsync(client, "treatment", new()
        {
            ["Treatment.Agent"] = "alectinib", ["Treatment.Start"] = Day(380), ["Treatment.Dose"] = "600 mg twice a day",
        }));
        // The time step never starts on UTC: nothing is chosen until the person (or the browser's zone, welcome.js) chooses.
        var time = await client.GetDocumentAsync("/welcome/time");
        var zone = (AngleSharp.Html.Dom.IHtmlSelectElement)time.QuerySelector("select[name='Time.TimeZone']")!;
        Assert.Equal("", zone.Value);
        Assert.True(zone.HasAttribute("data-browser-zone"));
        Assert.NotNull(time.QuerySelector("script[src^='/js/welcome.js']"));
        Assert.Equal(2, time.QuerySelectorAll("input[type=time]").Length); // alectinib: twice a day

        Assert.Equal("/welcome/people", await PostStepAsync(client, "time", new()
        {
            ["Time.TimeZone"] = "Europe/Berlin", ["Time.DoseTimes[0]"] = "09:00", ["Time.DoseTimes[1]"] = "21:00",
        }));
        Assert.Equal("/welcome/invite", await PostStepAsync(client, "people", new()
        {
            ["Team.Role"] = "oncologist", ["Team.Name"] = "Dr Lee", ["Team.Phone"] = "+49 30 1234",
            ["Emergency.Name"] = "Sam", ["Emergency.Phone"] = "+49 170 5555",
        }));

        // The invitation goes through the sharing page's own handler and comes back to the set-up.
        var invitee = NewEmail();
        var invite = await client.SubmitAsync("/welcome/invite", new Dictionary<string, string> { ["Input.Email"] = invitee, ["Input.Level"] = "contribute" }, "sharing?handler=Invite");
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        Assert.Equal("/welcome/done", invite.Headers.Location!.OriginalString);
        await App.Smtp.WaitForAsync(invitee);
        var done = await client.GetStringAsync("/welcome/done");
        Assert.Contains("Invitation sent to " + invitee, done);
        Assert.Contains("/symptoms/checkin", done);

        record = await RecordAsync(email);
        Assert.Equal(("Robin", "IVB", "positive", "NGS"), (record!.DisplayName, record.Stage, record.AlkStatus, record.AlkMethod));
        var line = Assert.Single(record.Treatments);
        Assert.Equal(("alectinib", (DateOnly?)null), (line.Agent, line.End));
        Assert.Equal(["Dr Lee|oncologist|False", "Sam|caregiver|True"], record.CareTeam.OrderBy(m => m.Name).Select(m => $"{m.Name}|{m.Role}|{m.IsEmergencyContact}"));
        var settings = await WithDbAsync(db => db.SymptomSettings.AsNoTracking().SingleAsync(s => s.RecordId == record.Id));
        Assert.Equal(("Europe/Berlin", "09:00,21:00"), (settings.TimeZone, settings.DoseTimes));
        Assert.True(await WithDbAsync(db => db.CaregiverAccess.AnyAsync(a => a.RecordId == record.Id && a.InvitedEmail == invitee)));
        Assert.True(await WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.RecordId == record.Id && a.What == "treatment line")));

        var finish = await PostStepAsync(client, "done", []);
        Assert.Equal($"/record/{record.Id}", finish);
        Assert.NotNull((await ProgressAsync(email)).FinishedUtc);
        var overview = await client.GetDocumentAsync(finish);
        Assert.Contains("You are set up", overview.QuerySelector("main")!.TextContent);
        Assert.NotNull(overview.QuerySelector($"a[href='/record/{record.Id}/symptoms/checkin']"));
        // Finished: home is the home page, with no "continue" card, and logging in again goes home.
        Assert.Null((await client.GetDocumentAsync("/")).QuerySelector(".welcome-continue"));
        using var again = App.CreateClient();
        var login = await again.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal("/", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Validation_errors_keep_what_was_typed_and_save_nothing()
    {
        var (client, email) = await RegisterAsync();
        await PostStepAsync(client, "who", new() { ["Who"] = "patient" });

        var r = await client.SubmitAsync("/welcome/diagnosis", new Dictionary<string, string> { ["Diagnosis.DisplayName"] = "Robin", ["Diagnosis.BirthYear"] = "1968", ["Diagnosis.DiagnosisDate"] = Day(-30) });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector(".field-validation-error"));
        Assert.Equal("Robin", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Diagnosis.DisplayName']")!.Value);
        Assert.Equal("1968", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Diagnosis.BirthYear']")!.Value);
        Assert.NotEqual("Robin", (await RecordAsync(email))!.DisplayName);

        await PostStepAsync(client, "diagnosis", [], "Skip");
        r = await client.SubmitAsync("/welcome/treatment", new Dictionary<string, string> { ["Treatment.Agent"] = "lorlatinib", ["Treatment.Start"] = Day(-5), ["Treatment.Dose"] = "100 mg" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector("#start-error.field-validation-error"));
        Assert.Equal("lorlatinib", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("select[name='Treatment.Agent']")!.Value);
        Assert.Equal("100 mg", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Treatment.Dose']")!.Value);
        Assert.Empty((await RecordAsync(email))!.Treatments);

        await PostStepAsync(client, "treatment", [], "Skip");
        r = await client.SubmitAsync("/welcome/time", new Dictionary<string, string> { ["Time.TimeZone"] = "", ["Time.DoseTimes[0]"] = "07:30" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.Contains("Choose your time zone", doc.QuerySelector("#zone-error")!.TextContent);
        Assert.Equal("07:30", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Time.DoseTimes[0]']")!.Value);

        await PostStepAsync(client, "time", [], "Skip");
        r = await client.SubmitAsync("/welcome/people", new Dictionary<string, string> { ["Team.Role"] = "nurse", ["Team.Name"] = "Kim", ["Team.Phone"] = "call me maybe" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        doc = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector("#Team_Phone_error.field-validation-error"));
        Assert.Equal("Kim", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Team.Name']")!.Value);
        Assert.Empty((await RecordAsync(email))!.CareTeam);
        Assert.Equal(OnboardingSteps.People, (await ProgressAsync(email)).Step);
    }

    [Fact]
    public async Task Each_step_can_be_skipped_and_a_returning_person_lands_where_they_left()
    {
        var (client, email) = await RegisterAsync();
        Assert.Equal("/welcome/diagnosis", await PostStepAsync(client, "who", [], "Skip")); // no answer: the patient path
        Assert.Equal("/welcome/treatment", await PostStepAsync(client, "diagnosis", [], "Skip"));
        Assert.NotNull(await RecordAsync(email));

        using var later = App.CreateClient();
        var login = await later.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal("/welcome/treatment", login.Headers.Location!.OriginalString);
        var home = await later.GetDocumentAsync("/");
        Assert.Equal("/welcome/treatment", home.QuerySelector(".welcome-continue a")!.GetAttribute("href"));
        Assert.Equal("/welcome/treatment", (await later.GetAsync("/welcome")).Headers.Location!.OriginalString);

        foreach (var (step, next) in new[] { ("treatment", "time"), ("time", "people"), ("people", "invite") })
            Assert.Equal($"/welcome/{next}", await PostStepAsync(later, step, [], "Skip"));
        Assert.Equal(OnboardingSteps.Invite, (await ProgressAsync(email)).Step);
        var record = await RecordAsync(email);
        Assert.Empty(record!.Treatments);
        Assert.Empty(record.CareTeam);
        Assert.False(await WithDbAsync(db => db.SymptomSettings.AnyAsync(s => s.RecordId == record.Id)));

        // Leaving the set-up early ends it: home and login no longer send there.
        Assert.Equal($"/record/{record.Id}", await PostStepAsync(later, "invite", [], "Leave"));
        Assert.NotNull((await ProgressAsync(email)).FinishedUtc);
        Assert.Null((await later.GetDocumentAsync("/")).QuerySelector(".welcome-continue"));
        Assert.Equal(HttpStatusCode.NotFound, (await later.GetAsync("/welcome/nonsense")).StatusCode);
    }

    [Fact]
    public async Task A_caregiver_skips_the_record_steps_and_gets_no_record()
    {
        var (client, email) = await RegisterAsync();
        Assert.Equal("/welcome/done", await PostStepAsync(client, "who", new() { ["Who"] = "caregiver" }));
        Assert.Null(await RecordAsync(email));
        var done = await client.GetDocumentAsync("/welcome/done");
        Assert.Contains("invitation", done.QuerySelector("main")!.TextContent);
        Assert.Equal("2", done.QuerySelector(".welcome-progress")!.TextContent.Split("of")[1].Trim());
        // The record steps are not theirs: asking for one goes back to the first step.
        Assert.Equal("/welcome/who", (await client.GetAsync("/welcome/diagnosis")).Headers.Location!.OriginalString);
        Assert.Equal("/", await PostStepAsync(client, "done", []));
        Assert.Equal("/record/choose", (await client.GetAsync("/record")).Headers.Location!.OriginalString);
        Assert.Null(await RecordAsync(email));
        Assert.Equal("caregiver", (await ProgressAsync(email)).Who);
    }

    [Fact]
    public async Task A_self_declared_navigator_gets_no_record_and_no_staff_rights()
    {
        var (client, email) = await RegisterAsync();
        Assert.Equal("/welcome/done", await PostStepAsync(client, "who", new() { ["Who"] = "navigator" }));
        Assert.Contains("administrator", (await client.GetDocumentAsync("/welcome/done")).QuerySelector("main")!.TextContent);
        Assert.Equal("/", await PostStepAsync(client, "done", []));
        Assert.Null(await RecordAsync(email));
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Patient], await users.GetRolesAsync((await users.FindByEmailAsync(email))!));
        // Not staff: the home page is the home page.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_answer_to_who_you_are_is_refused_and_kept_on_the_step()
    {
        var (client, email) = await RegisterAsync();
        var r = await client.SubmitAsync("/welcome/who", new Dictionary<string, string> { ["Who"] = "doctor" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Choose the answer", Errors(await r.Content.ReadAsStringAsync()));
        Assert.Equal((OnboardingSteps.Who, (string?)null), await WithDbAsync(async db =>
        {
            var p = await db.OnboardingProgress.AsNoTracking().SingleAsync(p => db.Users.Any(u => u.Id == p.UserId && u.Email == email));
            return (p.Step, p.Who);
        }));
    }

    [Theory]
    [InlineData(Roles.Navigator)]
    [InlineData(Roles.Admin)]
    public async Task Staff_without_a_record_are_sent_to_the_workspace_and_get_no_record_unless_they_ask(string role)
    {
        var email = NewEmail();
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, role);
        }
        using var client = App.CreateClient();
        await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/navigator", home.Headers.Location!.OriginalString);
        Assert.Equal("/record/choose", (await client.GetAsync("/record")).Headers.Location!.OriginalString);
        Assert.Null(await RecordAsync(email));

        // Asking for one (the chooser's button) makes it; from then on home is the home page.
        var start = await client.SubmitAsync("/record/choose", []);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.NotNull(await RecordAsync(email));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }
    [Fact]
    public async Task The_demo_shows_a_newcomer_one_open_contact_alert_on_the_home_page_and_the_overview()
    {
        DemoData.Result demo;
        using (var scope = App.Services.CreateScope()) demo = await DemoData.CreateAsync(scope.ServiceProvider);
        var open = await WithDbAsync(db => db.SymptomAlerts.AsNoTracking()
            .Where(a => a.RecordId == demo.RecordId && a.AcknowledgedUtc == null && a.Change != "ongoing").ToListAsync());
        var alert = Assert.Single(open);
        Assert.Equal(("contact", "diarrhea-frequent"), (alert.Level, alert.RuleId));

        using var client = App.CreateClient();
        var login = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = DemoData.PatientEmail, ["Input.Password"] = demo.PatientPassword });
        Assert.Equal("/", login.Headers.Location!.OriginalString);
        foreach (var url in new[] { "/", $"/record/{demo.RecordId}" })
        {
            var doc = await client.GetDocumentAsync(url);
            var box = doc.QuerySelector("main section.open-alert-box[role=region]");
            Assert.True(box is not null, $"no alert box on {url}");
            Assert.Equal([alert.Heading], box.QuerySelectorAll(".open-alert h3").Select(h => h.TextContent.Trim()));
            Assert.Contains("My care team knows", box.TextContent);
        }
        // On both, the alert links to the side-effect section of the current drug's Learn page (LearnLinks).
        var sideEffects = AlkNavigator.Features.Learn.LearnLinks.SideEffects("lorlatinib");
        Assert.EndsWith("#side-effects", sideEffects);
        foreach (var url in new[] { "/", $"/record/{demo.RecordId}" })
            Assert.Contains((await client.GetDocumentAsync(url)).QuerySelectorAll("section.open-alert-box a"), a => a.GetAttribute("href") == sideEffects);
    }
}
