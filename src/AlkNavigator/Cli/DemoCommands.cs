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

/// <summary>`alknav demo`: a demo patient and caregiver with a realistic history.</summary>
internal static class DemoCommands
{
    public static Command Build()
    {
        var demo = new Command("demo", $"Create a demo patient ({DemoData.PatientEmail}) with a realistic record and a demo caregiver " +
            $"({DemoData.CaregiverEmail}), and print both logins. Running it again resets both passwords and the record.");
        var data = CliApp.DataOption();
        demo.Options.Add(data);
        demo.SetAction(async (pr, ct) =>
        {
            await using var app = CliApp.BuildQuietHost(pr.GetValue(data));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            var result = await DemoData.CreateAsync(scope.ServiceProvider, ct);
            var r = result.Record;
            CliOutput.Out.WriteLine(result.Recreated ? "Demo reset: new passwords and a fresh record." : "Demo created.");
            CliOutput.Out.WriteLine();
            CliOutput.Out.WriteLine($"  Patient:   {DemoData.PatientEmail}");
            CliOutput.Out.WriteLine($"  Password:  {result.PatientPassword}");
            CliOutput.Out.WriteLine($"  Caregiver: {DemoData.CaregiverEmail} (contributor on the patient's record)");
            CliOutput.Out.WriteLine($"  Password:  {result.CaregiverPassword}");
            CliOutput.Out.WriteLine();
            CliOutput.Out.WriteLine($"Record {r.DisplayName}: stage {r.Stage} {r.Histology}, ALK {r.AlkStatus} ({ProfileJson.FormatFusion(r.FusionPartner, r.FusionVariant)}), " +
                $"{r.Treatments.Count} treatment lines, {r.CareTeam.Count} care team members.");
            var dataArg = pr.GetValue(data) is { Length: > 0 } d ? $" --data {d}" : "";
            CliOutput.Out.WriteLine($"Start the app with `alknav serve{dataArg}`, log in at {AppHost.DefaultUrl}/account/login, then open /record/{result.RecordId}.");
            return 0;
        });
        return demo;
    }
}
