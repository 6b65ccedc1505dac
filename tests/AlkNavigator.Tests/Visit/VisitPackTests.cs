using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Features.Visit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace AlkNavigator.Tests.Visit;

/// <summary>The app on a clock the tests move (FakeTimeProvider), with the demo patient's record and a second patient.</summary>
public sealed class VisitPackWorld : IAsyncLifetime
{
    public const string Password = "a visit pack passphrase";
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(10), TimeSpan.Zero));
    public TestApp App { get; private set; } = null!;
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public async Task InitializeAsync() => App = await TestApp.StartAsync(clock: Clock);

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A patient with the demo record (a fresh one per test), signed in.</summary>
    public async Task<(Guid Rid, HttpClient Client, string Email)> PatientAsync()
    {
        var email = $"v{Guid.NewGuid():N}"[..12] + "@example.org";
        Guid rid;
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Patient);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var record = DemoData.Build(user.Id, Today);
            db.Records.Add(record);
            await db.SaveChangesAsync();
            rid = record.Id;
        }
        var client = App.CreateClient();
        var r = await Accounts.AccountTests.LoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return (rid, client, email);
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> work)
    {
        using var scope = App.Services.CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A submitted check-in on <paramref name="day"/> at noon UTC with one answer.</summary>
    public Task CheckInAsync(Guid rid, DateOnly day, string term, string attribute, int value) => WithDbAsync(async db =>
    {
        var at = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        var c = new CheckIn { RecordId = rid, Status = CheckInStatus.Submitted, StartedUtc = at, SubmittedUtc = at, EnteredById = "t", EnteredByEmail = "t@example.org" };
        c.Answers.Add(new CheckInAnswer { CheckInId = c.Id, Term = term, Attribute = attribute, Value = value });
        db.CheckIns.Add(c);
        await db.SaveChangesAsync();
    });
}

/// <summary>
/// Issue 14's visit pack and second-opinion pack on the real host and database: visits in the record and "since my last
/// visit", the printable pack, the PDF (parsed back with PDFsharp), and the read-only share link (expiry, revocation, audit).
/// </summary>
[DatabaseTests]
public class VisitPackTests(VisitPackWorld w) : IClassFixture<VisitPackWorld>
{
    [Fact]
    public void Since_my_last_visit_starts_on_the_last_visit_and_falls_back_to_12_weeks()
    {
        var today = new DateOnly(2026, 3, 10);
        Assert.Equal(today.AddDays(-84), SinceLastVisit.From(null, today));
        Assert.Equal(new DateOnly(2026, 2, 1), SinceLastVisit.From(new VisitEntry { Date = new DateOnly(2026, 2, 1) }, today));
    }

    [Fact]
    public async Task The_summary_counts_from_the_last_visit_before_today_not_from_a_visit_today_or_a_planned_one()
    {
        var (rid, client, email) = await w.PatientAsync();
        var today = w.Today;
        await w.CheckInAsync(rid, today.AddDays(-30), "Nausea", "severity", 3);  // before the visit
        await w.CheckInAsync(rid, today.AddDays(-5), "Nausea", "severity", 1);   // after it

        var before = await client.GetDocumentAsync($"/record/{rid}/symptoms/summary");
        Assert.Contains("No visit is recorded yet, so this covers the last 12 weeks", before.QuerySelector(".since-basis")!.TextContent);
        Assert.Equal(RecordSummary.IsoDate(today.AddDays(-84)), before.QuerySelector(".since-period time")!.GetAttribute("datetime"));

        var visitDay = today.AddDays(-10);
        await w.WithDbAsync(async db =>
        {
            db.Visits.AddRange(
                new VisitEntry { RecordId = rid, Date = visitDay, WithWhom = "Dr Rivera" },
                new VisitEntry { RecordId = rid, Date = today.AddDays(-40) },
                new VisitEntry { RecordId = rid, Date = today, WithWhom = "today's visit" },
                new VisitEntry { RecordId = rid, Date = today.AddDays(20), WithWhom = "planned" });
            await db.SaveChangesAsync();
        });
        var after = await client.GetDocumentAsync($"/record/{rid}/symptoms/summary");
        Assert.Equal(RecordSummary.IsoDate(visitDay), after.QuerySelector(".since-period time")!.GetAttribute("datetime"));
        Assert.Contains("Since the last visit in the record", after.QuerySelector(".since-basis")!.TextContent);
        Assert.Contains("with Dr Rivera", after.QuerySelector(".since-basis")!.TextContent);

        // The visit pack reads the same period: only the check-in after the visit, its worst answer "mild".
        var pack = await client.GetDocumentAsync($"/record/{rid}/visit");
        var symptoms = pack.QuerySelector("#pack-symptoms")!.ParentElement!.TextContent;
        Assert.Contains($"Since the last visit on {RecordSummary.FormatDate(visitDay)}", symptoms);
        Assert.Contains("1 check-in", symptoms);
        Assert.Contains("Nausea: Severity Mild (1)", symptoms);
        Assert.DoesNotContain("Severe", symptoms);
        // The next visit is the one today (today's visit is being prepared for).
        Assert.Contains("for the visit of", pack.QuerySelector(".pack-head")!.TextContent);

        // Moving the clock past today's visit makes it the last one (the clock only moves forward; each test reads its own today).
        w.Clock.Advance(TimeSpan.FromDays(1));
        using var tomorrow = w.App.CreateClient(); // a day later the idle session has ended: sign in again
        Assert.Equal(HttpStatusCode.Redirect, (await Accounts.AccountTests.LoginAsync(tomorrow, email, VisitPackWorld.Password)).StatusCode);
        var next = await tomorrow.GetDocumentAsync($"/record/{rid}/symptoms/summary");
        Assert.Equal(RecordSummary.IsoDate(today), next.QuerySelector(".since-period time")!.GetAttribute("datetime"));
    }

    [Fact]
    public async Task The_patient_records_a_visit_with_a_care_team_member_and_writes_answers_linked_to_it()
    {
        var (rid, client, _) = await w.PatientAsync();
        var (otherRid, otherClient, _) = await w.PatientAsync();
        otherClient.Dispose();
        var (memberId, otherMember, questionId) = await w.WithDbAsync(async db =>
        {
            var m = await db.CareTeam.FirstAsync(x => x.RecordId == rid && x.Role == "oncologist");
            var stranger = new CareTeamMember { RecordId = otherRid, Role = "nurse", Name = "Not yours" };
            var q = new OwnQuestion { RecordId = rid, Text = "Can I travel in March?", Position = 1 };
            db.AddRange(stranger, q);
            await db.SaveChangesAsync();
            return (m.Id, stranger.Id, q.Id);
        });

        // Another record's care team member is refused.
        var refused = await client.SubmitAsync($"/record/{rid}/visits",
            [new("Input.Date", RecordSummary.IsoDate(w.Today.AddDays(-3))), new("Input.CareTeamMemberId", otherMember.ToString())]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choose someone from your care team", await refused.Content.ReadAsStringAsync());

        var added = await client.SubmitAsync($"/record/{rid}/visits",
            [new("Input.Date", RecordSummary.IsoDate(w.Today.AddDays(-3))), new("Input.CareTeamMemberId", memberId.ToString()), new("Input.Notes", "Scan stable.")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var visitUrl = added.Headers.Location!.OriginalString;
        var visit = await w.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.RecordId == rid));
        Assert.Equal(w.Today.AddDays(-3), visit.Date);
        Assert.Equal(memberId, visit.CareTeamMemberId);
        Assert.NotNull(visit.WithWhom); // the member's name, kept as text
        Assert.EndsWith($"/visits/{visit.Id}", visitUrl);

        var list = await client.GetDocumentAsync($"/record/{rid}/visits");
        Assert.Contains("Scan stable.", list.QuerySelector("table")!.TextContent);

        // Answers written on the visit's page are linked to it.
        var answered = await client.SubmitAsync(visitUrl, [new("Answers[0].Answer", "Yes, with the letter from the clinic.")], "handler=Answers");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var q = await w.WithDbAsync(db => db.OwnQuestions.AsNoTracking().SingleAsync(x => x.Id == questionId));
        Assert.Equal((visit.Id, true, "Yes, with the letter from the clinic."), (q.VisitId!.Value, q.Done, q.Answer));
        Assert.Contains(await w.WithDbAsync(db => db.AuditEntries.Where(a => a.RecordId == rid && a.What == "visit").Select(a => a.Action).ToListAsync()), a => a == "create");

        // Deleting the visit keeps the answer (the link is cleared by the database).
        var deleted = await client.SubmitAsync(visitUrl, [], "handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        q = await w.WithDbAsync(db => db.OwnQuestions.AsNoTracking().SingleAsync(x => x.Id == questionId));
        Assert.Equal((null, "Yes, with the letter from the clinic."), (q.VisitId, q.Answer));
    }

    [Fact]
    public async Task The_visit_pack_shows_every_part_from_the_record_with_sources_and_prints_without_navigation()
    {
        var (rid, client, _) = await w.PatientAsync();
        await w.CheckInAsync(rid, w.Today.AddDays(-2), "Diarrhea", "frequency", 2);
        var response = await client.GetAsync($"/record/{rid}/visit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var doc = Forms.Parse(await response.Content.ReadAsStringAsync());
        var pack = doc.QuerySelector("article.pack")!;
        var text = pack.TextContent;
        Assert.Contains("Sam Rivera (demo)", text);
        Assert.Contains($"born {w.Today.Year - 52}", text);
        Assert.Contains("Stage IVB adenocarcinoma", text);
        Assert.Contains("Positive by", text);                         // the ALK test
        Assert.Contains("Line 1: alectinib", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("(progression)", text);                       // the stop reason
        Assert.Contains("Current:", text);
        Assert.Contains("lorlatinib", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ALK", pack.QuerySelector("#pack-biomarkers")!.ParentElement!.TextContent);
        Assert.Contains("Diarrhea: Frequency", text);
        Assert.Contains("Medicine interactions", text);
        Assert.Contains("What is due", text);
        var questions = pack.QuerySelectorAll(".pack-questions li").ToList();
        Assert.NotEmpty(questions);
        Assert.All(questions.Where(li => !li.TextContent.Contains("my own question")), li => Assert.Contains("Source", li.TextContent));
        // The pack itself links nowhere into the record; the tools around it are marked not to print.
        Assert.Empty(pack.QuerySelectorAll("a[href^='/record']"));
        Assert.NotNull(doc.QuerySelector(".no-print .record-nav"));
        Assert.NotNull(doc.QuerySelector("link[href^='/css/visit.css']"));
    }

    [Fact]
    public async Task The_second_opinion_pack_PDF_parses_back_with_PDFsharp_and_holds_the_summary_and_history()
    {
        var (rid, client, _) = await w.PatientAsync();
        var saved = await client.SubmitAsync($"/record/{rid}/visit/second-opinion",
            [new("Summary.Text", "Diagnosed in 2022. I want to know whether brigatinib is worth trying.")], "handler=Summary");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = await client.GetDocumentAsync($"/record/{rid}/visit/second-opinion");
        Assert.Contains("I want to know whether brigatinib is worth trying.", page.QuerySelector(".pack-own-summary")!.TextContent);
        Assert.NotNull(page.QuerySelector("#pack-history"));

        var pdf = await client.GetAsync($"/record/{rid}/visit/second-opinion?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains("second-opinion-pack-", pdf.Content.Headers.ContentDisposition?.FileName ?? "");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var (pages, text) = PdfText(bytes);
        Assert.True(pages >= 2, $"{pages} pages");
        Assert.Contains("Second-opinion pack", text);
        Assert.Contains("Sam Rivera (demo)", text);
        Assert.Contains("In my own words", text);
        Assert.Contains("brigatinib is worth trying", text);
        Assert.Contains("Full history", text);
        Assert.Contains("Line 1:", text);
        Assert.Contains($"page 1 of {pages}", text);

        // The visit pack's PDF is the shorter one, without the history.
        var (visitPages, visitText) = PdfText(await client.GetByteArrayAsync($"/record/{rid}/visit?handler=Pdf"));
        Assert.True(visitPages <= pages);
        Assert.Contains("Visit pack", visitText);
        Assert.DoesNotContain("Full history", visitText);
    }

    [Fact]
    public async Task A_share_link_opens_only_the_pack_read_only_is_audited_and_fails_after_revocation_or_expiry()
    {
        var (rid, client, _) = await w.PatientAsync();
        var created = await client.SubmitAsync($"/record/{rid}/visit/second-opinion", [new("Share.Days", "7"), new("Share.Label", "Dr Chen, ALK clinic")], "handler=Share");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var url = new Uri(Forms.Parse(await created.Content.ReadAsStringAsync()).QuerySelector("#new-share-url")!.TextContent.Trim());
        var share = await w.WithDbAsync(db => db.PackShares.AsNoTracking().SingleAsync(s => s.RecordId == rid));
        Assert.Equal(64, share.TokenHash.Length);                       // only the hash is stored
        Assert.DoesNotContain(url.Segments.Last(), share.TokenHash);
        Assert.Equal(w.Clock.GetUtcNow().UtcDateTime.AddDays(7), share.ExpiresUtc);

        using var anonymous = w.App.CreateClient();
        var open = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("no-store", open.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", open.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("noindex", open.Headers.GetValues("X-Robots-Tag").Single());
        var doc = Forms.Parse(await open.Content.ReadAsStringAsync());
        Assert.Contains("Sam Rivera (demo)", doc.QuerySelector("article.pack")!.TextContent);
        Assert.NotNull(doc.QuerySelector("#pack-history"));
        // Nothing else is reachable: no navigation, no form, no link into the app.
        Assert.Null(doc.QuerySelector("nav"));
        Assert.Empty(doc.QuerySelectorAll("form"));
        Assert.DoesNotContain(doc.QuerySelectorAll("a[href]"), a => !(a.GetAttribute("href") ?? "").StartsWith("http", StringComparison.Ordinal));
        // The link does not open the record, its API or another page.
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/record/{rid}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/records/{rid}")).StatusCode);

        var audits = await w.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.RecordId == rid && a.What == SharedPackModel.AuditWhat).ToListAsync());
        var audit = Assert.Single(audits);
        Assert.Equal(("read", share.Id.ToString()), (audit.Action, audit.ItemId));
        Assert.Contains("Dr Chen", audit.ActorEmail);
        // The patient sees it was opened once; the activity page lists the open.
        var owner = await client.GetDocumentAsync($"/record/{rid}/visit/second-opinion");
        Assert.Contains("Opened once", owner.QuerySelector($"[data-share='{share.Id}']")!.TextContent);

        // Revoked: 410 with a clear page, and no new audit row.
        var revoke = await client.SubmitAsync($"/record/{rid}/visit/second-opinion", [], $"id={share.Id}");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        var gone = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var goneDoc = Forms.Parse(await gone.Content.ReadAsStringAsync());
        Assert.Equal("This link has been turned off", goneDoc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(goneDoc.QuerySelector("article.pack"));
        Assert.Single(await w.WithDbAsync(db => db.AuditEntries.Where(a => a.RecordId == rid && a.What == SharedPackModel.AuditWhat).ToListAsync()));

        // Expired: a 1-day link works, then not after a day.
        var second = await client.SubmitAsync($"/record/{rid}/visit/second-opinion", [new("Share.Days", "1")], "handler=Share");
        var url2 = new Uri(Forms.Parse(await second.Content.ReadAsStringAsync()).QuerySelector("#new-share-url")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url2.PathAndQuery)).StatusCode);
        w.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
        var expired = await anonymous.GetAsync(url2.PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("This link has expired", Forms.Parse(await expired.Content.ReadAsStringAsync()).QuerySelector("h1")!.TextContent.Trim());

        // A made-up token, and something that is not a token at all: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/shared/pack/{Hosting.SecretTokens.New()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/shared/pack/nope")).StatusCode);
    }

    [Fact]
    public async Task Only_the_patient_makes_share_links_and_thirty_days_is_the_longest()
    {
        var (rid, client, email) = await w.PatientAsync();
        var tooLong = await client.SubmitAsync($"/record/{rid}/visit/second-opinion", [new("Share.Days", "31")], "handler=Share");
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("1 to 30 days", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(0, await w.WithDbAsync(db => db.PackShares.CountAsync(s => s.RecordId == rid)));

        // A caregiver who manages the record reads the pack but cannot share it.
        var cgEmail = $"c{Guid.NewGuid():N}"[..12] + "@example.org";
        await w.WithDbAsync(async db =>
        {
            using var scope = w.App.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = cgEmail, Email = cgEmail, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, VisitPackWorld.Password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.Caregiver);
            var owner = await users.FindByEmailAsync(email);
            db.CaregiverAccess.Add(new CaregiverAccess
            {
                RecordId = rid, InvitedEmail = cgEmail, Level = AccessLevels.Manage, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = DateTime.UtcNow.AddDays(7),
                InvitedById = owner!.Id, CaregiverId = u.Id, AcceptedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        using var caregiver = w.App.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Accounts.AccountTests.LoginAsync(caregiver, cgEmail, VisitPackWorld.Password)).StatusCode);
        var page = await caregiver.GetDocumentAsync($"/record/{rid}/visit/second-opinion");
        Assert.NotNull(page.QuerySelector("article.pack"));
        Assert.Null(page.QuerySelector("form[action*='handler=Share']"));
        var r = await caregiver.SubmitAsync($"/record/{rid}/visit/second-opinion", [new("Share.Days", "7")], "handler=Summary");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode); // the summary form works for them
        var token = (await caregiver.GetDocumentAsync($"/record/{rid}/visit/second-opinion")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var share = await caregiver.PostAsync($"/record/{rid}/visit/second-opinion?handler=Share",
            new FormUrlEncodedContent([new("Share.Days", "7"), new("__RequestVerificationToken", token)]));
        Assert.Equal("forbidden", Record.RecordWorld.Outcome(share));
        Assert.Equal(0, await w.WithDbAsync(db => db.PackShares.CountAsync(s => s.RecordId == rid)));
    }

    /// <summary>The page count and the text drawn on every page (WinAnsi strings, as PackPdf writes Latin text).</summary>
    internal static (int Pages, string Text) PdfText(byte[] bytes)
    {
        using var doc = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        var sb = new System.Text.StringBuilder();
        foreach (var page in doc.Pages)
        {
            Collect(ContentReader.ReadContent(page), sb);
        }
        return (doc.PageCount, sb.ToString());

        static void Collect(CObject o, System.Text.StringBuilder sb)
        {
            switch (o)
            {
                case CString s:
                    sb.Append(s.Value).Append('\n');
                    break;
                case COperator op:
                    foreach (var x in op.Operands) Collect(x, sb);
                    break;
                case CSequence seq:
                    foreach (var x in seq) Collect(x, sb);
                    break;
            }
        }
    }
}
