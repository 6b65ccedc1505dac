using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// Each provider's migrations live in their own project (src/AlkNavigator.Migrations.Sqlite, .Postgres), the migrations
/// assembly the app names. A database knows which migrations it has by id (the __EFMigrationsHistory rows), so the ids
/// written before the migrations moved out of the app project must stay exactly as they were, or an existing database
/// would be migrated again from scratch. No database is opened here: the context only lists its migrations and model.
/// </summary>
public class MigrationsTests
{
    private static readonly string[] SqliteIdsBeforeTheMove =
    [
        "20261127051214_Initial",
        "20261127053958_Record",
        "20261127061318_Trials",
        "20261130204551_Symptoms",
        "20261130215005_Schedule",
        "20261205080752_SafetyMeasurementsAndAlertHeading",
        "20261205123208_RecordSnapshots",
        "20261205123511_UserSessions",
        "20261206034523_SignInChallenges",
        "20261206034642_JobLeases",
        "20261206161414_TrialRelevance",
        "20261206171605_VisitOwnQuestions",
        "20261206172049_PatientCity",
        "20261206201500_TrialMatchJson",
        "20261206224043_SecondOpinion",
        "20261206224454_Onboarding",
        "20261206224624_VisitsAndPackShares",
    ];

    private static readonly string[] PostgresIdsBeforeTheMove =
    [
        "20261127051222_Initial",
        "20261127054008_Record",
        "20261127061332_Trials",
        "20261130204616_Symptoms",
        "20261130215032_Schedule",
        "20261205080808_SafetyMeasurementsAndAlertHeading",
        "20261205123407_RecordSnapshots",
        "20261205123751_UserSessions",
        "20261206034531_SignInChallenges",
        "20261206034914_JobLeases",
        "20261206161425_TrialRelevance",
        "20261206171614_VisitOwnQuestions",
        "20261206172103_PatientCity",
        "20261206201500_TrialMatchJson",
        "20261206224506_Onboarding",
        "20261206224521_SecondOpinion",
        "20261206224638_VisitsAndPackShares",
    ];

    private static AppDbContext Context(string provider)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (provider == "postgres") options.UseAppPostgres("Host=localhost;Database=alknav_never_opened");
        else options.UseAppSqlite("Data Source=:memory:");
        return new AppDbContext(options.Options);
    }

    [Theory]
    [InlineData("sqlite", Database.SqliteMigrationsAssembly)]
    [InlineData("postgres", Database.PostgresMigrationsAssembly)]
    public void Each_provider_takes_its_migrations_from_its_own_project(string provider, string assembly)
    {
        using var db = Context(provider);
        var migrations = db.GetService<IMigrationsAssembly>();
        Assert.Equal(assembly, migrations.Assembly.GetName().Name);
        Assert.NotNull(migrations.ModelSnapshot);
        Assert.All(migrations.Migrations.Values, t => Assert.Equal(assembly, t.Assembly.GetName().Name));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Migration_ids_recorded_by_existing_databases_are_unchanged(string provider)
    {
        using var db = Context(provider);
        var before = provider == "postgres" ? PostgresIdsBeforeTheMove : SqliteIdsBeforeTheMove;
        var ids = db.Database.GetMigrations().ToList();
        Assert.Equal(before, ids.Take(before.Length));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids); // new migrations come after, never between
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void The_model_snapshot_matches_the_model(string provider)
    {
        // The same question as `dotnet ef migrations has-pending-model-changes` in scripts/test, asked of the running code.
        using var db = Context(provider);
        Assert.False(db.Database.HasPendingModelChanges(), $"The model changed without a {provider} migration: see DEVELOPERS.md, Migrations.");
    }
}
