using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using Microsoft.AspNetCore.Identity;
using MimeKit;

namespace AlkNavigator.Tests.Symptoms;

/// <summary>
/// Urgent and contact alerts are emailed once to the patient and the record's caregivers when the record has email switched on,
/// naming the alert and saying what to do and nothing more (through a real SMTP server on loopback; the job driven at fixed instants).
/// </summary>
[DatabaseTests]
public class AlertEmailTests(ReminderApp fixture) : IClassFixture<ReminderApp>
{
    private TestApp App => fixture.App;
    private static readonly DateTime Now = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);

    private async Task<string> CaregiverAsync(Guid rid, bool revoked = false)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var email = $"carer-{Guid.NewGuid():N}@example.org";
        var u = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(u, "an alert email test passphrase")).Succeeded);
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = rid, InvitedEmail = email, Level = AccessLevels.View, TokenHash = Guid.NewGuid().ToString("N"), ExpiresUtc = Now.AddDays(7),
            InvitedById = "x", CaregiverId = u.Id, AcceptedUtc = Now.AddDays(-3), RevokedUtc = revoked ? Now.AddDays(-1) : null,
        });
        await db.SaveChangesAsync();
        return email;
    }

    private async Task AlertsAsync(Guid rid, params SymptomAlert[] alerts)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var c = new CheckIn { RecordId = rid, Status = CheckInStatus.Submitted, StartedUtc = Now.AddHours(-2), SubmittedUtc = Now.AddHours(-1), EnteredByEmail = "x@example.org" };
        db.CheckIns.Add(c);
        foreach (var a in alerts)
        {
            a.RecordId = rid;
            a.CheckInId = c.Id;
            db.SymptomAlerts.Add(a);
        }
        await db.SaveChangesAsync();
    }

    private static SymptomAlert Alert(string level, string? heading, string? term = null, string change = "new", int hoursAgo = 1, bool acknowledged = false) => new()
    {
        RuleId = term is null ? "breathless-severe" : "nausea-severe", Level = level, Heading = heading, Term = term ?? "Shortness of breath", Score = 3, Change = change,
        Message = "SECRET-MESSAGE", Basis = "SECRET-BASIS", Action = level == AlertLevels.Urgent ? "Call your care team now." : "",
        CreatedUtc = Now.AddHours(-hoursAgo), AcknowledgedUtc = acknowledged ? Now.AddMinutes(-30) : null,
    };

    private List<MimeMessage> AlertMails(string email) =>
        App.Smtp.Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == email) && (m.Subject ?? "").Contains("symptom alert", StringComparison.OrdinalIgnoreCase)).ToList();

    [Fact]
    public async Task Urgent_and_contact_alerts_are_emailed_once_to_the_patient_and_caregivers_with_the_heading_and_action_only()
    {
        var (rid, patient) = await ReminderTests.PatientAsync(App.Services, emailReminders: true);
        var carer = await CaregiverAsync(rid);
        var revoked = await CaregiverAsync(rid, revoked: true);
        var (quietRid, quietPatient) = await ReminderTests.PatientAsync(App.Services, emailReminders: false);
        await AlertsAsync(rid,
            Alert(AlertLevels.Urgent, "Shortness of breath: severe"),
            Alert(AlertLevels.Contact, null, term: "Nausea"),                                       // named by the fallback
            Alert(AlertLevels.NextVisit, "Constipation: moderate", term: "Nausea"),                 // next visit: not emailed
            Alert(AlertLevels.Urgent, "Cough: severe", hoursAgo: 48),                               // too old
            Alert(AlertLevels.Contact, "Cough: moderate", term: "Nausea", acknowledged: true),      // the care team knows
            Alert(AlertLevels.Urgent, "Fever: yes", change: "ongoing"));                            // reported before
        await AlertsAsync(quietRid, Alert(AlertLevels.Urgent, "Shortness of breath: severe"));

        await SymptomReminders.RunOnceAsync(App.Services, Now, CancellationToken.None);

        foreach (var to in new[] { patient, carer })
        {
            var mails = AlertMails(to);
            Assert.Equal(2, mails.Count);
            var urgent = Assert.Single(mails, m => (m.TextBody ?? "").Contains("Shortness of breath: severe"));
            Assert.Equal("Urgent symptom alert: call the care team now", urgent.Subject);
            Assert.Contains(AlertLevels.Label(AlertLevels.Urgent), urgent.TextBody);
            Assert.Contains("What to do now: Call your care team now.", urgent.TextBody);
            Assert.Contains($"/record/{rid}", urgent.TextBody);
            var contact = Assert.Single(mails, m => (m.TextBody ?? "").Contains("Nausea: severe"));
            Assert.Equal("Symptom alert: contact the care team today", contact.Subject);
            Assert.Contains("What to do now: " + AlertLevels.Label(AlertLevels.Contact), contact.TextBody);
            Assert.All(mails, m =>
            {
                Assert.DoesNotContain("SECRET", m.TextBody ?? "");
                Assert.DoesNotContain("Constipation", m.TextBody);
                Assert.DoesNotContain("Cough", m.TextBody);
                Assert.DoesNotContain("Fever", m.TextBody);
                Assert.DoesNotContain("Shortness", m.Subject);
            });
        }
        Assert.Contains("Your symptom check-in", AlertMails(patient)[0].TextBody);
        Assert.Contains("a record you follow", AlertMails(carer)[0].TextBody);
        Assert.Empty(AlertMails(revoked));
        Assert.Empty(AlertMails(quietPatient));

        // Exactly once: a later pass sends none of them again.
        await SymptomReminders.RunOnceAsync(App.Services, Now.AddMinutes(5), CancellationToken.None);
        Assert.Equal(2, AlertMails(patient).Count);
        Assert.Equal(2, AlertMails(carer).Count);
    }
}
