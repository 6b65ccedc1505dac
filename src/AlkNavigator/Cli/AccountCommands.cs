using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Cli;

/// <summary>`alknav account export`: the same ZIP as the /account/export page, for an operator answering a data request.</summary>
internal static class AccountCommands
{
    public static Command Build()
    {
        var account = new Command("account", "An account's data: everything saved for it, as the /account/export page gives it.");
        var export = new Command("export", "Write everything saved for the account (its record's profile JSON, schedule as iCalendar, check-ins, alerts " +
            "and dose marks as JSON and CSV, account data, README.txt) to one ZIP file.");
        var user = new Option<string>("--user") { Description = "The email address of the account.", Required = true, HelpName = "EMAIL" };
        user.Validators.Add(r =>
        {
            if (!new EmailAddressAttribute().IsValid(r.GetValueOrDefault<string>()))
                r.AddError($"--user: '{r.GetValueOrDefault<string>()}' is not a valid email address.");
        });
        var output = new Option<string>("--out") { Description = "The ZIP file to write.", Required = true, HelpName = "FILE" };
        var data = CliApp.DataOption();
        export.Options.Add(user);
        export.Options.Add(output);
        export.Options.Add(data);
        export.SetAction((pr, ct) => ExportAsync(pr.GetValue(user)!, pr.GetValue(output)!, pr.GetValue(data), ct));
        account.Subcommands.Add(export);
        return account;
    }

    private static async Task<int> ExportAsync(string email, string output, string? data, CancellationToken ct)
    {
        await using var app = CliApp.BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        var account = await users.FindByEmailAsync(email);
        if (account is null)
        {
            CliOutput.Error.WriteLine($"No account with email {email}.");
            return 1;
        }
        var files = await AccountExport.CollectAsync(db, users, account, now, ct);
        var zip = AccountExport.Zip(files, account.Email ?? email, now);
        try
        {
            await File.WriteAllBytesAsync(output, zip, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CliOutput.Error.WriteLine($"Cannot write {output}: {e.Message}");
            return 1;
        }
        if (await db.Records.Where(r => r.OwnerId == account.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct) is { } rid)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                RecordId = rid, ActorId = "alknav-cli", ActorEmail = RecordCommands.CliActor, Action = "read", What = "account export",
                Detail = $"Exported everything to {Path.GetFileName(output)} ({files.Count} files).", AtUtc = now,
            });
            await db.SaveChangesAsync(ct);
        }
        CliOutput.Out.WriteLine($"Exported everything saved for {email} to {output}: {files.Count + 1} files (README.txt lists them), {zip.Length} bytes.");
        return 0;
    }
}
