using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.SecondOpinion;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AlkNavigator.Tests.SecondOpinion;

/// <summary>One app: a patient, a caregiver who may contribute, one who may only view, and a navigator, on a clock the tests move.</summary>
public sealed class SecondOpinionWorld : IAsyncLifetime
{
    public const string Password = "a second opinion passphrase";
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 3, 9, 0, 0, TimeSpan.Zero));
    public TestApp App { get; private set; } = null!;
    public Dictionary<string, HttpClient> Clients { get; } = [];
    public Dictionary<string, string> Emails { get; } = [];

    public async Task InitializeAsync()
    {
        App = await TestApp.StartAsync(clock: Clock);
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var (actor, role) in new[] { ("navigator", Roles.Navigator), ("admin", Roles.Admin) })
        {
            var email = $"{actor}@example.org";
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, role);
            Emails[actor] = email;
            Clients[actor] = await SignInAsync(email);
        }
    }

    public async Task<HttpClient> SignInAsync(string email)
    {
        var client = App.CreateClient();
        var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    /// <summary>A new patient with a record (ALK-positive, on alectinib, named <paramref name="name"/>), a contributing and a viewing caregiver, each signed in.</summary>
    public async Task<Patient> NewPatientAsync(string name = "Alex Example")
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        async Task<AppUser> User(string who, string role)
        {
            var email = $"{who}-{tag}@example.org";
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, role);
            return u;
        }
        var owner = await User("patient", Roles.Patient);
        var record = await scope.ServiceProvider.GetRequiredService<RecordAccess>().GetOrCreateOwnAsync(owner);
        record.DisplayName = name;
        record.Stage = "IVB";
        record.AlkStatus = "positive";
        record.AlkMethod = "FISH";
        record.City = "Lyon";
        record.Country = "FR";
        db.Treatments.Add(new TreatmentLine { RecordId = record.Id, Agent = "alectinib", Dose = "600 mg", Start = new DateOnly(2029, 5, 1) });
        var carers = new Dictionary<string, AppUser>();
        foreach (var (who, level) in new[] { ("carer", AccessLevels.Contribute), ("viewer", AccessLevels.View) })
        {
            var u = carers[who] = await User(who, Roles.Caregiver);
            db.CaregiverAccess.Add(new CaregiverAccess
            {
                RecordId = record.Id, InvitedEmail = u.Email!, Level = level, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = DateTime.UtcNow.AddDays(7),
                InvitedById = owner.Id, CaregiverId = u.Id, AcceptedUtc = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync();
        return new Patient(record.Id, owner.Email!, await SignInAsync(owner.Email!), carers["carer"].Email!, await SignInAsync(carers["carer"].Email!),
            await SignInAsync(carers["viewer"].Email!));
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> f)
    {
        using var scope = App.Services.CreateScope();
        return await f(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task DisposeAsync()
    {
        foreach (var c in Clients.Values) c.Dispose();
        await App.DisposeAsync();
    }
}

public sealed record Patient(Guid RecordId, string Email, HttpClient Client, string CarerEmail, HttpClient Carer, HttpClient Viewer)
{
    public string Page => $"/record/{RecordId}/second-opinion";
}

[DatabaseTests]
public class SecondOpinionQueueTests(SecondOpinionWorld w) : IClassFixture<SecondOpinionWorld>
{
    private static Dictionary<string, string> RequestForm(string question = "Is lorlatinib the right next step?") => new()
    {
        ["Input.Question"] = question, ["Input.Setting"] = "either", ["Input.Languages"] = "english; French", ["Input.Urgency"] = "soon",
    };

    private async Task<SecondOpinionRequest> SendAsync(Patient p, Dictionary<string, string>? form = null, params string[] share)
    {
        var fields = (form ?? RequestForm()).ToList();
        w.Clock.Advance(TimeSpan.FromMinutes(1)); // each step at its own time, so the history has an order
        // The given Input.Share values replace the form's ticked defaults (diagnosis, treatments, test results).
        var r = await p.Client.SubmitAsync(p.Page, fields.Where(f => f.Key != "Input.Share").Concat(share.Select(s => new KeyValuePair<string, string>("Input.Share", s))).ToList());
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return await w.WithDbAsync(db => db.Set<SecondOpinionRequest>().AsNoTracking().Where(x => x.RecordId == p.RecordId).OrderByDescending(x => x.CreatedUtc).FirstAsync());
    }

    private async Task<SpecialistCentre> AddCentreAsync(string institution, string city = "Paris", string country = "FR", bool telehealth = true, string languages = "French, English")
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Institution"] = institution, ["Input.City"] = city, ["Input.Country"] = country, ["Input.Languages"] = languages, ["Input.SpecialistName"] = "Dr C. Example",
        };
        if (telehealth) fields["Input.Telehealth"] = "true";
        var r = await w.Clients["navigator"].SubmitAsync("/navigator/directory/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return await w.WithDbAsync(db => db.Set<SpecialistCentre>().AsNoTracking().SingleAsync(c => c.Institution == institution));
    }

    private async Task<HttpResponseMessage> MoveAsync(Guid id, string to, Dictionary<string, string>? extra = null, string actor = "navigator")
    {
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var fields = new Dictionary<string, string> { ["Step.To"] = to };
        foreach (var (k, v) in extra ?? []) fields[k] = v;
        var version = await w.WithDbAsync(db => db.Set<SecondOpinionRequest>().Where(x => x.Id == id).Select(x => x.Version).SingleAsync());
        fields["Step.Version"] = version.ToString();
        // Post to the handler directly (the page shows only the allowed steps' forms; a refused step is tried as a crafted post).
        var doc = await w.Clients[actor].GetDocumentAsync($"/navigator/requests/{id}");
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["__RequestVerificationToken"] = token;
        return await w.Clients[actor].PostAsync($"/navigator/requests/{id}?handler=Move", new FormUrlEncodedContent(fields));
    }

    private Task<SecondOpinionRequest> LoadAsync(Guid id) =>
        w.WithDbAsync(db => db.Set<SecondOpinionRequest>().AsNoTracking().Include(x => x.Events).SingleAsync(x => x.Id == id));

    [Fact]
    public async Task A_request_moves_new_matched_booked_done_and_the_patient_is_emailed_at_each_step()
    {
        var p = await w.NewPatientAsync();
        var sent = await SendAsync(p, null, "diagnosis");
        Assert.Equal(SecondOpinionStates.New, sent.State);
        Assert.Equal("English, French", sent.Languages);
        var received = await w.App.Smtp.WaitForAsync(p.Email, SecondOpinionEmails.ReceivedSubject);
        Assert.Contains(p.Page, received.TextBody);

        var centre = await AddCentreAsync($"Centre Léon Bérard {Guid.NewGuid():N}"[..30]);

        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync(sent.Id, "matched", new() { ["Step.CentreId"] = centre.Id.ToString(), ["Step.Message"] = "They see many ALK patients." })).StatusCode);
        var matched = await w.App.Smtp.WaitForAsync(p.Email, SecondOpinionEmails.MatchedSubject);
        Assert.Contains(centre.Institution, matched.TextBody);
        Assert.Contains("They see many ALK patients.", matched.TextBody);

        // Straight to done is not a step from matched: refused, nothing changed, no email.
        var refused = await MoveAsync(sent.Id, "done");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("cannot be moved to", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(SecondOpinionStates.Matched, (await LoadAsync(sent.Id)).State);

        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync(sent.Id, "booked", new() { ["Step.AppointmentDate"] = "2031-03-20", ["Step.AppointmentDetails"] = "10:30, video call" })).StatusCode);
        var booked = await w.App.Smtp.WaitForAsync(p.Email, SecondOpinionEmails.BookedSubject);
        Assert.Contains("Thursday 20 March 2031, 10:30, video call", booked.TextBody);

        // The patient and both caregivers see the status (the viewer too); none sees the navigators' notes.
        foreach (var client in new[] { p.Client, p.Carer, p.Viewer })
        {
            var html = WebUtility.HtmlDecode(await client.GetStringAsync(p.Page));
            Assert.Contains("Your request: Appointment booked", html);
            Assert.Contains("Thursday 20 March 2031", html);
            Assert.Contains(centre.Institution, html);
            Assert.Contains($"/record/{p.RecordId}/visit", html);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync(sent.Id, "done", new() { ["Step.Note"] = "Patient called to say thanks." })).StatusCode);
        await w.App.Smtp.WaitForAsync(p.Email, SecondOpinionEmails.DoneSubject);
        // The refused "done" above sent nothing: exactly one done email, after the booked one (one queue, in order).
        Assert.Single(w.App.Smtp.Messages, m => m.Subject == SecondOpinionEmails.DoneSubject && m.To.ToString().Contains(p.Email));

        // A closed request takes no more steps.
        var again = await MoveAsync(sent.Id, "declined", new() { ["Step.Message"] = "No." });
        Assert.Contains("cannot be moved to", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));

        var done = await LoadAsync(sent.Id);
        Assert.Equal(SecondOpinionStates.Done, done.State);
        var steps = done.Events.Where(e => e.Kind == "state").OrderBy(e => e.AtUtc).Select(e => $"{e.FromState}->{e.ToState} by {e.ActorEmail}").ToList();
        Assert.Equal(["new->matched by navigator@example.org", "matched->booked by navigator@example.org", "booked->done by navigator@example.org"], steps);
        Assert.Equal("navigator@example.org", done.AssignedToEmail); // the first step took the request
        Assert.Contains(done.Events, e => e.Kind == "created" && e.ActorEmail == p.Email);

        var patientView = WebUtility.HtmlDecode(await p.Client.GetStringAsync(p.Page));
        Assert.DoesNotContain("Patient called to say thanks.", patientView);
        Assert.Contains("They see many ALK patients.", patientView);
    }

    [Fact]
    public async Task Steps_the_queue_does_not_allow_are_refused_and_a_step_needs_what_it_promises()
    {
        var p = await w.NewPatientAsync();
        var r = await SendAsync(p, null, "diagnosis");
        foreach (var to in new[] { "booked", "done", "withdrawn", "new", "nonsense" })
        {
            var response = await MoveAsync(r.Id, to, new() { ["Step.AppointmentDate"] = "2031-04-01", ["Step.Message"] = "x" });
            Assert.Contains("cannot be moved to", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        // Matched needs a directory entry; declined needs a message to the patient.
        Assert.Contains("Choose the specialist or centre from the directory.", WebUtility.HtmlDecode(await (await MoveAsync(r.Id, "matched")).Content.ReadAsStringAsync()));
        Assert.Contains("Tell the patient why", WebUtility.HtmlDecode(await (await MoveAsync(r.Id, "declined")).Content.ReadAsStringAsync()));
        var after = await LoadAsync(r.Id);
        Assert.Equal(SecondOpinionStates.New, after.State);
        Assert.DoesNotContain(after.Events, e => e.Kind == "state");

        // Two navigators on one version: the second step is refused, not applied twice.
        var stale = after.Version;
        Assert.Equal(HttpStatusCode.Redirect, (await MoveAsync(r.Id, "declined", new() { ["Step.Message"] = "We cannot help with this one; your care team can refer you." })).StatusCode);
        await w.App.Smtp.WaitForAsync(p.Email, SecondOpinionEmails.DeclinedSubject);
        var doc = await w.Clients["admin"].GetDocumentAsync($"/navigator/requests/{r.Id}");
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var late = await w.Clients["admin"].PostAsync($"/navigator/requests/{r.Id}?handler=Move", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Step.To"] = "declined", ["Step.Version"] = stale.ToString(), ["Step.Message"] = "Again", ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("cannot be moved to", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));
        Assert.Single((await LoadAsync(r.Id)).Events, e => e.Kind == "state");
    }

    [Fact]
    public async Task The_form_refuses_bad_input_with_clear_errors_and_keeps_what_was_typed()
    {
        var p = await w.NewPatientAsync();
        var typed = "Should I have a new biopsy before changing drug? " + Guid.NewGuid();
        var r = await p.Client.SubmitAsync(p.Page, new Dictionary<string, string>
        {
            ["Input.Question"] = typed, ["Input.Setting"] = "in-person", ["Input.PreferredPlace"] = "", ["Input.PreferredCountry"] = "Atlantis",
            ["Input.Languages"] = " , ", ["Input.Urgency"] = "yesterday",
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("Choose the country from the list.", html);
        Assert.Contains("Name at least one language", html);
        Assert.Contains("Choose how soon you need it.", html);
        Assert.Contains(typed, html); // nothing lost
        var nowhere = await p.Client.SubmitAsync(p.Page, new Dictionary<string, string>
        {
            ["Input.Question"] = typed, ["Input.Setting"] = "in-person", ["Input.PreferredPlace"] = " ", ["Input.PreferredCountry"] = "",
        });
        Assert.Contains("Say where you could travel to", WebUtility.HtmlDecode(await nowhere.Content.ReadAsStringAsync()));
        var empty = await p.Client.SubmitAsync(p.Page, new Dictionary<string, string> { ["Input.Question"] = "" });
        Assert.Contains("Write what you would like the second opinion to answer.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
        Assert.False(await w.WithDbAsync(db => db.Set<SecondOpinionRequest>().AnyAsync(x => x.RecordId == p.RecordId)));
    }

    [Fact]
    public async Task Navigators_see_only_what_the_patient_shared_and_never_the_record()
    {
        var p = await w.NewPatientAsync("Robin Secretname");
        var r = await SendAsync(p, null, "diagnosis");
        var html = WebUtility.HtmlDecode(await w.Clients["navigator"].GetStringAsync($"/navigator/requests/{r.Id}"));
        Assert.Contains("Is lorlatinib the right next step?", html);
        Assert.Contains("Stage IVB, ALK-positive (FISH)", html);
        Assert.DoesNotContain("Secretname", html);
        Assert.DoesNotContain(p.Email, html);
        Assert.DoesNotContain("alectinib", html); // treatments were not ticked
        Assert.DoesNotContain("Lyon", html);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Clients["navigator"].GetAsync($"/record/{p.RecordId}")).StatusCode);

        // Sharing more is the patient's choice: the name, email, treatments and place, copied when sent.
        var p2 = await w.NewPatientAsync("Sam Sharer");
        var r2 = await SendAsync(p2, null, "name", "email", "treatments", "location");
        var html2 = WebUtility.HtmlDecode(await w.Clients["navigator"].GetStringAsync($"/navigator/requests/{r2.Id}"));
        Assert.Contains("Sam Sharer", html2);
        Assert.Contains(p2.Email, html2);
        Assert.Contains("alectinib 600 mg", html2);
        Assert.Contains("Lyon, France", html2);
    }

    [Fact]
    public async Task A_caregiver_who_contributes_edits_while_new_and_withdraws_and_the_patient_is_emailed()
    {
        var p = await w.NewPatientAsync();
        var r = await SendAsync(p, null, "diagnosis");
        var edit = RequestForm("Changed: is a trial an option?");
        var response = await p.Carer.SubmitAsync(p.Page, edit, formAction: "handler=Edit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var edited = await LoadAsync(r.Id);
        Assert.Equal("Changed: is a trial an option?", edited.Question);
        Assert.Contains(edited.Events, e => e.Kind == "edited" && e.ActorEmail == p.CarerEmail);

        // View-only caregivers see the request but get no form.
        var viewer = WebUtility.HtmlDecode(await p.Viewer.GetStringAsync(p.Page));
        Assert.Contains("Changed: is a trial an option?", viewer);
        Assert.DoesNotContain("Withdraw this request", viewer);

        var centre = await AddCentreAsync($"Edit test centre {Guid.NewGuid():N}"[..28]);
        await MoveAsync(r.Id, "matched", new() { ["Step.CentreId"] = centre.Id.ToString() });
        var late = await p.Carer.PostAsync($"{p.Page}?handler=Edit&id={r.Id}", new FormUrlEncodedContent(
            [.. RequestForm("Too late"), new("Input.Version", (await LoadAsync(r.Id)).Version.ToString()), new("__RequestVerificationToken", await TokenAsync(p.Carer, p.Page))]));
        Assert.Contains("can no longer be changed here", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));

        var withdraw = await p.Carer.SubmitAsync(p.Page, [], formAction: "handler=Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        Assert.Equal(SecondOpinionStates.Withdrawn, (await LoadAsync(r.Id)).State);
        await w.App.Smtp.WaitForAsync(p.Email, SecondOpinionEmails.WithdrawnSubject);

        // With nothing open, a new request can be sent.
        var again = await SendAsync(p, RequestForm("A new question"), "diagnosis");
        Assert.NotEqual(r.Id, again.Id);
    }

    [Fact]
    public async Task The_workspace_counts_what_needs_attention_new_unassigned_or_waiting_too_long()
    {
        var p = await w.NewPatientAsync();
        var r = await SendAsync(p, null, "diagnosis");
        async Task<string> Attention() => WebUtility.HtmlDecode(await w.Clients["navigator"].GetStringAsync("/navigator/requests?attention=true"));
        Assert.Contains($"Request {r.Id.ToString()[..8]}", await Attention());
        Assert.Contains("new, nobody assigned", await Attention());

        var nav = await w.WithDbAsync(db => db.Users.Where(u => u.Email == "navigator@example.org").Select(u => u.Id).SingleAsync());
        var assign = await w.Clients["navigator"].SubmitAsync($"/navigator/requests/{r.Id}", new Dictionary<string, string> { ["assignee"] = nav }, formAction: "handler=Assign");
        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        Assert.DoesNotContain($"Request {r.Id.ToString()[..8]}", await Attention());
        Assert.Contains($"Request {r.Id.ToString()[..8]}", WebUtility.HtmlDecode(await w.Clients["navigator"].GetStringAsync("/navigator/requests?mine=true")));

        // Eight days in the same state (moved back in the database: the app's clock stays, so the signed-in sessions do).
        var now = w.Clock.GetUtcNow().UtcDateTime;
        await w.WithDbAsync(db => db.Set<SecondOpinionRequest>().Where(x => x.Id == r.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StateSinceUtc, now.AddDays(-8).AddMinutes(-1))));
        Assert.Contains("waiting 8 days", await Attention());
        var home = WebUtility.HtmlDecode(await w.Clients["navigator"].GetStringAsync("/navigator"));
        Assert.Contains($"Request {r.Id.ToString()[..8]}", home);
        Assert.Contains("Awaiting annotation", home);
    }

    [Fact]
    public async Task The_workspace_lists_trials_awaiting_annotation_until_a_navigator_annotates_them()
    {
        var (nct, count) = await w.WithDbAsync(async db =>
        {
            var q = db.Trials.Where(t => t.Relevance >= 2 && (t.Status == "RECRUITING" || t.Status == "NOT_YET_RECRUITING") && !db.TrialAnnotations.Any(a => a.NctId == t.NctId));
            return (await q.OrderByDescending(t => t.Relevance).ThenByDescending(t => t.LastUpdate).ThenBy(t => t.NctId).Select(t => t.NctId).FirstAsync(), await q.CountAsync());
        });
        var home = WebUtility.HtmlDecode(await w.Clients["admin"].GetStringAsync("/navigator"));
        Assert.Contains($"Awaiting annotation: {count}", home);
        Assert.Contains($"/trials/{nct}/annotate", home);
        var saved = await w.Clients["navigator"].SubmitAsync($"/trials/{nct}/annotate", new Dictionary<string, string> { ["Input.PlainSummary"] = "Plain words." });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        home = WebUtility.HtmlDecode(await w.Clients["admin"].GetStringAsync("/navigator"));
        Assert.Contains($"Awaiting annotation: {count - 1}", home);
        Assert.DoesNotContain($"/trials/{nct}/annotate", home);
    }

    [Fact]
    public async Task Patients_search_the_directory_by_words_country_telehealth_and_language()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await AddCentreAsync($"Klinikum München {tag}", "München", "DE", telehealth: false, languages: "german, english");
        await AddCentreAsync($"Hospital Madrid {tag}", "Madrid", "ES", telehealth: true, languages: "Spanish");
        var p = await w.NewPatientAsync();
        async Task<string> Search(string query) => WebUtility.HtmlDecode(await p.Client.GetStringAsync($"/second-opinion/directory?{query}"));

        var byWord = await Search($"q=MÜNCHEN+{tag}");
        Assert.Contains($"Klinikum München {tag}", byWord);
        Assert.DoesNotContain($"Hospital Madrid {tag}", byWord);
        var byCountry = await Search("country=ES");
        Assert.Contains($"Hospital Madrid {tag}", byCountry);
        Assert.DoesNotContain($"Klinikum München {tag}", byCountry);
        var byTelehealth = await Search($"telehealth=true&q={tag}");
        Assert.Contains($"Hospital Madrid {tag}", byTelehealth);
        Assert.DoesNotContain($"Klinikum München {tag}", byTelehealth);
        var byLanguage = await Search($"language=German&q={tag}");
        Assert.Contains($"Klinikum München {tag}", byLanguage);
        Assert.DoesNotContain($"Hospital Madrid {tag}", byLanguage);
        Assert.Contains("German, English", byLanguage); // stored as typed, read one way
        Assert.DoesNotContain("/navigator/directory/", byLanguage); // patients get no edit links
    }

    [Fact]
    public async Task Navigators_change_and_remove_entries_and_a_removed_entry_leaves_the_match_as_the_patient_was_told()
    {
        var centre = await AddCentreAsync($"To remove {Guid.NewGuid():N}"[..22]);
        var p = await w.NewPatientAsync();
        var r = await SendAsync(p, null, "diagnosis");
        await MoveAsync(r.Id, "matched", new() { ["Step.CentreId"] = centre.Id.ToString() });

        var edit = await w.Clients["navigator"].SubmitAsync($"/navigator/directory/{centre.Id}", new Dictionary<string, string> { ["Input.Notes"] = "Refer through the ALK clinic." });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal("Refer through the ALK clinic.", (await w.WithDbAsync(db => db.Set<SpecialistCentre>().SingleAsync(c => c.Id == centre.Id))).Notes);

        var remove = await w.Clients["navigator"].SubmitAsync($"/navigator/directory/{centre.Id}", [], formAction: "handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.False(await w.WithDbAsync(db => db.Set<SpecialistCentre>().AnyAsync(c => c.Id == centre.Id)));
        var after = await LoadAsync(r.Id);
        Assert.Null(after.MatchedCentreId);
        Assert.Contains(centre.Institution, after.MatchedText);
        Assert.Contains(centre.Institution, WebUtility.HtmlDecode(await p.Client.GetStringAsync(p.Page)));
    }

    private static async Task<string> TokenAsync(HttpClient client, string url) =>
        (await client.GetDocumentAsync(url)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
}
