using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Features.Trials;
using AlkNavigator.Features.Visit;
using CsvHelper;
using Ical.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AlkNavigator.Tests.Accounts;

/// <summary>
/// Issue 15, "take everything, leave nothing": the /account/export ZIP (every file there and each one reads back with
/// the tool made for it) and account deletion (every row of the person gone, in one transaction, nobody else's touched).
/// Each test makes its own world: the demo patient and caregiver (`alknav demo`), plus another patient the demo patient
/// helps as a caregiver.
/// </summary>
[DatabaseTests]
public sealed class AccountDataTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private sealed record World(DemoData.Result Demo, Guid OtherRecordId, string OtherEmail, Guid ThirdRecordId);

    private const string OtherPassword = "another long passphrase";

    /// <summary>
    /// The demo (patient with a record, check-ins, alerts, dose marks, a schedule, a caregiver), plus on the demo record:
    /// a question, a saved trial, a trial notice, an earlier version, a reminder log row; and another patient whose record
    /// the demo patient manages as a caregiver (with an invitation they sent there, and an activity-log row of theirs),
    /// and a third record that invited the demo patient's address (not yet accepted).
    /// </summary>
    private async Task<World> BuildAsync()
    {
        using var scope = _app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var demo = await DemoData.CreateAsync(sp);
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var access = sp.GetRequiredService<RecordAccess>();
        var patient = (await users.FindByEmailAsync(DemoData.PatientEmail))!;
        var rid = demo.RecordId;
        var now = DateTime.UtcNow;

        db.OwnQuestions.Add(new OwnQuestion { RecordId = rid, Text = "Should I, \"really\", have a brain MRI, now?\nAsk.", Position = 1 });
        db.SavedTrials.Add(new SavedTrial { RecordId = rid, NctId = "NCT00000001", Note = "=HYPERLINK(\"x\")" });
        db.TrialNotices.Add(new TrialNotice { RecordId = rid, NctId = "NCT00000001", Verdict = "likely" });
        db.Set<RecordSnapshot>().Add(new RecordSnapshot { RecordId = rid, TakenUtc = now.AddDays(-1), ActorId = patient.Id, ActorEmail = patient.Email!, Source = "import of old.json", ProfileJson = "{\"id\":\"x\"}" });
        db.RemindersSent.Add(new ReminderSent { RecordId = rid, Kind = "checkin", Key = "2026-01-01", Channel = "email" });

        var other = new AppUser { UserName = "other@example.org", Email = "other@example.org", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(other, OtherPassword)).Succeeded);
        await users.AddToRoleAsync(other, Roles.Patient);
        var otherRecord = await access.GetOrCreateOwnAsync(other);
        otherRecord.DisplayName = "Other Patient";
        db.Treatments.Add(new TreatmentLine { RecordId = otherRecord.Id, Agent = "lorlatinib", Start = DateOnly.FromDateTime(now).AddMonths(-3) });
        db.DoseEntries.Add(new DoseEntry { RecordId = otherRecord.Id, Drug = "lorlatinib", LocalDate = DateOnly.FromDateTime(now), MarkedByEmail = patient.Email! });
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = otherRecord.Id, InvitedEmail = patient.Email!, Level = AccessLevels.Manage, TokenHash = Guid.NewGuid().ToString("N"),
            ExpiresUtc = now.AddDays(-1), InvitedById = other.Id, CaregiverId = patient.Id, AcceptedUtc = now.AddDays(-5),
        });
        db.CaregiverAccess.Add(new CaregiverAccess // sent by the demo patient as the other record's manager, never accepted
        {
            RecordId = otherRecord.Id, InvitedEmail = "friend@example.org", Level = AccessLevels.View, TokenHash = Guid.NewGuid().ToString("N"),
            ExpiresUtc = now.AddDays(3), InvitedById = patient.Id,
        });
        db.AuditEntries.Add(new AuditEntry { RecordId = otherRecord.Id, ActorId = patient.Id, ActorEmail = patient.Email!, Action = "read", What = "record" });

        var third = new AppUser { UserName = "third@example.org", Email = "third@example.org", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(third, OtherPassword)).Succeeded);
        var thirdRecord = await access.GetOrCreateOwnAsync(third);
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = thirdRecord.Id, InvitedEmail = DemoData.PatientEmail.ToUpperInvariant(), Level = AccessLevels.View,
            TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = now.AddDays(3), InvitedById = third.Id,
        });
        await db.SaveChangesAsync();
        return new World(demo, otherRecord.Id, other.Email!, thirdRecord.Id);
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.LoginAsync(client, email, password)).StatusCode);
        return client;
    }

    private static async Task<ZipArchive> ExportAsync(HttpClient client)
    {
        var r = await client.SubmitAsync("/account/export", []);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/zip", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
        Assert.StartsWith("alknavigator-export-", r.Content.Headers.ContentDisposition?.FileNameStar ?? r.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return new ZipArchive(new MemoryStream(await r.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
    }

    private static string Text(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the ZIP: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static byte[] Bytes(ZipArchive zip, string path)
    {
        using var s = zip.GetEntry(path)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    [Fact]
    public async Task The_patients_export_holds_every_file_and_each_reads_back()
    {
        var w = await BuildAsync();
        using var client = await SignedInAsync(DemoData.PatientEmail, w.Demo.PatientPassword);
        using var zip = await ExportAsync(client);
        var names = zip.Entries.Select(e => e.FullName).ToList();

        Assert.Equal("README.txt", names[0]);
        foreach (var expected in new[]
                 {
                     "account/account.json", "record/profile.json", "record/fhir-bundle.json", "record/schedule.ics", "record/schedule.json", "record/check-ins.json", "record/check-ins.csv",
                     "record/check-in-answers.csv", "record/alerts.json", "record/alerts.csv", "record/dose-marks.json", "record/dose-marks.csv",
                     "record/settings.json", "record/questions.json", "record/saved-trials.json", "record/sharing.json", "record/activity.json",
                 })
            Assert.Contains(expected, names);
        Assert.Single(names, n => n.StartsWith("record/versions/", StringComparison.Ordinal));
        var readme = Text(zip, "README.txt");
        foreach (var n in names.Skip(1)) Assert.Contains(n + "\n    ", readme);

        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rid = w.Demo.RecordId;

        // The profile: the same bytes as `alknav record export`, and the profile reader takes it back whole.
        var record = (await ProfileJson.LoadAsync(db, rid))!;
        var profile = Bytes(zip, "record/profile.json");
        Assert.Equal(Encoding.UTF8.GetString(ProfileJson.ExportBytes(record, _app.UtcToday)), Encoding.UTF8.GetString(profile));
        var parsed = ProfileJson.Parse(profile, _app.UtcToday);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems.Select(p => $"{p.Path}: {p.Message}")));
        Assert.Equal(record.Treatments.Count, parsed.Content.Treatments.Count);
        // The FHIR Bundle is a Bundle the import reads back to the same treatments.
        var bundle = ProfileJson.Parse(Bytes(zip, "record/fhir-bundle.json"), _app.UtcToday);
        Assert.True(bundle.IsValid, string.Join("; ", bundle.Problems.Select(p => $"{p.Path}: {p.Message}")));
        Assert.Equal(record.Treatments.Count, bundle.Content.Treatments.Count);

        // The schedule: Ical.Net reads it, one event per item (every item, not only the feed's window).
        var items = await db.MonitoringItems.Where(i => i.RecordId == rid).CountAsync();
        Assert.True(items > 0);
        var calendar = Calendar.Load(Text(zip, "record/schedule.ics"))!;
        Assert.Equal(items, calendar.Events.Count);

        // Check-ins, alerts, dose marks: JSON and CSV agree with the database.
        var checkIns = await db.CheckIns.CountAsync(c => c.RecordId == rid);
        var answers = await db.CheckInAnswers.CountAsync(a => db.CheckIns.Any(c => c.Id == a.CheckInId && c.RecordId == rid));
        var alerts = await db.SymptomAlerts.CountAsync(a => a.RecordId == rid);
        var doses = await db.DoseEntries.Where(d => d.RecordId == rid).ToListAsync();
        Assert.Equal(10, checkIns);
        Assert.True(alerts > 0);
        Assert.Equal(checkIns, JsonDocument.Parse(Text(zip, "record/check-ins.json")).RootElement.GetArrayLength());
        Assert.Equal(alerts, JsonDocument.Parse(Text(zip, "record/alerts.json")).RootElement.GetArrayLength());
        Assert.Equal(doses.Count, JsonDocument.Parse(Text(zip, "record/dose-marks.json")).RootElement.GetArrayLength());

        using (var csv = CsvReader.FromText(Text(zip, "record/check-ins.csv")))
            Assert.Equal(checkIns, csv.GetRecords<AccountExport.CheckInRow>().Count());
        using (var csv = CsvReader.FromText(Text(zip, "record/check-in-answers.csv")))
            Assert.Equal(answers, csv.GetRecords<AccountExport.AnswerRow>().Count());
        using (var csv = CsvReader.FromText(Text(zip, "record/alerts.csv")))
        {
            var rows = csv.GetRecords<AccountExport.AlertRow>().ToList();
            Assert.Equal(alerts, rows.Count);
            var stored = await db.SymptomAlerts.Where(a => a.RecordId == rid).OrderBy(a => a.CreatedUtc).FirstAsync();
            Assert.Equal(stored.Message, rows[0].Message); // commas, quotes and line breaks survive the round trip
        }
        using (var csv = CsvReader.FromText(Text(zip, "record/dose-marks.csv")))
        {
            var rows = csv.GetRecords<AccountExport.DoseRow>().ToList();
            Assert.Equal(doses.Count, rows.Count);
            Assert.Equal(doses.Count(d => d.Status == DoseStatus.Missed), rows.Count(r => r.Status == DoseStatus.Missed));
            Assert.Equal(doses.Select(d => d.LocalDate).Order(), rows.Select(r => r.LocalDate).Order());
        }

        // The account: roles and the records followed (only which and at what level).
        var account = JsonDocument.Parse(Text(zip, "account/account.json")).RootElement;
        Assert.Equal(DemoData.PatientEmail, account.GetProperty("email").GetString());
        Assert.Contains(Roles.Patient, account.GetProperty("roles").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(account.GetProperty("invitationsReceived").EnumerateArray(), e => e.GetProperty("recordId").GetGuid() == w.OtherRecordId);
        Assert.DoesNotContain("lorlatinib\",\"start", Text(zip, "account/account.json")); // nothing of the other record's content
        Assert.DoesNotContain(names, n => Text(zip, n).Contains("Other Patient", StringComparison.Ordinal));
        // Secrets are not data: no feed token hash, no invitation token hash, no password hash.
        var patient = await db.Users.SingleAsync(u => u.Email == DemoData.PatientEmail);
        foreach (var n in names) Assert.DoesNotContain(patient.PasswordHash!, Text(zip, n));
        Assert.DoesNotContain(names, n => Text(zip, n).Contains("tokenHash", StringComparison.OrdinalIgnoreCase));

        // The download is in the record's activity log.
        Assert.True(await db.AuditEntries.AnyAsync(a => a.RecordId == rid && a.What == "account export" && a.ActorId == patient.Id));
    }

    [Fact]
    public async Task A_caregivers_export_holds_their_account_and_none_of_the_patients_record()
    {
        var w = await BuildAsync();
        using var client = await SignedInAsync(DemoData.CaregiverEmail, w.Demo.CaregiverPassword);
        Assert.Contains("no patient record of your own", (await client.GetDocumentAsync("/account/export")).QuerySelector("main")!.TextContent);
        using var zip = await ExportAsync(client);
        Assert.Equal(["README.txt", "account/account.json"], zip.Entries.Select(e => e.FullName).ToList());
        Assert.Contains("caregiver belong to their patients", Text(zip, "README.txt"));
        var account = JsonDocument.Parse(Text(zip, "account/account.json")).RootElement;
        var followed = Assert.Single(account.GetProperty("invitationsReceived").EnumerateArray());
        Assert.Equal(w.Demo.RecordId, followed.GetProperty("recordId").GetGuid());
        Assert.Equal(AccessLevels.Contribute, followed.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Export_needs_a_signed_in_account_and_the_forms_token()
    {
        var w = await BuildAsync();
        using var anonymous = _app.CreateClient();
        var get = await anonymous.GetAsync("/account/export");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Contains("/account/login", get.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var post = await anonymous.PostAsync("/account/export", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);

        using var client = await SignedInAsync(DemoData.PatientEmail, w.Demo.PatientPassword);
        var forged = await client.PostAsync("/account/export", new FormUrlEncodedContent([])); // no anti-forgery token
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotEqual("application/zip", forged.Content.Headers.ContentType?.MediaType);
    }

    // ------------------------------------------------------------------ deletion

    /// <summary>Rows per table (every table in the EF model), counted with SQL.</summary>
    private async Task<Dictionary<string, int>> CountTablesAsync()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sql = db.GetService<ISqlGenerationHelper>();
        var counts = new Dictionary<string, int>();
        foreach (var table in db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null).Select(t => t.GetTableName()!).Distinct())
        {
            var query = $"SELECT COUNT(*) AS \"Value\" FROM {sql.DelimitIdentifier(table)}";
            counts[table] = (await db.Database.SqlQueryRaw<int>(query).ToListAsync())[0];
        }
        return counts;
    }

    /// <summary>For every entity with a RecordId column: its rows of <paramref name="recordId"/>.</summary>
    private async Task<Dictionary<string, int>> CountByRecordAsync(Guid recordId)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sql = db.GetService<ISqlGenerationHelper>();
        var counts = new Dictionary<string, int>();
        foreach (var t in db.Model.GetEntityTypes())
        {
            if (t.FindProperty("RecordId") is not { } p || t.GetTableName() is not { } table) continue;
            var column = p.GetColumnName(StoreObjectIdentifier.Table(table, t.GetSchema()))!;
            var query = $"SELECT COUNT(*) AS \"Value\" FROM {sql.DelimitIdentifier(table)} WHERE {sql.DelimitIdentifier(column)} = {{0}}";
            counts[t.ClrType.Name] = (await db.Database.SqlQueryRaw<int>(query, recordId).ToListAsync())[0];
        }
        return counts;
    }

    /// <summary>Tables whose rows change without anyone's doing (background jobs, key ring): left out of the before/after sums.</summary>
    private static readonly string[] Background = ["JobLeases", "DataProtectionKeys"];

    [Fact]
    public void Every_entity_with_a_RecordId_cascades_from_the_record_and_every_account_row_from_the_account()
    {
        using var scope = CreateModelScope(out var db);
        var problems = new List<string>();
        foreach (var t in db.Model.GetEntityTypes())
        {
            // A row with a RecordId must go when its record goes: a cascading key to PatientRecord, directly or through its
            // parent (a schedule result through its item).
            if (t.FindProperty("RecordId") is not null && !CascadesFrom(t, typeof(PatientRecord), []))
                problems.Add($"{t.ClrType.Name} has a RecordId but no cascading foreign key (chain) to PatientRecord: deleting an account would leave its rows");
            foreach (var fk in t.GetForeignKeys().Where(f => f.PrincipalEntityType.ClrType == typeof(AppUser) && f.DeleteBehavior != DeleteBehavior.Cascade))
                problems.Add($"{t.ClrType.Name} → AppUser does not cascade ({fk.DeleteBehavior})");
        }
        Assert.Empty(problems);
    }

    private static bool CascadesFrom(Microsoft.EntityFrameworkCore.Metadata.IEntityType t, Type principal, HashSet<Microsoft.EntityFrameworkCore.Metadata.IEntityType> seen) =>
        seen.Add(t) && t.GetForeignKeys().Any(f => f.DeleteBehavior == DeleteBehavior.Cascade
            && (f.PrincipalEntityType.ClrType == principal || CascadesFrom(f.PrincipalEntityType, principal, seen)));

    private IServiceScope CreateModelScope(out AppDbContext db)
    {
        var scope = _app.Services.CreateScope();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    [Fact]
    public async Task Deleting_removes_every_row_of_the_person_and_nobody_elses_and_says_what_went()
    {
        var w = await BuildAsync();
        using var client = await SignedInAsync(DemoData.PatientEmail, w.Demo.PatientPassword);
        var ownBefore = await CountByRecordAsync(w.Demo.RecordId);
        var otherBefore = await CountByRecordAsync(w.OtherRecordId);
        var tablesBefore = await CountTablesAsync();
        Assert.True(ownBefore.Count(kv => kv.Value > 0) >= 12, string.Join(", ", ownBefore)); // a populated record

        var page = await client.GetDocumentAsync("/account/manage/delete");
        Assert.NotNull(page.QuerySelector("main a[href='/account/export']"));
        var r = await client.SubmitAsync("/account/manage/delete", new Dictionary<string, string> { ["Input.Password"] = w.Demo.PatientPassword });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var done = Forms.Parse(await r.Content.ReadAsStringAsync());
        Assert.True(r.Headers.CacheControl?.NoStore == true);
        Assert.Empty(done.QuerySelectorAll("form[action$='/account/logout']")); // the page already renders signed out
        var shown = done.QuerySelectorAll("#deleted-summary tbody tr")
            .ToDictionary(tr => tr.QuerySelectorAll("td")[0].TextContent, tr => int.Parse(tr.QuerySelectorAll("td")[1].TextContent, System.Globalization.CultureInfo.InvariantCulture));

        // Nothing of the record is left, in any table with a RecordId (whatever feature added it).
        var ownAfter = await CountByRecordAsync(w.Demo.RecordId);
        Assert.All(ownAfter, kv => Assert.True(kv.Value == 0, $"{kv.Key}: {kv.Value} rows of the deleted record left"));
        // The other patient's record is as it was, except the demo patient's access and their unaccepted invitation there.
        var otherAfter = await CountByRecordAsync(w.OtherRecordId);
        foreach (var (kind, n) in otherBefore)
            Assert.Equal(kind == nameof(CaregiverAccess) ? n - 2 : n, otherAfter[kind]);

        // Every row that went is in the summary, and the summary counts nothing that did not go.
        var tablesAfter = await CountTablesAsync();
        var removed = tablesBefore.Where(kv => !Background.Contains(kv.Key)).Sum(kv => kv.Value - tablesAfter[kv.Key]);
        Assert.Equal(removed, shown.Values.Sum());
        Assert.Equal(ownBefore[nameof(CheckIn)], shown["symptom check-ins"]);
        Assert.Equal(ownBefore[nameof(SymptomAlert)], shown["symptom alerts"]);
        Assert.Equal(ownBefore[nameof(DoseEntry)], shown["dose marks"]);
        Assert.Equal(ownBefore[nameof(MonitoringItem)], shown["schedule items"]);
        Assert.Equal(ownBefore[nameof(AuditEntry)], shown["activity log entries about your record"]);
        Assert.Equal(1, shown["your caregiver access to other people's records"]);
        Assert.Equal(1, shown["invitations you sent on other records, never accepted"]);
        Assert.Equal(1, shown["invitations to your email address not yet accepted"]);
        Assert.Equal(1, shown["account"]);
        Assert.True(shown["signed-in devices (sessions)"] >= 1);

        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.Email == DemoData.PatientEmail));
        Assert.True(await db.Users.AnyAsync(u => u.Email == DemoData.CaregiverEmail)); // the caregiver keeps their account
        Assert.Equal(0, await db.CaregiverAccess.CountAsync(a => a.RecordId == w.ThirdRecordId));
        // Kept: the other patient's log of who read their record (it is theirs), documented in DATA-RETENTION.md.
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.RecordId == w.OtherRecordId && a.ActorEmail == DemoData.PatientEmail));
        // The other patient still signs in and sees their record.
        using var other = await SignedInAsync(w.OtherEmail, OtherPassword);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/record/{w.OtherRecordId}/treatments")).StatusCode);
        // The summary is emailed; the session that deleted is signed out.
        var mail = await _app.Smtp.WaitForAsync(DemoData.PatientEmail, AccountDeletion.EmailSubject);
        Assert.Contains("symptom check-ins: " + ownBefore[nameof(CheckIn)], mail.TextBody);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/manage")).StatusCode);
        // The log keeps one line with the account's opaque id and counts, and no address.
        var line = Assert.Single(_app.Logs.Entries, e => e.Message.Contains("deleted their account", StringComparison.Ordinal));
        Assert.DoesNotContain(DemoData.PatientEmail, line.Message);
    }

    [Fact]
    public async Task A_wrong_password_deletes_nothing()
    {
        var w = await BuildAsync();
        using var client = await SignedInAsync(DemoData.PatientEmail, w.Demo.PatientPassword);
        var before = await CountTablesAsync();
        var r = await client.SubmitAsync("/account/manage/delete", new Dictionary<string, string> { ["Input.Password"] = "not the password" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("That password is not correct.", await r.Content.ReadAsStringAsync());
        var after = await CountTablesAsync();
        foreach (var (table, n) in before.Where(kv => !Background.Contains(kv.Key)))
            Assert.True(n == after[table], $"{table}: {n} rows before, {after[table]} after a refused deletion");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/record/{w.Demo.RecordId}")).StatusCode);
    }

    [Fact]
    public async Task With_two_step_sign_in_on_deleting_needs_a_code_too()
    {
        const string email = "twofa@example.org", password = "a two step passphrase";
        string key, recovery;
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
            recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 2))!.First();
        }
        using var client = _app.CreateClient();
        var login = await AccountTests.LoginAsync(client, email, password);
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(login.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = totp })).StatusCode);

        var page = await client.GetDocumentAsync("/account/manage/delete");
        Assert.NotNull(page.QuerySelector("input[name='Input.Code'][autocomplete='one-time-code']"));
        var noCode = await client.SubmitAsync("/account/manage/delete", new Dictionary<string, string> { ["Input.Password"] = password });
        Assert.Contains("Enter the code from your authenticator app", await noCode.Content.ReadAsStringAsync());
        var wrong = await client.SubmitAsync("/account/manage/delete", new Dictionary<string, string> { ["Input.Password"] = password, ["Input.Code"] = "000000x" });
        Assert.Contains(Features.Account.Manage.DeleteModel.WrongCodeMessage, System.Net.WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        using (var scope = _app.Services.CreateScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));

        var ok = await client.SubmitAsync("/account/manage/delete", new Dictionary<string, string> { ["Input.Password"] = password, ["Input.Code"] = recovery });
        Assert.NotNull(Forms.Parse(await ok.Content.ReadAsStringAsync()).QuerySelector("#deleted-summary"));
        using (var scope = _app.Services.CreateScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task A_failure_midway_rolls_everything_back()
    {
        var w = await BuildAsync();
        var before = await CountTablesAsync();
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var patient = (await users.FindByEmailAsync(DemoData.PatientEmail))!;
            // Another writer changed the account after it was read: Identity's concurrency check refuses the delete at the last step.
            var stale = await db.Users.AsNoTracking().SingleAsync(u => u.Id == patient.Id);
            patient.ConcurrencyStamp = Guid.NewGuid().ToString();
            await users.UpdateAsync(patient);
            db.ChangeTracker.Clear();
            await Assert.ThrowsAnyAsync<Exception>(() => AccountDeletion.DeleteAsync(db, users, stale));
        }
        var after = await CountTablesAsync();
        foreach (var (table, n) in before.Where(kv => !Background.Contains(kv.Key)))
            Assert.True(n == after[table], $"{table}: {n} rows before, {after[table]} after a failed deletion");
    }
}
