using Xunit.Abstractions;
using Xunit.Sdk;

namespace AlkNavigator.Tests;

/// <summary>
/// Marks a test class (or method) that runs against the application's database. scripts/test runs every test on
/// SQLite and then these again on PostgreSQL (the trait Category=Db). A guard test
/// (<c>DatabaseTestsGuardTests</c>) fails when a class starts the app or a database fixture without it, so a new
/// test cannot silently skip PostgreSQL.
/// </summary>
#if ALKNAV_BROWSER_TESTS
[TraitDiscoverer("AlkNavigator.Tests.DatabaseTestsDiscoverer", "AlkNavigator.BrowserTests")]
#else
[TraitDiscoverer("AlkNavigator.Tests.DatabaseTestsDiscoverer", "AlkNavigator.Tests")]
#endif
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseTestsAttribute : Attribute, ITraitAttribute;

/// <summary>Gives <see cref="DatabaseTestsAttribute"/> its trait: Category=Db, the filter scripts/test uses for PostgreSQL.</summary>
public sealed class DatabaseTestsDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new("Category", "Db");
    }
}

/// <summary>
/// Opts a class that starts the app out of the PostgreSQL run, with the reason (e.g. it tests the CLI's argument
/// handling before any database is opened). The guard test accepts it instead of <see cref="DatabaseTestsAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SqliteOnlyAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
