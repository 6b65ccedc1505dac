using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AlkNavigator.Migrations.Sqlite;

/// <summary>
/// Makes the context for `dotnet ef` with this project as startup project: SQLite, with this assembly as the
/// migrations assembly (the same options the app uses, Database.UseAppSqlite). Never used at run time; no database is opened
/// to add a migration or to check for pending model changes.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseAppSqlite("Data Source=design.db").Options);
}
