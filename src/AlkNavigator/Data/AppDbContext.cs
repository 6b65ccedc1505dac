using AlkNavigator.Features.Record;
using AlkNavigator.Features.Symptoms;
using AlkNavigator.Features.Schedule;
using AlkNavigator.Features.Trials;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AlkNavigator.Data;

/// <summary>
/// The application's one database, on SQLite or PostgreSQL. Each provider keeps its own migrations in its own project
/// (src/AlkNavigator.Migrations.Sqlite, .Postgres; EF's MigrationsAssembly, set in Database.UseAppSqlite/UseAppPostgres).
/// </summary>
public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AlkNavigator.Features.Account.UserSession> UserSessions => Set<AlkNavigator.Features.Account.UserSession>();
    public DbSet<AlkNavigator.Features.Account.SignInChallenge> SignInChallenges => Set<AlkNavigator.Features.Account.SignInChallenge>();

    // Record
    public DbSet<PatientRecord> Records => Set<PatientRecord>();
    public DbSet<SiteObservation> Sites => Set<SiteObservation>();
    public DbSet<EcogEntry> EcogEntries => Set<EcogEntry>();
    public DbSet<TreatmentLine> Treatments => Set<TreatmentLine>();
    public DbSet<ProcedureEntry> Procedures => Set<ProcedureEntry>();
    public DbSet<ProgressionEvent> Progressions => Set<ProgressionEvent>();
    public DbSet<BiomarkerResult> Biomarkers => Set<BiomarkerResult>();
    public DbSet<OtherMedicine> Medicines => Set<OtherMedicine>();
    public DbSet<CareTeamMember> CareTeam => Set<CareTeamMember>();
    public DbSet<PlanItem> PlanItems => Set<PlanItem>();
    public DbSet<CaregiverAccess> CaregiverAccess => Set<CaregiverAccess>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    // Trials
    public DbSet<Trial> Trials => Set<Trial>();
    public DbSet<TrialAnnotation> TrialAnnotations => Set<TrialAnnotation>();
    public DbSet<SavedTrial> SavedTrials => Set<SavedTrial>();
    public DbSet<TrialNotice> TrialNotices => Set<TrialNotice>();
    public DbSet<SyncState> SyncStates => Set<SyncState>();

    // Symptoms
    public DbSet<SymptomSettings> SymptomSettings => Set<SymptomSettings>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<CheckInAnswer> CheckInAnswers => Set<CheckInAnswer>();
    public DbSet<SymptomAlert> SymptomAlerts => Set<SymptomAlert>();
    public DbSet<DoseEntry> DoseEntries => Set<DoseEntry>();
    public DbSet<ReminderSent> RemindersSent => Set<ReminderSent>();

    // Schedule
    public DbSet<MonitoringItem> MonitoringItems => Set<MonitoringItem>();
    public DbSet<MonitoringResult> MonitoringResults => Set<MonitoringResult>();
    public DbSet<ScheduleSettings> ScheduleSettings => Set<ScheduleSettings>();

    // Visit: the patient's own questions
    public DbSet<AlkNavigator.Features.Visit.OwnQuestion> OwnQuestions => Set<AlkNavigator.Features.Visit.OwnQuestion>();
    // Visit: visits, the patient's summary for a second opinion, and the read-only share links to that pack
    public DbSet<AlkNavigator.Features.Visit.VisitEntry> Visits => Set<AlkNavigator.Features.Visit.VisitEntry>();
    public DbSet<AlkNavigator.Features.Visit.PatientSummary> PatientSummaries => Set<AlkNavigator.Features.Visit.PatientSummary>();
    public DbSet<AlkNavigator.Features.Visit.PackShare> PackShares => Set<AlkNavigator.Features.Visit.PackShare>();

    // Onboarding: where a newly registered account is in the first-use set-up
    public DbSet<AlkNavigator.Features.Onboarding.OnboardingProgress> OnboardingProgress => Set<AlkNavigator.Features.Onboarding.OnboardingProgress>();

    // Background jobs that run once across nodes
    public DbSet<AlkNavigator.Hosting.JobLease> JobLeases => Set<AlkNavigator.Hosting.JobLease>();

    /// <summary>
    /// Every save that changes what a record's monitoring plan depends on (treatments, sites, procedures, progressions,
    /// biomarkers, the record's diagnosis, the schedule settings) regenerates that plan in the same transaction
    /// (<see cref="PlanSync.SaveAsync"/>), whoever saves: a page, the API, an import, the CLI. So no read has to.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampAdded();
        return PlanInProgress ? base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken) : PlanSync.SaveAsync(this, acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        PlanInProgress ? base.SaveChanges(acceptAllChangesOnSuccess) : SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>The save without the plan step (PlanSync's own saves, and the user's part of a save it wraps).</summary>
    internal Task<int> SaveOnlyAsync(bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        StampAdded();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    /// <summary>
    /// Entities carry no clock of their own: a new row's required UTC timestamps (CreatedUtc, UpdatedUtc, StartedUtc,
    /// AtUtc, ... — a non-nullable DateTime property whose name ends in "Utc") that the code left unset get the app's
    /// <see cref="Clock"/> at save, so a test's FakeTimeProvider decides them as it decides everything else.
    /// </summary>
    private void StampAdded()
    {
        if (!ChangeTracker.HasChanges()) return;
        DateTime? now = null;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Added) continue;
            foreach (var p in entry.Properties)
            {
                if (p.Metadata.ClrType != typeof(DateTime) || !p.Metadata.Name.EndsWith("Utc", StringComparison.Ordinal)) continue;
                if (p.CurrentValue is DateTime d && d == default) p.CurrentValue = now ??= Clock.GetUtcNow().UtcDateTime;
            }
        }
    }

    /// <summary>True while PlanSync saves: those saves do not start another plan step.</summary>
    internal bool PlanInProgress { get; set; }

    /// <summary>The app's clock (its TimeProvider; the system clock when the context was made outside the app's services).</summary>
    internal TimeProvider Clock =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<TimeProvider>() ?? TimeProvider.System;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        if (Database.IsSqlite()) TrialConfig.ConfigureSqlite(builder.Entity<Trial>());
    }
}

public class AppUser : IdentityUser
{
    public DateTime CreatedUtc { get; set; }
}

public static class Roles
{
    public const string Patient = "Patient";
    public const string Caregiver = "Caregiver";
    public const string Navigator = "Navigator";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Patient, Caregiver, Navigator, Admin];

    /// <summary>Accepts any casing ("admin", "ADMIN") and returns the canonical name, or null.</summary>
    public static string? Normalize(string? value) =>
        All.FirstOrDefault(r => string.Equals(r, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
