namespace AlkNavigator.Tests.Platform;

/// <summary>
/// The `alknav` command line: help, argument errors, users and migrate, run in process (CliApp.RunAsync with string writers,
/// the same exit codes as the program), and once as the real program to prove the executable passes them on.
/// </summary>
[SqliteOnly("argument handling and help are decided before any database is opened; migrate and users check the SQLite file layout of --data (the PostgreSQL paths of users and migrate run in AccountCliTests and the [DatabaseTests] CLI classes)")]
public class CliTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("migrate", "--help")]
    [InlineData("content", "check", "--help")]
    [InlineData("users", "create", "--help")]
    [InlineData("users", "create-admin", "--help")]
    [InlineData("backup", "--help")]
    [InlineData("restore", "--help")]
    public async Task Every_command_has_help(params string[] args)
    {
        var r = await Repo.RunCliAsync(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout);
    }

    [Theory]
    [InlineData("serve --no-such-option", "--no-such-option")]
    [InlineData("serve --urls ftp://x", "is not an http(s) address")]
    [InlineData("users create", "--email")]
    [InlineData("users create --email not-an-email", "is not a valid email address")]
    [InlineData("users create --email a@example.org --role Surgeon", "is not a role")]
    [InlineData("frobnicate", "frobnicate")]
    public async Task A_wrong_option_or_value_prints_a_clear_message_and_exits_non_zero(string args, string expected)
    {
        var r = await Repo.RunCliAsync(args.Split(' '));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(expected, r.Stderr + r.Stdout);
    }

    [Fact]
    public async Task The_program_itself_passes_on_the_exit_code_and_streams()
    {
        // The one real process of these tests: Program.cs, the launcher's dll and the process's own streams, as a shell sees them.
        var r = await Repo.RunCliProcessAsync("users", "create", "--email", "not-an-email");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("is not a valid email address", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task Users_create_prints_a_generated_password_and_create_admin_promotes()
    {
        var data = Directory.CreateTempSubdirectory("alknav-cli-").FullName;
        var r = await Repo.RunCliAsync("users", "create", "--email", "nav@example.org", "--role", "navigator", "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Created nav@example.org with the Navigator role.", r.Stdout);
        Assert.Matches(@"Password: \S{20}", r.Stdout);

        var again = await Repo.RunCliAsync("users", "create", "--email", "nav@example.org", "--data", data);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Stderr);

        var admin = await Repo.RunCliAsync("users", "create-admin", "--email", "boss@example.org", "--password", "a fine admin passphrase", "--data", data);
        Assert.True(admin.ExitCode == 0, admin.Stderr);
        Assert.Contains("Created boss@example.org with the Admin role.", admin.Stdout);
        Assert.DoesNotContain("Password:", admin.Stdout);

        var promote = await Repo.RunCliAsync("users", "create-admin", "--email", "nav@example.org", "--data", data);
        Assert.True(promote.ExitCode == 0, promote.Stderr);
        Assert.Contains("now has the Admin role", promote.Stdout);
        Assert.True(File.Exists(Path.Combine(data, "alknav.db")));

        var weak = await Repo.RunCliAsync("users", "create", "--email", "weak@example.org", "--password", "short", "--data", data);
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("at least 10", weak.Stderr);
    }

    [Fact]
    public async Task Migrate_creates_the_sqlite_database_in_the_data_directory()
    {
        var data = Path.Combine(Directory.CreateTempSubdirectory("alknav-mig-").FullName, "nested");
        var r = await Repo.RunCliAsync("migrate", "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Database is up to date (SQLite)", r.Stdout);
        Assert.True(File.Exists(Path.Combine(data, "alknav.db")));
    }

    [Fact]
    public async Task Configuration_and_file_problems_print_one_clear_line_not_a_stack_trace()
    {
        var file = Path.GetTempFileName();
        var r = await Repo.RunCliAsync("migrate", "--data", file);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("alknav: ", r.Stderr.Trim());
        Assert.DoesNotContain("   at ", r.Stderr);

        var provider = await Repo.RunCliWithEnvAsync(new Dictionary<string, string> { ["ALKNAV_Database__Provider"] = "mysql" },
            "migrate", "--data", Directory.CreateTempSubdirectory().FullName);
        Assert.Equal(1, provider.ExitCode);
        Assert.Contains("alknav: Database:Provider 'mysql' is not supported; use 'sqlite' or 'postgres'.", provider.Stderr);
        Assert.DoesNotContain("   at ", provider.Stderr);
    }
}
