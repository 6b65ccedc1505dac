using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Account;

/// <summary>One file of the account export: its path in the ZIP, the line that describes it in README.txt, its bytes.</summary>
public sealed record ExportFile(string Path, string Description, byte[] Content);

/// <summary>
/// "Take everything": the account's data as one ZIP (the /account/export page and `alknav account export`). For the
/// record the account owns: the profile JSON (the same bytes as `alknav record export`), the schedule as iCalendar and
/// JSON, check-ins, alerts and dose marks as JSON and CSV, the own questions, saved trials, sharing, the activity log and
/// the earlier versions kept after imports. For every account: the account itself (roles, sign-in devices, invitations
/// sent and received). A caregiver's export lists the records they follow (id and access level) but never their content:
/// that belongs to the patient, who exports it. The app stores no uploaded files: an imported profile is read into the
/// record, and what the record was before is kept as an earlier version (record/versions/).
/// </summary>
public static partial class AccountExport
{
    public const string ContentType = "application/zip";
    public const string ReadmePath = "README.txt";

    public static string FileName(DateTime nowUtc) => $"alknavigator-export-{nowUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.zip";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable accents and "+"; the files are JSON, never HTML
    };

    /// <summary>Every file of <paramref name="user"/>'s export (README.txt not included: <see cref="Zip"/> writes it).</summary>
    public static async Task<List<ExportFile>> CollectAsync(AppDbContext db, UserManager<AppUser> users, AppUser user, DateTime nowUtc, CancellationToken ct = default)
    {
        var files = new List<ExportFile>
        {
            JsonFile("account/account.json", "Your account: email, when it was created, roles, two-step sign-in on or off, signed-in devices, " +
                "invitations you sent and received, and the records you follow as a caregiver (their id and your access level only).",
                await AccountAsync(db, users, user, ct)),
        };

        var recordId = await db.Records.AsNoTracking().Where(r => r.OwnerId == user.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (recordId is { } rid) await AddRecordAsync(files, db, rid, nowUtc, ct);
        return files;
    }

    /// <summary>The files as a ZIP, README.txt first (it lists every file with its description).</summary>
    public static byte[] Zip(IReadOnlyList<ExportFile> files, string userEmail, DateTime nowUtc)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var stamp = new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc));
            Add(zip, ReadmePath, Readme(files, userEmail, nowUtc), stamp);
            foreach (var f in files) Add(zip, f.Path, f.Content, stamp);
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string path, byte[] content, DateTimeOffset stamp)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using var s = entry.Open();
        s.Write(content);
    }

    public static byte[] Readme(IReadOnlyList<ExportFile> files, string userEmail, DateTime nowUtc)
    {
        var b = new StringBuilder();
        b.Append("AlkNavigator: everything saved for ").Append(userEmail).Append(", exported ")
            .Append(nowUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC.\n\n");
        b.Append("Times ending in \"Utc\" are UTC; dates (yyyy-MM-dd) are calendar dates in your own time zone.\n");
        b.Append("JSON files open in any text editor; CSV files open in a spreadsheet (comma-separated, UTF-8, first row = column names);\n");
        b.Append("the .ics file imports into a calendar app. record/profile.json can be imported into AlkNavigator again\n");
        b.Append("(Record > Import and export, or `alknav record import`).\n\n");
        if (!files.Any(f => f.Path.StartsWith("record/", StringComparison.Ordinal)))
            b.Append("This account has no patient record of its own, so there are no record files. The records you follow as a\n")
             .Append("caregiver belong to their patients and are not in your export; account/account.json lists them.\n\n");
        b.Append("Files:\n\n");
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            b.Append(f.Path).Append('\n').Append("    ").Append(f.Description).Append("\n\n");
        b.Append("This export contains health information. Keep it somewhere safe, and delete it when you no longer need it.\n");
        return Encoding.UTF8.GetBytes(b.ToString());
    }

    // ------------------------------------------------------------------ account

    private static async Task<object> AccountAsync(AppDbContext db, UserManager<AppUser> users, AppUser user, CancellationToken ct)
    {
        var email = user.Email ?? "";
        var upper = email.ToUpperInvariant();
        var sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == user.Id).OrderBy(s => s.CreatedUtc)
            .Select(s => new { s.Device, s.CreatedUtc, s.LastSeenUtc, s.RevokedUtc }).ToListAsync(ct);
        var sent = await db.CaregiverAccess.AsNoTracking().Where(a => a.InvitedById == user.Id).OrderBy(a => a.CreatedUtc)
            .Select(a => new { a.RecordId, a.InvitedEmail, a.Level, a.CreatedUtc, a.ExpiresUtc, a.AcceptedUtc, a.RevokedUtc }).ToListAsync(ct);
        var received = await db.CaregiverAccess.AsNoTracking()
#pragma warning disable MA0011 // ToUpper() runs in SQL (EF translates it to UPPER), where a culture argument cannot be translated
            .Where(a => a.CaregiverId == user.Id || (a.CaregiverId == null && a.InvitedEmail.ToUpper() == upper))
#pragma warning restore MA0011
            .OrderBy(a => a.CreatedUtc)
            .Select(a => new { a.RecordId, a.InvitedEmail, a.Level, a.CreatedUtc, a.ExpiresUtc, a.AcceptedUtc, a.RevokedUtc }).ToListAsync(ct);
        var logins = (await users.GetLoginsAsync(user)).Select(l => l.ProviderDisplayName ?? l.LoginProvider).ToList();
        return new
        {
            user.Id,
            Email = email,
            user.EmailConfirmed,
            user.CreatedUtc,
            Roles = await users.GetRolesAsync(user),
            TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user),
            HasPassword = await users.HasPasswordAsync(user),
            ExternalLogins = logins,
            SignedInDevices = sessions,
            InvitationsSent = sent,
            InvitationsReceived = received,
        };
    }

    // ------------------------------------------------------------------ the own record

    private static async Task AddRecordAsync(List<ExportFile> files, AppDbContext db, Guid rid, DateTime nowUtc, CancellationToken ct)
    {
        var symptomSettings = await db.SymptomSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == rid, ct);
        var today = DateOnly.FromDateTime(nowUtc); // as `alknav record export` (the UTC date): the age is this year's

        var record = (await ProfileJson.LoadAsync(db, rid, ct))!;
        files.Add(new("record/profile.json",
            "Your record (diagnosis, treatment lines, where the cancer is, ECOG, procedures, progressions, biomarkers, other " +
            "medicines, care team, progression plan) as patient profile JSON version 1, the same file as Record > Import and export.",
            ProfileJson.ExportBytes(record, today)));
        files.Add(new("record/fhir-bundle.json",
            "The same clinical record as an HL7 FHIR R4 Bundle with mCODE profiles (application/fhir+json), for other hospitals' " +
            "and apps' systems; AlkNavigator imports it too. The same file as `alknav record export --format fhir`.",
            AlkNavigator.Features.Fhir.FhirExport.BundleBytes(record, new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)))));

        var scheduleSettings = await db.ScheduleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == rid, ct);
        var items = await db.MonitoringItems.AsNoTracking().Include(i => i.Results).Where(i => i.RecordId == rid)
            .OrderBy(i => i.Due).ThenBy(i => i.Kind).ToListAsync(ct);
        var entries = items.Select(i => new CalendarEntry(i.Id + "@alknavigator", i.Kind, i.Title, i.Due, i.Reason, i.Source, i.Status));
        files.Add(new("record/schedule.ics",
            "Your monitoring schedule (visits, scans, blood tests), every item past and planned, as iCalendar: import it into a calendar app.",
            Encoding.UTF8.GetBytes(ScheduleCalendar.Write(entries, ScheduleFeed.CalendarName, Math.Max(1, scheduleSettings?.ReminderLeadDays ?? 2), nowUtc))));
        files.Add(JsonFile("record/schedule.json", "The same schedule with everything the calendar leaves out: status, notes, and the results you entered (lab values, scan outcomes).",
            items.Select(i => new
            {
                i.Id, i.Kind, i.Title, i.Due, i.WindowDays, i.Status, i.DoneDate, i.Reason, i.Source, i.Origin, i.Note,
                Results = i.Results.OrderBy(r => r.Date).Select(r => new { r.Date, r.ImagingOutcome, r.Analyte, r.Value, r.Unit, r.RefLow, r.RefHigh, r.Grade, r.Note }),
            })));

        var checkIns = await db.CheckIns.AsNoTracking().Include(c => c.Answers).Where(c => c.RecordId == rid)
            .OrderBy(c => c.StartedUtc).ToListAsync(ct);
        var checkInRows = checkIns.Select(c => new CheckInRow(c.Id, c.Status, c.StartedUtc, c.SubmittedUtc, c.EnteredByEmail, c.OnBehalf, c.Drug, c.DrugStart,
            c.TemperatureC, c.WeightKg, c.Systolic, c.Diastolic, c.HeartRate, c.OxygenSaturation)).ToList();
        var answerRows = checkIns.SelectMany(c => c.Answers.OrderBy(a => a.Id).Select(a => new AnswerRow(c.Id, a.Term, a.Attribute, a.Value))).ToList();
        files.Add(JsonFile("record/check-ins.json", "Your symptom check-ins, each with its answers (0-4 on the question's scale; presence 0/1) and measurements.",
            checkIns.Select(c => new
            {
                c.Id, c.Status, c.StartedUtc, c.SubmittedUtc, c.EnteredByEmail, c.OnBehalf, c.Drug, c.DrugStart,
                c.TemperatureC, c.WeightKg, c.Systolic, c.Diastolic, c.HeartRate, c.OxygenSaturation,
                Answers = c.Answers.OrderBy(a => a.Id).Select(a => new { a.Term, a.Attribute, a.Value }),
            })));
        files.Add(CsvFile("record/check-ins.csv", "The check-ins as a table, one row per check-in (measurements; the answers are in check-in-answers.csv).", checkInRows));
        files.Add(CsvFile("record/check-in-answers.csv", "Every check-in answer, one row each, linked to check-ins.csv by CheckInId.", answerRows));

        var alerts = await db.SymptomAlerts.AsNoTracking().Where(a => a.RecordId == rid).OrderBy(a => a.CreatedUtc)
            .Select(a => new AlertRow(a.Id, a.CheckInId, a.CreatedUtc, a.Level, a.Heading, a.Term, a.Score, a.Change, a.Message, a.Action, a.Basis, a.RuleId,
                a.AcknowledgedUtc, a.AcknowledgedByEmail)).ToListAsync(ct);
        files.Add(JsonFile("record/alerts.json", "The alerts your check-ins raised, with what they advised and when they were acknowledged.", alerts));
        files.Add(CsvFile("record/alerts.csv", "The same alerts as a table, one row per alert.", alerts));

        var doses = await db.DoseEntries.AsNoTracking().Where(d => d.RecordId == rid).OrderBy(d => d.LocalDate).ThenBy(d => d.Slot)
            .Select(d => new DoseRow(d.Id, d.Drug, d.LocalDate, d.Slot, d.Status, d.MarkedUtc, d.MarkedByEmail, d.OnBehalf)).ToListAsync(ct);
        files.Add(JsonFile("record/dose-marks.json", "Every dose you marked taken or missed (Slot: the dose of that day, 0 = first).", doses));
        files.Add(CsvFile("record/dose-marks.csv", "The same dose marks as a table, one row per dose.", doses));

        files.Add(JsonFile("record/settings.json", "Your symptom and schedule settings (time zone, dose times, check-in day, reminders, visit spacing).", new
        {
            Symptoms = symptomSettings is null ? null : new
            {
                symptomSettings.TimeZone, symptomSettings.DoseTimes, symptomSettings.CheckInDay, symptomSettings.EmailReminders, symptomSettings.UsualOxygenSaturation,
            },
            // The calendar feed's token hash is a credential, not your data: only whether a feed exists.
            Schedule = scheduleSettings is null ? null : new
            {
                scheduleSettings.VisitMonthsEarly, scheduleSettings.VisitMonthsLater, scheduleSettings.StableMonthsBeforeLater, scheduleSettings.ReminderLeadDays,
                scheduleSettings.EmailReminders, CalendarFeed = scheduleSettings.FeedTokenHash is not null, scheduleSettings.FeedDetailed,
            },
        }));

        files.Add(JsonFile("record/questions.json", "Your own questions for the next visit, with the answers you wrote down.",
            await db.OwnQuestions.AsNoTracking().Where(q => q.RecordId == rid).OrderBy(q => q.Position)
                .Select(q => new { q.Text, q.Done, q.Answer, q.CreatedUtc }).ToListAsync(ct)));
        files.Add(JsonFile("record/saved-trials.json", "The clinical trials you saved, with your notes.",
            await db.SavedTrials.AsNoTracking().Where(s => s.RecordId == rid).OrderBy(s => s.SavedUtc)
                .Select(s => new { s.NctId, s.Note, s.SavedUtc }).ToListAsync(ct)));
        files.Add(JsonFile("record/sharing.json", "Who you invited to follow your record, at which level, and when they accepted or you revoked it.",
            await db.CaregiverAccess.AsNoTracking().Where(a => a.RecordId == rid).OrderBy(a => a.CreatedUtc)
                .Select(a => new { a.InvitedEmail, CaregiverEmail = a.Caregiver == null ? null : a.Caregiver.Email, a.Level, a.CreatedUtc, a.ExpiresUtc, a.AcceptedUtc, a.RevokedUtc })
                .ToListAsync(ct)));
        files.Add(JsonFile("record/activity.json", "The activity log of your record: who read or changed what, and when (the Activity page).",
            await db.AuditEntries.AsNoTracking().Where(a => a.RecordId == rid).OrderBy(a => a.AtUtc).ThenBy(a => a.Id)
                .Select(a => new { a.AtUtc, a.ActorEmail, a.Action, a.What, a.ItemId, a.Detail }).ToListAsync(ct)));

        var versions = await db.Set<RecordSnapshot>().AsNoTracking().Where(s => s.RecordId == rid).OrderBy(s => s.TakenUtc).ToListAsync(ct);
        foreach (var v in versions)
            files.Add(new($"record/versions/{v.TakenUtc.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{v.Id.ToString("N")[..8]}.json",
                $"Your record as it was before \"{v.Source}\" replaced it ({v.TakenUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC), profile JSON; kept {RecordSnapshots.KeepDays} days.",
                Encoding.UTF8.GetBytes(v.ProfileJson)));
    }

    // ------------------------------------------------------------------ rows and writers

    [CsvRecord]
    public sealed partial record CheckInRow(Guid Id, string Status, DateTime StartedUtc, DateTime? SubmittedUtc, string EnteredByEmail, bool OnBehalf, string? Drug,
        DateOnly? DrugStart, decimal? TemperatureC, decimal? WeightKg, int? Systolic, int? Diastolic, int? HeartRate, int? OxygenSaturation);

    [CsvRecord]
    public sealed partial record AnswerRow(Guid CheckInId, string Term, string Attribute, int Value);

    [CsvRecord]
    public sealed partial record AlertRow(Guid Id, Guid CheckInId, DateTime CreatedUtc, string Level, string? Heading, string? Term, int Score, string Change,
        string Message, string Action, string Basis, string RuleId, DateTime? AcknowledgedUtc, string? AcknowledgedByEmail);

    [CsvRecord]
    public sealed partial record DoseRow(Guid Id, string Drug, DateOnly LocalDate, int Slot, string Status, DateTime MarkedUtc, string MarkedByEmail, bool OnBehalf);

    private static ExportFile JsonFile(string path, string description, object value) =>
        new(path, description, JsonSerializer.SerializeToUtf8Bytes(value, Json));

    /// <summary>
    /// RFC 4180 CSV by CsvHelper (fields with commas, quotes or line breaks quoted, CRLF, a header row), UTF-8, numbers and
    /// dates invariant (ISO 8601). Text starting with = + - @ is escaped so a spreadsheet shows it instead of running it.
    /// </summary>
    public static ExportFile CsvFile<T>(string path, string description, IEnumerable<T> rows)
    {
        using var bytes = new MemoryStream();
        using (var csv = CsvWriter.Create(bytes, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true))
            csv.WriteRecords(rows);
        return new(path, description, bytes.ToArray());
    }
}
