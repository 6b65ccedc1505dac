using System.Security.Cryptography;
using AlkNavigator.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>
/// `alknav demo`: a fictional patient with a realistic ALK-positive history and a caregiver who follows the record,
/// so a newcomer sees a living app. Dates are relative to today. Running it again resets both passwords and the record.
/// </summary>
public static class DemoData
{
    public const string PatientEmail = "demo.patient@alknav.example";
    public const string CaregiverEmail = "demo.caregiver@alknav.example";

    public sealed record Result(string PatientPassword, string CaregiverPassword, Guid RecordId, bool Recreated, PatientRecord Record);

    public static string NewPassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);

    /// <summary>Creates (or resets) the two demo accounts and the patient's record. Needs a scope's services.</summary>
    public static async Task<Result> CreateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var db = services.GetRequiredService<AppDbContext>();

        var (patient, patientPassword, existedP) = await EnsureUserAsync(users, PatientEmail, Roles.Patient);
        var (caregiver, caregiverPassword, existedC) = await EnsureUserAsync(users, CaregiverEmail, Roles.Caregiver);

        // Recreate the record from scratch (the database cascades to every item, the sharing and the audit trail).
        await db.Records.Where(r => r.OwnerId == patient.Id).ExecuteDeleteAsync(ct);
        db.ChangeTracker.Clear();

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var record = Build(patient.Id, today, now);
        db.Records.Add(record);
        db.CaregiverAccess.Add(new CaregiverAccess
        {
            RecordId = record.Id, InvitedEmail = CaregiverEmail, Level = AccessLevels.Contribute,
            TokenHash = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32))),
            CreatedUtc = now.AddDays(-30), ExpiresUtc = now.AddDays(-23), InvitedById = patient.Id,
            CaregiverId = caregiver.Id, AcceptedUtc = now.AddDays(-29),
        });
        AlkNavigator.Features.Symptoms.SymptomsDemo.Add(db, record, patient.Id, caregiver.Id, now);
        db.AuditEntries.Add(new AuditEntry
        {
            RecordId = record.Id, ActorId = "alknav-cli", ActorEmail = "alknav CLI", Action = "create", What = "record",
            ItemId = record.Id.ToString(), Detail = "Demo record created by `alknav demo`.",
        });
        await db.SaveChangesAsync(ct);
        return new Result(patientPassword, caregiverPassword, record.Id, existedP || existedC, record);
    }

    private static async Task<(AppUser User, string Password, bool Existed)> EnsureUserAsync(UserManager<AppUser> users, string email, string role)
    {
        var password = NewPassword();
        var user = await users.FindByEmailAsync(email);
        var existed = user is not null;
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password), email);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Check(await users.ResetPasswordAsync(user, token, password), email);
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        if (!await users.IsInRoleAsync(user, role)) Check(await users.AddToRoleAsync(user, role), email);
        return (user, password, existed);
    }

    private static void Check(IdentityResult r, string email)
    {
        if (!r.Succeeded) throw new InvalidOperationException($"Cannot set up {email}: {string.Join(" ", r.Errors.Select(e => e.Description))}");
    }

    /// <summary>
    /// The demo patient's record: stage IVB ALK-positive adenocarcinoma (EML4-ALK v3 by NGS) diagnosed about 3½ years
    /// ago with brain metastases treated by SRS; alectinib for three years until liver progression with ALK G1202R on
    /// liquid biopsy; lorlatinib since. Not attached to a context; every date is relative to <paramref name="today"/>.
    /// </summary>
    public static PatientRecord Build(string ownerId, DateOnly today, DateTime? nowUtc = null)
    {
        var diagnosed = today.AddMonths(-42);
        var srs = diagnosed.AddDays(12);
        var alectinibStart = diagnosed.AddDays(16);
        var progression = today.AddMonths(-6).AddDays(-9);
        var liquidBiopsy = progression.AddDays(8);
        var alectinibEnd = today.AddMonths(-6);
        var lorlatinibStart = alectinibEnd.AddDays(2);
        const string by = "demo";

        var r = new PatientRecord
        {
            OwnerId = ownerId, UpdatedBy = by,
            DisplayName = "Sam Rivera (demo)", BirthYear = today.Year - 52, Sex = "female", Country = "US", PostalCode = "94110",
            Allergies = "Penicillin (rash)", PreferredHospital = "Bayview General Hospital, 1200 Harbor Road (fictional)",
            Notes = "A fictional demo patient created by `alknav demo`. Nothing here is real.",
            DiagnosisDate = diagnosed, Histology = "adenocarcinoma", Stage = "IVB", StageT = "T2a", StageN = "N2", StageM = "M1c",
            AlkStatus = "positive", AlkMethod = "NGS", FusionPartner = "EML4", FusionVariant = "v3", PdL1 = "TPS 5%",
        };
        var order = 0;
        var createdBase = nowUtc ?? today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); // gives the items their order
        T Add<T>(List<T> list, T item) where T : RecordItem
        {
            item.RecordId = r.Id;
            item.UpdatedBy = by;
            item.CreatedUtc = item.UpdatedUtc = createdBase.AddMilliseconds(order++);
            list.Add(item);
            return item;
        }

        Add(r.Sites, new SiteObservation { Date = diagnosed, Site = "brain", Status = "active", Note = "Three small lesions, no symptoms." });
        Add(r.Sites, new SiteObservation { Date = diagnosed, Site = "bone", Note = "Spine (T8) and pelvis." });
        Add(r.Sites, new SiteObservation { Date = diagnosed, Site = "lymph nodes", Note = "Mediastinal." });
        Add(r.Sites, new SiteObservation { Date = srs.AddMonths(3), Site = "brain", Status = "treated-stable", Note = "MRI after SRS: lesions smaller, no new ones." });
        Add(r.Sites, new SiteObservation { Date = progression, Site = "liver", Note = "Two new lesions on CT." });

        Add(r.EcogEntries, new EcogEntry { Date = diagnosed, Score = 1, Note = "Tired, back pain." });
        Add(r.EcogEntries, new EcogEntry { Date = diagnosed.AddMonths(4), Score = 0, Note = "Back to full activity." });

        Add(r.Treatments, new TreatmentLine
        {
            Agent = "alectinib", Dose = "600 mg", Schedule = "twice daily with food", Start = alectinibStart, End = alectinibEnd,
            StopReason = "progression", Note = "Good response in the brain and body for three years.",
        });
        Add(r.Treatments, new TreatmentLine
        {
            Agent = "lorlatinib", Dose = "100 mg", Schedule = "once daily", Start = lorlatinibStart,
            Note = "Started after ALK G1202R on liquid biopsy. Cholesterol checked every visit.",
        });

        Add(r.Procedures, new ProcedureEntry { Kind = "radiation", Name = "SRS", Date = srs, Note = "Stereotactic radiosurgery to three brain lesions." });

        Add(r.Progressions, new ProgressionEvent { Date = progression, Where = "liver", FoundBy = "scan", Note = "Routine CT; brain still stable on MRI." });

        Add(r.Biomarkers, new BiomarkerResult { Date = diagnosed, Gene = "ALK", Alteration = "EML4-ALK fusion v3", Source = "tissue", Note = "NGS on the lung biopsy." });
        Add(r.Biomarkers, new BiomarkerResult { Date = diagnosed, Gene = "PD-L1", Alteration = "TPS 5%", Source = "tissue" });
        Add(r.Biomarkers, new BiomarkerResult { Date = liquidBiopsy, Gene = "ALK", Alteration = "G1202R", Source = "liquid-biopsy", Note = "Resistance mutation found at progression." });

        Add(r.Medicines, new OtherMedicine { Name = "rosuvastatin", Dose = "10 mg once daily", Note = "For high cholesterol on lorlatinib (chosen because it does not interact with lorlatinib)." });
        Add(r.Medicines, new OtherMedicine { Name = "denosumab", Dose = "120 mg injection every 4 weeks", Note = "Protects the bones." });
        Add(r.Medicines, new OtherMedicine { Name = "calcium and vitamin D", Dose = "once daily", Note = "With denosumab." });

        Add(r.CareTeam, new CareTeamMember
        {
            Role = "oncologist", Name = "Dr. Priya Natarajan", Organisation = "Bayview General Hospital, Thoracic Oncology",
            Phone = "+1 555 0100 200", Email = "oncology@bayview.example", Notes = "Clinic on Tuesdays.",
        });
        Add(r.CareTeam, new CareTeamMember
        {
            Role = "nurse", Name = "Jordan Lee, RN", Organisation = "Bayview General Hospital", Phone = "+1 555 0100 201",
            Notes = "First call for side effects, weekdays 8–5.", IsEmergencyContact = true,
        });
        Add(r.CareTeam, new CareTeamMember
        {
            Role = "oncologist", Name = "Dr. Martin Okafor", Organisation = "University Cancer Center, ALK clinic",
            Phone = "+1 555 0100 300", Email = "alk.clinic@university.example", Notes = "Second opinion at progression.", IsAlkSpecialist = true,
        });
        Add(r.CareTeam, new CareTeamMember
        {
            Role = "pharmacist", Name = "Ana Costa, PharmD", Organisation = "Bayview Oncology Pharmacy", Phone = "+1 555 0100 202",
            Notes = "Checks new medicines against lorlatinib.",
        });
        Add(r.CareTeam, new CareTeamMember
        {
            Role = "caregiver", Name = "Chris Rivera", Phone = "+1 555 0100 400", Email = CaregiverEmail, Notes = "Partner.",
            IsPrimaryCaregiver = true, IsEmergencyContact = true,
        });

        var plan = new Dictionary<string, (string Status, string? Note, DateOnly? Date)>
        {
            ["agree-plan"] = ("done", "Scans every 3 months; liquid biopsy at progression.", diagnosed.AddMonths(2)),
            ["team-ready"] = ("done", null, diagnosed.AddMonths(2)),
            ["primary-caregiver"] = ("done", "Chris.", diagnosed.AddMonths(1)),
            ["emergency"] = ("done", "Emergency card printed, copy in the car.", diagnosed.AddMonths(3)),
            ["second-opinion"] = ("done", "Seen at the ALK clinic before starting lorlatinib.", lorlatinibStart.AddDays(-1)),
            ["trials"] = ("in-progress", "Asked about trials for after lorlatinib.", today.AddMonths(-1)),
            ["keep-learning"] = ("in-progress", null, null),
        };
        foreach (var (key, _, _) in ProgressionPlan.Items)
        {
            var (status, note, date) = plan.TryGetValue(key, out var p) ? p : ("not-started", null, null);
            Add(r.PlanItems, new PlanItem { Key = key, Status = status, Note = note, Date = date });
        }
        return r;
    }
}
