using System.Net;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Tests.Schedule;

/// <summary>Patients, caregivers and monitoring items for the calendar feed, reminder and settings tests (items are inserted directly).</summary>
internal static class FeedsTestData
{
    public const string Password = "a schedule feeds test passphrase";
    public const string DisplayName = "Robin Feedsworth";

    /// <summary>A patient with a record (named <see cref="DisplayName"/>), schedule settings and a time zone.</summary>
    public static async Task<(Guid RecordId, string Email)> PatientAsync(IServiceProvider services, string zone = "UTC", bool emailReminders = true,
        int leadDays = 2, bool withSettings = true)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        var email = $"patient-{Guid.NewGuid():N}@example.org";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Patient);
        var record = await access.GetOrCreateOwnAsync(user);
        record.DisplayName = DisplayName;
        record.DiagnosisDate = new DateOnly(2024, 5, 1);
        record.Stage = "IVB";
        record.AlkStatus = "positive";
        db.SymptomSettings.Add(new SymptomSettings { RecordId = record.Id, TimeZone = zone });
        // Creating the record planned it, which made its settings row (PlanSync.SaveAsync): take that one.
        var settings = await db.ScheduleSettings.FirstOrDefaultAsync(s => s.RecordId == record.Id);
        if (settings is null) db.ScheduleSettings.Add(settings = new ScheduleSettings { RecordId = record.Id });
        (settings.EmailReminders, settings.ReminderLeadDays) = (emailReminders, leadDays);
        await db.SaveChangesAsync();
        // These tests insert their own items, and some want no settings row at all.
        await db.MonitoringItems.Where(i => i.RecordId == record.Id && i.Origin == ItemOrigin.Plan).ExecuteDeleteAsync();
        if (!withSettings) await db.ScheduleSettings.Where(s => s.RecordId == record.Id).ExecuteDeleteAsync();
        return (record.Id, email);
    }

    public static async Task<MonitoringItem> ItemAsync(IServiceProvider services, Guid recordId, DateOnly due, string status = ItemStatus.Planned,
        string kind = "lab:liver", string title = "Liver tests", string reason = "The label asks for liver tests every 2 weeks at first.", string source = "alecensa-dosing")
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var item = new MonitoringItem
        {
            RecordId = recordId, Kind = kind, Title = title, Due = due, Reason = reason, Source = source, Status = status,
            Origin = ItemOrigin.User, PlanKey = null, // a person's item: plan regeneration (PlanSync) leaves it alone
            DoneDate = status == ItemStatus.Done ? due : null,
        };
        db.MonitoringItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }

    public static async Task<HttpClient> LoginAsync(TestApp app, string email)
    {
        var client = app.CreateClient();
        var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    /// <summary>A caregiver of the record at <paramref name="level"/>, signed in.</summary>
    public static async Task<(HttpClient Client, string Email)> CaregiverAsync(TestApp app, Guid recordId, string level)
    {
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var email = $"caregiver-{Guid.NewGuid():N}@example.org";
            var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.Caregiver);
            var owner = await db.Records.Where(r => r.Id == recordId).Select(r => r.OwnerId).SingleAsync();
            db.CaregiverAccess.Add(new CaregiverAccess
            {
                RecordId = recordId, InvitedEmail = email, Level = level, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = DateTime.UtcNow.AddDays(7),
                InvitedById = owner, CaregiverId = u.Id, AcceptedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            return (await LoginAsync(app, email), email);
        }
    }

    /// <summary>POSTs like a browser of this client (anti-forgery token from the client's own session) to a URL that may show no form to it.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        var doc = await client.GetDocumentAsync("/");
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        var values = (fields ?? []).Append(new("__RequestVerificationToken", token)).ToList();
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    public static async Task<ScheduleSettings?> SettingsAsync(IServiceProvider services, Guid recordId)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ScheduleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RecordId == recordId);
    }

    public static async Task<List<AuditEntry>> AuditAsync(IServiceProvider services, Guid recordId)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().Where(a => a.RecordId == recordId).OrderBy(a => a.Id).ToListAsync();
    }
}
