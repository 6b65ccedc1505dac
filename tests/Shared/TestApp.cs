using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AlkNavigator.Data;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AlkNavigator.Tests;

/// <summary>
/// The real application on a real Kestrel port and a real database: SQLite in a temp directory, or a fresh
/// PostgreSQL database when ALKNAV_TEST_DB=postgres (server from ALKNAV_TEST_PG, started by scripts/test).
/// Email goes to a real SMTP server on loopback.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static string Provider => Environment.GetEnvironmentVariable("ALKNAV_TEST_DB") is { Length: > 0 } p ? p : "sqlite";
    public static bool IsPostgres => Provider == "postgres";

    public required WebApplication App { get; init; }
    public required Uri BaseUrl { get; init; }
    public required SmtpSink Smtp { get; init; }
    public required LogSink Logs { get; init; }
    public required string DataDirectory { get; init; }
    public string? PostgresDatabase { get; init; }
    public string? ConnectionString { get; init; }

    public IServiceProvider Services => App.Services;
    /// <summary>The app clock's UTC date (the patient's today for a record without a time zone).</summary>
    public DateOnly UtcToday => AlkNavigator.Features.Symptoms.PatientTime.UtcToday(Services.GetRequiredService<TimeProvider>());

    public static async Task<TestApp> StartAsync(Action<Dictionary<string, string?>>? configure = null, bool smtp = true, TimeProvider? clock = null,
        Action<WebApplicationBuilder>? build = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("alknav-test-").FullName;
        var sink = smtp ? await SmtpSink.StartAsync() : SmtpSink.None;
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Data:Directory"] = dataDir,
            ["Smtp:Host"] = smtp ? "127.0.0.1" : "",
            ["Smtp:Port"] = sink.Port.ToString(),
            ["Smtp:Security"] = "none",
            // Tests sign in many times from one address: high limits unless a test sets its own (RateLimitTests).
            ["RateLimit:SignInPerClientPerMinute"] = "100000",
            ["RateLimit:SignInPerAccountPer15Minutes"] = "100000",
            ["RateLimit:EmailPerClientPerHour"] = "100000",
            ["RateLimit:EmailPerAccountPer15Minutes"] = "100000",
            // The plan refresh job regenerates plans on its own at start and as a test's clock moves; tests that need it
            // run it themselves (PlanRefreshTests), so plans change only when a test saves.
            ["Schedule:PlanRefresh:Enabled"] = "false",
        };
        string? pgDb = null, cs = null;
        if (IsPostgres)
        {
            var admin = Environment.GetEnvironmentVariable("ALKNAV_TEST_PG")
                ?? throw new InvalidOperationException("ALKNAV_TEST_DB=postgres needs ALKNAV_TEST_PG (a connection string to a server); scripts/test sets both.");
            pgDb = "alknav_t_" + Guid.NewGuid().ToString("N")[..12];
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {pgDb}", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            cs = new NpgsqlConnectionStringBuilder(admin) { Database = pgDb }.ConnectionString;
            settings["Database:Provider"] = "postgres";
            settings["Database:ConnectionString"] = cs;
        }
        configure?.Invoke(settings);

        var logs = new LogSink();
        var app = AppHost.Build(settings, b =>
        {
            b.Logging.ClearProviders();
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Information);
            b.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
            if (clock is not null) b.Services.AddSingleton(clock);
            build?.Invoke(b);
        });
        await Database.MigrateAsync(app.Services);
        await AlkNavigator.Features.Trials.CtGov.TrialSeed.SeedIfEmptyAsync(app.Services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp { App = app, BaseUrl = new Uri(address), Smtp = sink, Logs = logs, DataDirectory = dataDir, PostgresDatabase = pgDb, ConnectionString = cs };
    }

    /// <summary>The CLI's settings for this app's database (its PostgreSQL database when the tests run on it; SQLite goes by --data).</summary>
    public Dictionary<string, string> CliEnvironment() =>
        ConnectionString is null ? [] : new() { ["ALKNAV_Database__Provider"] = "postgres", ["ALKNAV_Database__ConnectionString"] = ConnectionString };

    public HttpClient CreateClient(bool followRedirects = false) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = followRedirects, UseCookies = true }) { BaseAddress = BaseUrl };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
        if (PostgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("ALKNAV_TEST_PG"));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PostgresDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } // best effort; it is a temp dir
    }
}

/// <summary>
/// A loopback port where nothing listens, for as long as this object lives: the socket is bound (so no other process can
/// take the port) but never listens, so every connection is refused at once. Replaces "pick a free port and hope".
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}

/// <summary>Captures the app's log messages so tests can read what was logged (e.g. a reset link without SMTP).</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}

