using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using AlkNavigator.Data;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Cli;

/// <summary>The `alknav` command line: thin commands over the host and the features' services.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException
                                      or System.Data.Common.DbException or System.Net.Sockets.SocketException)
        {
            // Configuration, file system, database and network problems: the message says what is wrong; no stack trace.
            Console.Error.WriteLine($"alknav: {e.Message}");
            return 1;
        }
    }

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("AlkNavigator: knowledge, records and tools for people with ALK-positive lung cancer.\nWith no command, runs `serve`.");
        AddServeOptions(root, out var rootUrls, out var rootData);
        root.SetAction((pr, ct) => ServeAsync(pr.GetValue(rootUrls), pr.GetValue(rootData), ct));

        var serve = new Command("serve", "Run the web application (default http://localhost:5080, SQLite in ./data).");
        AddServeOptions(serve, out var urls, out var data);
        serve.SetAction((pr, ct) => ServeAsync(pr.GetValue(urls), pr.GetValue(data), ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Apply database migrations (SQLite, or PostgreSQL when Database:Provider=postgres).");
        var migrateData = DataOption();
        migrate.Options.Add(migrateData);
        migrate.SetAction(async (pr, ct) =>
        {
            await using var app = BuildQuietHost(pr.GetValue(migrateData));
            await Database.MigrateAsync(app.Services, ct);
            var db = app.Services.GetRequiredService<DatabaseOptions>();
            Console.WriteLine($"Database is up to date ({(db.IsPostgres ? "PostgreSQL" : "SQLite")}).");
            return 0;
        });
        root.Subcommands.Add(migrate);

        root.Subcommands.Add(ContentCommand());
        root.Subcommands.Add(UsersCommand());
        root.Subcommands.Add(TrialsCommands.Build());
        root.Subcommands.Add(SymptomsCommands.Build());
        root.Subcommands.Add(InteractionsCommands.Build());
        root.Subcommands.Add(ScheduleCommands.Build());
        root.Subcommands.Add(RecordCommand());
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(BackupCommands.Backup());
        root.Subcommands.Add(BackupCommands.Restore());
        return root;
    }

    private static void AddServeOptions(Command command, out Option<string?> urls, out Option<string?> data)
    {
        urls = new Option<string?>("--urls") { Description = $"Address(es) to listen on, separated by ';' (default {AppHost.DefaultUrl})." };
        urls.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is null) return;
            foreach (var u in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
                if (!Uri.TryCreate(u.Replace("*", "0.0.0.0").Replace("+", "0.0.0.0"), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    r.AddError($"--urls: '{u}' is not an http(s) address such as http://localhost:5080.");
        });
        data = DataOption();
        command.Options.Add(urls);
        command.Options.Add(data);
    }

    internal static Option<string?> DataOption() =>
        new("--data") { Description = "Directory for the SQLite database and Data Protection keys (default ./data)." };

    private static Dictionary<string, string?> Overrides(string? data, string? urls = null)
    {
        var o = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(data)) o["Data:Directory"] = data;
        if (!string.IsNullOrWhiteSpace(urls)) o["urls"] = urls;
        return o;
    }

    /// <param name="prepareData">false for `restore`: the target directory is checked for emptiness and left untouched when the
    /// archive is refused, so the host must not create its database file and key directory first.</param>
    internal static WebApplication BuildQuietHost(string? data, bool prepareData = true) =>
        AppHost.Build(prepareData ? Overrides(data) : new Dictionary<string, string?>(Overrides(data)) { ["Data:Prepare"] = "false" }, b =>
        {
            b.Logging.ClearProviders();
            b.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });

    private static async Task<int> ServeAsync(string? urls, string? data, CancellationToken ct)
    {
        await using var app = AppHost.Build(Overrides(data, urls));
        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart)
            await Database.MigrateAsync(app.Services, ct);
        await AlkNavigator.Features.Trials.CtGov.TrialSeed.SeedIfEmptyAsync(app.Services, ct); // an empty catalogue starts with the shipped studies
        _ = RefreshCriteriaAsync(app, ct);
        var content = app.Services.GetRequiredService<ContentStore>();
        app.Logger.LogInformation("Knowledge loaded: {Drugs} drugs, {Pages} pages, {Sources} sources from {Directory}",
            content.Drugs.Count, content.Pages.Count, content.Bibliography.Count, content.Directory);
        await app.RunAsync(ct);
        return 0;
    }

    /// <summary>In the background while serving: re-derive stored trials' criteria if this build parses them differently.</summary>
    private static async Task RefreshCriteriaAsync(WebApplication app, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            using var scope = app.Services.CreateScope();
            var changed = await AlkNavigator.Features.Trials.Matching.CriteriaRefresh.RunAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
            if (changed > 0) app.Logger.LogInformation("Trial criteria re-derived by this version's parser: {Changed} trial(s) changed", changed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            app.Logger.LogError(e, "Re-deriving trial criteria failed; matching keeps the stored criteria");
        }
    }

    private static Command ContentCommand()
    {
        var content = new Command("content", "Work with the knowledge base in content/.");
        var check = new Command("check", "Validate the content: schema, source keys, internal links. Exits 1 listing each problem as FILE:LINE: message.");
        var dir = new Argument<string>("DIR") { Description = "Content directory (default content/).", DefaultValueFactory = _ => "content" };
        check.Arguments.Add(dir);
        check.SetAction(pr =>
        {
            var (store, problems) = ContentStore.Check(pr.GetValue(dir)!);
            foreach (var p in problems) Console.Error.WriteLine(p);
            if (problems.Count > 0)
            {
                Console.Error.WriteLine($"{problems.Count} problem(s) found.");
                return 1;
            }
            Console.WriteLine($"Content OK: {store!.Drugs.Count} drugs, {store.Pages.Count} pages, {store.Bibliography.Count} sources.");
            return 0;
        });
        content.Subcommands.Add(check);
        return content;
    }

    private static Command UsersCommand()
    {
        var users = new Command("users", "Manage accounts.");

        var create = new Command("create", "Create an account. Prints a generated password when --password is not given.");
        var email = EmailOption();
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)} (default Patient).", DefaultValueFactory = _ => Roles.Patient };
        role.Validators.Add(r =>
        {
            if (Roles.Normalize(r.GetValueOrDefault<string>()) is null)
                r.AddError($"--role: '{r.GetValueOrDefault<string>()}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        });
        var password = new Option<string?>("--password") { Description = "Password (at least 10 characters). Generated when omitted." };
        var data = DataOption();
        create.Options.Add(email);
        create.Options.Add(role);
        create.Options.Add(password);
        create.Options.Add(data);
        create.SetAction((pr, ct) => CreateUserAsync(pr.GetValue(email)!, Roles.Normalize(pr.GetValue(role))!, pr.GetValue(password), pr.GetValue(data), ct));
        users.Subcommands.Add(create);

        var createAdmin = new Command("create-admin", "Create the first administrator (or give an existing account the Admin role).");
        var adminEmail = EmailOption();
        var adminPassword = new Option<string?>("--password") { Description = "Password (at least 10 characters). Generated when omitted." };
        var adminData = DataOption();
        createAdmin.Options.Add(adminEmail);
        createAdmin.Options.Add(adminPassword);
        createAdmin.Options.Add(adminData);
        createAdmin.SetAction((pr, ct) => CreateUserAsync(pr.GetValue(adminEmail)!, Roles.Admin, pr.GetValue(adminPassword), pr.GetValue(adminData), ct, promoteExisting: true));
        users.Subcommands.Add(createAdmin);
        return users;
    }

    private static Option<string> EmailOption()
    {
        var email = new Option<string>("--email") { Description = "The account's email address.", Required = true };
        email.Validators.Add(r =>
        {
            if (!new EmailAddressAttribute().IsValid(r.GetValueOrDefault<string>()))
                r.AddError($"--email: '{r.GetValueOrDefault<string>()}' is not a valid email address.");
        });
        return email;
    }

    private static async Task<int> CreateUserAsync(string email, string role, string? password, string? data, CancellationToken ct, bool promoteExisting = false)
    {
        await using var app = BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            if (!promoteExisting)
            {
                Console.Error.WriteLine($"An account with email {email} already exists.");
                return 1;
            }
            if (!await users.IsInRoleAsync(existing, role))
            {
                await users.AddToRoleAsync(existing, role);
                await users.UpdateSecurityStampAsync(existing); // ends its sessions: the new role applies from the next sign-in
            }
            Console.WriteLine($"{email} already existed; it now has the {role} role.");
            return 0;
        }

        var generated = password is null;
        password ??= RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) Console.Error.WriteLine($"Cannot create {email}: {e.Description}");
            return 1;
        }
        await users.AddToRoleAsync(user, role);
        Console.WriteLine($"Created {email} with the {role} role.");
        if (generated) Console.WriteLine($"Password: {password}");
        return 0;
    }

    // ---- record import / export and the demo

    /// <summary>The CLI writes audit entries under this name (it acts for an operator, not a signed-in account).</summary>
    internal const string CliActor = "alknav CLI";
    private const string CliActorId = "alknav-cli";

    private static Command RecordCommand()
    {
        var record = new Command("record", "Import and export a patient's record as patient profile JSON (version 1).");

        var export = new Command("export", "Write the user's record to a file as profile JSON v1 with the \"alknav\" extension (export then import gives the same record).");
        var exportUser = UserOption();
        var output = new Option<string>("--out") { Description = "The file to write ('-' for standard output).", Required = true, HelpName = "FILE" };
        var exportData = DataOption();
        export.Options.Add(exportUser);
        export.Options.Add(output);
        export.Options.Add(exportData);
        export.SetAction((pr, ct) => ExportRecordAsync(pr.GetValue(exportUser)!, pr.GetValue(output)!, pr.GetValue(exportData), ct));
        record.Subcommands.Add(export);

        var import = new Command("import", "Replace the clinical content of the user's record (created if missing) with a profile file. " +
            "Checks the whole file first: on any problem prints FILE:LINE: PATH: message for each, saves nothing and exits 1.");
        var importUser = UserOption();
        var file = new Argument<string>("FILE") { Description = "The profile JSON file." };
        var importData = DataOption();
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

    private static async Task<int> ExportRecordAsync(string email, string output, string? data, CancellationToken ct)
    {
        await using var app = BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            Console.Error.WriteLine($"No account with email {email}.");
            return 1;
        }
        var id = await db.Records.Where(r => r.OwnerId == user.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            Console.Error.WriteLine($"{email} has no record yet.");
            return 1;
        }
        var record = (await ProfileJson.LoadAsync(db, id.Value, ct))!;
        var bytes = ProfileJson.ExportBytes(record, ProfileJson.Today);
        try
        {
            if (output == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(bytes, ct);
            }
            else await File.WriteAllBytesAsync(output, bytes, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot write {output}: {e.Message}");
            return 1;
        }
        db.AuditEntries.Add(new AuditEntry
        {
            RecordId = record.Id, ActorId = CliActorId, ActorEmail = CliActor, Action = "read", What = "export",
            Detail = output == "-" ? "Exported to standard output." : $"Exported to {Path.GetFileName(output)}.",
        });
        await db.SaveChangesAsync(ct);
        if (output != "-")
            Console.WriteLine($"Exported the record of {email} to {output}: {record.Treatments.Count} treatment line(s), {record.Biomarkers.Count} biomarker result(s), {record.Sites.Count} site observation(s).");
        return 0;
    }

    /// <summary>Reads a file named on the command line; a missing, too large or unreadable file is explained on stderr (null).</summary>
    internal static async Task<byte[]?> ReadInputFileAsync(string file, CancellationToken ct, long? maxBytes = null)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                Console.Error.WriteLine($"{file}: no such file.");
                return null;
            }
            if (info.Length > maxBytes)
            {
                Console.Error.WriteLine($"{file}: the file is {info.Length / 1024} KB; a profile can be at most {maxBytes / (1024 * 1024)} MB.");
                return null;
            }
            return await File.ReadAllBytesAsync(file, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot read {file}: {e.Message}");
            return null;
        }
    }

    private static async Task<int> ImportRecordAsync(string email, string file, string? data, CancellationToken ct)
    {
        if (await ReadInputFileAsync(file, ct, ProfileJson.MaxBytes) is not { } bytes) return 1;

        // Check the file before touching the database: a bad file changes nothing, not even a missing record.
        var import = ProfileJson.Parse(bytes, ProfileJson.Today);
        foreach (var w in import.Warnings) Console.Error.WriteLine($"{file}:{w.Line}: {w.Path}: warning: {w.Message}");
        if (!import.IsValid)
        {
            foreach (var p in import.Problems) Console.Error.WriteLine($"{file}:{p.Line}: {p.Path}: {p.Message}");
            Console.Error.WriteLine($"{import.Problems.Count} problem(s) found; nothing was imported.");
            return 1;
        }

        await using var app = BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            Console.Error.WriteLine($"No account with email {email}. Create it first with `alknav users create --email {email}`.");
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
            Console.WriteLine($"Imported {file} into the record of {email}: {counts}.");
            if (import.Warnings.Count > 0) Console.WriteLine($"{import.Warnings.Count} warning(s): those parts of the file were ignored.");
            Console.WriteLine($"The record as it was before is kept for {RecordSnapshots.KeepDays} days: the patient can restore it on the Import and export page.");
            return 0;
        }
        catch (DbUpdateConcurrencyException)
        {
            Console.Error.WriteLine("The record was changed by someone else during the import; nothing was saved. Run the import again.");
            return 1;
        }
    }

    private static Command DemoCommand()
    {
        var demo = new Command("demo", $"Create a demo patient ({DemoData.PatientEmail}) with a realistic record and a demo caregiver " +
            $"({DemoData.CaregiverEmail}), and print both logins. Running it again resets both passwords and the record.");
        var data = DataOption();
        demo.Options.Add(data);
        demo.SetAction(async (pr, ct) =>
        {
            await using var app = BuildQuietHost(pr.GetValue(data));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            var result = await DemoData.CreateAsync(scope.ServiceProvider, ct);
            var r = result.Record;
            Console.WriteLine(result.Recreated ? "Demo reset: new passwords and a fresh record." : "Demo created.");
            Console.WriteLine();
            Console.WriteLine($"  Patient:   {DemoData.PatientEmail}");
            Console.WriteLine($"  Password:  {result.PatientPassword}");
            Console.WriteLine($"  Caregiver: {DemoData.CaregiverEmail} (contributor on the patient's record)");
            Console.WriteLine($"  Password:  {result.CaregiverPassword}");
            Console.WriteLine();
            Console.WriteLine($"Record {r.DisplayName}: stage {r.Stage} {r.Histology}, ALK {r.AlkStatus} ({ProfileJson.FormatFusion(r.FusionPartner, r.FusionVariant)}), " +
                $"{r.Treatments.Count} treatment lines, {r.CareTeam.Count} care team members.");
            var dataArg = pr.GetValue(data) is { Length: > 0 } d ? $" --data {d}" : "";
            Console.WriteLine($"Start the app with `alknav serve{dataArg}`, log in at {AppHost.DefaultUrl}/account/login, then open /record/{result.RecordId}.");
            return 0;
        });
        return demo;
    }
}
