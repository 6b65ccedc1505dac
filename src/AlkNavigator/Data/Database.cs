using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

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
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, DatabaseOptions db, string dataDir)
    {
        db.Validate();
        if (db.IsPostgres)
        {
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => o.UseNpgsql(db.ConnectionString));
        }
        else
        {
            var cs = db.ConnectionString ?? $"Data Source={Path.Combine(dataDir, "alknav.db")}";
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(cs));
        }
        return services;
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

/// <summary>Design-time factories so `dotnet ef` can build each provider's context without the host.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=alknav_design").Options);
}
