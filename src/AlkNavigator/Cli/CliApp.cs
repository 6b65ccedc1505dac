using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using AlkNavigator.Data;
using AlkNavigator.Features.Learn;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Identity;

namespace AlkNavigator.Cli;

/// <summary>The `alknav` command line: thin commands over the host and the features' services.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args) => BuildRoot().Parse(args).InvokeAsync();

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

    private static Option<string?> DataOption() =>
        new("--data") { Description = "Directory for the SQLite database and Data Protection keys (default ./data)." };

    private static Dictionary<string, string?> Overrides(string? data, string? urls = null)
    {
        var o = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(data)) o["Data:Directory"] = data;
        if (!string.IsNullOrWhiteSpace(urls)) o["urls"] = urls;
        return o;
    }

    private static WebApplication BuildQuietHost(string? data) =>
        AppHost.Build(Overrides(data), b =>
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
        var content = app.Services.GetRequiredService<ContentStore>();
        app.Logger.LogInformation("Knowledge loaded: {Drugs} drugs, {Pages} pages, {Sources} sources from {Directory}",
            content.Drugs.Count, content.Pages.Count, content.Bibliography.Count, content.Directory);
        await app.RunAsync(ct);
        return 0;
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
            if (!await users.IsInRoleAsync(existing, role)) await users.AddToRoleAsync(existing, role);
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
}
