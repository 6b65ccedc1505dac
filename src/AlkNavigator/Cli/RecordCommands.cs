using AlkNavigator.Features.Symptoms;
using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using AlkNavigator.Data;
using AlkNavigator.Features.Fhir;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Cli;

/// <summary>`alknav record export` and `alknav record import`: a patient's record as profile JSON.</summary>
internal static class RecordCommands
{
    // ---- record import / export and the demo

    /// <summary>The CLI writes audit entries under this name (it acts for an operator, not a signed-in account).</summary>
    internal const string CliActor = "alknav CLI";
    private const string CliActorId = "alknav-cli";

    public static Command Build()
    {
        var record = new Command("record", "Import and export a patient's record as patient profile JSON (version 1) or a FHIR R4 Bundle (mCODE).");

        var export = new Command("export", "Write the user's record to a file as profile JSON v1 with the \"alknav\" extension (export then import gives the same record).");
        var exportUser = UserOption();
        var output = new Option<string>("--out") { Description = "The file to write ('-' for standard output).", Required = true, HelpName = "FILE" };
        var exportData = CliApp.DataOption();
        var format = new Option<string>("--format")
        {
            Description = "profile (patient profile JSON v1, the default) or fhir (an HL7 FHIR R4 Bundle with mCODE profiles).",
            DefaultValueFactory = _ => "profile", HelpName = "FORMAT",
        };
        format.AcceptOnlyFromAmong("profile", "fhir");
        export.Options.Add(exportUser);
        export.Options.Add(output);
        export.Options.Add(format);
        export.Options.Add(exportData);
        export.SetAction((pr, ct) => ExportRecordAsync(pr.GetValue(exportUser)!, pr.GetValue(output)!, pr.GetValue(format) == "fhir", pr.GetValue(exportData), ct));
        record.Subcommands.Add(export);

        var import = new Command("import", "Replace the clinical content of the user's record (created if missing) with a profile file. " +
            "Checks the whole file first: on any problem prints FILE:LINE: PATH: message for each, saves nothing and exits 1.");
        var importUser = UserOption();
        var file = new Argument<string>("FILE") { Description = "The profile JSON file." };
        var importData = CliApp.DataOption();
        import.Options.Add(importUser);
        import.Arguments.Add(file);
        import.Options.Add(importData);
        import.SetAction((pr, ct) => ImportRecordAsync(pr.GetValue(importUser)!, pr.GetValue(file)!, pr.GetValue(importData), ct));
        record.Subcommands.Add(import);
        return record;
    }

    private static Option<string> UserOption()
    {
        var user = new Option<string>("--user") { Description = "The email address of the patient whose record it is.", Required = true, HelpName = "EMAIL" };
        user.Validators.Add(r =>
        {
            if (!new EmailAddressAttribute().IsValid(r.GetValueOrDefault<string>()))
                r.AddError($"--user: '{r.GetValueOrDefault<string>()}' is not a valid email address.");
        });
        return user;
    }

    private static async Task<int> ExportRecordAsync(string email, string output, bool fhir, string? data, CancellationToken ct)
    {
        await using var app = CliApp.BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            CliOutput.Error.WriteLine($"No account with email {email}.");
            return 1;
        }
        var id = await db.Records.Where(r => r.OwnerId == user.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            CliOutput.Error.WriteLine($"{email} has no record yet.");
            return 1;
        }
        var record = (await ProfileJson.LoadAsync(db, id.Value, ct))!;
        var bytes = fhir ? FhirExport.BundleBytes(record, db.Clock.GetUtcNow()) : ProfileJson.ExportBytes(record, (await PatientTime.TodayAsync(db, id.Value, db.Clock, ct)).Today);
        try
        {
            if (output == "-")
            {
                await using var stdout = CliOutput.OpenStandardOutput();
                await stdout.WriteAsync(bytes, ct);
            }
            else await File.WriteAllBytesAsync(output, bytes, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CliOutput.Error.WriteLine($"Cannot write {output}: {e.Message}");
            return 1;
        }
        db.AuditEntries.Add(new AuditEntry
        {
            RecordId = record.Id, ActorId = CliActorId, ActorEmail = CliActor, Action = "read", What = "export",
            Detail = (output == "-" ? "Exported to standard output" : $"Exported to {Path.GetFileName(output)}") + (fhir ? " as a FHIR Bundle." : "."),
        });
        await db.SaveChangesAsync(ct);
        if (output != "-")
            CliOutput.Out.WriteLine($"Exported the record of {email} to {output}: {record.Treatments.Count} treatment line(s), {record.Biomarkers.Count} biomarker result(s), {record.Sites.Count} site observation(s).");
        return 0;
    }

    private static async Task<int> ImportRecordAsync(string email, string file, string? data, CancellationToken ct)
    {
        // Check the file before touching the database: a bad file changes nothing, not even a missing record.
        if (await ProfileInput.ReadAsync(file, PatientTime.UtcToday(TimeProvider.System), ct, i => $"{i.Problems.Count} problem(s) found; nothing was imported.") is not { } import)
            return 1;

        await using var app = CliApp.BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            CliOutput.Error.WriteLine($"No account with email {email}. Create it first with `alknav users create --email {email}`.");
            return 1;
        }
        var record = await access.GetOrCreateOwnAsync(user, ct);
        try
        {
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var counts = await RecordSnapshots.ImportWithSnapshotAsync(db, record, import, CliActorId, CliActor, $"CLI import of {Path.GetFileName(file)}",
                clock.GetUtcNow().UtcDateTime, detail => db.AuditEntries.Add(new AuditEntry
            {
                RecordId = record.Id, ActorId = CliActorId, ActorEmail = CliActor, Action = "import", What = "record",
                ItemId = record.Id.ToString(), Detail = $"{Path.GetFileName(file)}: {detail}",
            }), ct);
            CliOutput.Out.WriteLine($"Imported {file} into the record of {email}: {counts}.");
            if (import.Warnings.Count > 0) CliOutput.Out.WriteLine($"{import.Warnings.Count} warning(s): those parts of the file were ignored.");
            CliOutput.Out.WriteLine($"The record as it was before is kept for {RecordSnapshots.KeepDays} days: the patient can restore it on the Import and export page.");
            return 0;
        }
        catch (DbUpdateConcurrencyException)
        {
            CliOutput.Error.WriteLine("The record was changed by someone else during the import; nothing was saved. Run the import again.");
            return 1;
        }
    }
}
