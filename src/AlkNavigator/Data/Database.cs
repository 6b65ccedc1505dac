using System.Reflection;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Data;

/// <summary>Database settings: section "Database" (env ALKNAV_Database__Provider, ALKNAV_Database__ConnectionString).</summary>
public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "sqlite";
    public string? ConnectionString { get; set; }
    public bool MigrateOnStart { get; set; } = true;

    public bool IsPostgres => Provider.Equals("postgres", StringComparison.OrdinalIgnoreCase)
                              || Provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        var known = new[] { "sqlite", "postgres", "postgresql" };
        if (!known.Contains(Provider, StringComparer.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{Provider}' is not supported; use 'sqlite' or 'postgres'.");
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException("Database:Provider is 'postgres' but Database:ConnectionString is empty (set ALKNAV_Database__ConnectionString).");
    }
}

public static class Database
{
    /// <summary>
    /// The projects holding each provider's migrations (src/AlkNavigator.Migrations.*). They reference this assembly for
    /// <see cref="AppDbContext"/>, so this one cannot reference them: the app's build copies them beside alknav.dll
    /// (AlkNavigator.csproj, target BuildProviderMigrations), and <see cref="ResolveMigrationsAssembly"/> loads them from there.
    /// </summary>
    public const string SqliteMigrationsAssembly = "AlkNavigator.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "AlkNavigator.Migrations.Postgres";

    private static int s_resolverInstalled;

    /// <summary>SQLite with the SQLite migrations: the app, its design-time factory and tests configure the context the same way.</summary>
    public static TBuilder UseAppSqlite<TBuilder>(this TBuilder options, string connectionString) where TBuilder : DbContextOptionsBuilder
    {
        InstallMigrationsResolver();
        options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
        return options;
    }

    /// <summary>PostgreSQL with the PostgreSQL migrations.</summary>
    public static TBuilder UseAppPostgres<TBuilder>(this TBuilder options, string connectionString) where TBuilder : DbContextOptionsBuilder
    {
        InstallMigrationsResolver();
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        return options;
    }

    public static IServiceCollection AddAppDatabase(this IServiceCollection services, DatabaseOptions db, string dataDir)
    {
        db.Validate();
        if (db.IsPostgres)
        {
            var cs = db.ConnectionString!;
            services.AddDbContext<AppDbContext>(o => o.UseAppPostgres(cs));
        }
        else
        {
            var cs = db.ConnectionString ?? $"Data Source={Path.Combine(dataDir, "alknav.db")}";
            services.AddDbContext<AppDbContext>(o => o.UseAppSqlite(cs));
        }
        return services;
    }

    /// <summary>
    /// EF loads the migrations assembly by name. A host that references the migrations projects (the test projects) has it in
    /// its dependency list; the app itself (alknav.dll, run by ./alknav, dotnet run, or a test spawning the CLI) does not, so
    /// the default load context asks here, and the assembly comes from the app's folder, where the build put it.
    /// </summary>
    private static void InstallMigrationsResolver()
    {
        if (Interlocked.Exchange(ref s_resolverInstalled, 1) == 0)
            AssemblyLoadContext.Default.Resolving += ResolveMigrationsAssembly;
    }

    private static Assembly? ResolveMigrationsAssembly(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is not (SqliteMigrationsAssembly or PostgresMigrationsAssembly)) return null;
        var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
        if (File.Exists(path)) return context.LoadFromAssemblyPath(path);
        throw new InvalidOperationException(
            $"The database migrations ({name.Name}.dll) are missing beside {Path.Combine(AppContext.BaseDirectory, "alknav.dll")}: " +
            "build src/AlkNavigator/AlkNavigator.csproj (its build builds and copies the migrations projects), or run ./alknav.");
    }

    /// <summary>Applies migrations (SQLite also switches to WAL) and makes sure the roles exist.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            var cs = db.Database.GetConnectionString();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
            if (!string.IsNullOrEmpty(file) && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir)
                Directory.CreateDirectory(dir);
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        else
        {
            await db.Database.MigrateAsync(ct);
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }
}
