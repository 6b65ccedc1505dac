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

/// <summary>`alknav users create` and `alknav users create-admin`.</summary>
internal static class UsersCommands
{
    public static Command Build()
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
        var data = CliApp.DataOption();
        create.Options.Add(email);
        create.Options.Add(role);
        create.Options.Add(password);
        create.Options.Add(data);
        create.SetAction((pr, ct) => CreateUserAsync(pr.GetValue(email)!, Roles.Normalize(pr.GetValue(role))!, pr.GetValue(password), pr.GetValue(data), ct));
        users.Subcommands.Add(create);

        var createAdmin = new Command("create-admin", "Create the first administrator (or give an existing account the Admin role).");
        var adminEmail = EmailOption();
        var adminPassword = new Option<string?>("--password") { Description = "Password (at least 10 characters). Generated when omitted." };
        var adminData = CliApp.DataOption();
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
        await using var app = CliApp.BuildQuietHost(data);
        await Database.MigrateAsync(app.Services, ct);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            if (!promoteExisting)
            {
                CliOutput.Error.WriteLine($"An account with email {email} already exists.");
                return 1;
            }
            if (!await users.IsInRoleAsync(existing, role))
            {
                await users.AddToRoleAsync(existing, role);
                await users.UpdateSecurityStampAsync(existing); // ends its sessions: the new role applies from the next sign-in
            }
            CliOutput.Out.WriteLine($"{email} already existed; it now has the {role} role.");
            return 0;
        }

        var generated = password is null;
        password ??= RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) CliOutput.Error.WriteLine($"Cannot create {email}: {e.Description}");
            return 1;
        }
        await users.AddToRoleAsync(user, role);
        CliOutput.Out.WriteLine($"Created {email} with the {role} role.");
        if (generated) CliOutput.Out.WriteLine($"Password: {password}");
        return 0;
    }
}
