using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using AlkNavigator.Features.Record;
using AlkNavigator.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AlkNavigator.Tests.Platform;

/// <summary>
/// The review's durability check: `alknav serve` as its own process, a burst of concurrent writes, SIGKILL in the middle,
/// a restart on the same data; every write the server acknowledged (2xx) must be there. On SQLite and PostgreSQL.
/// </summary>
public partial class CrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Email = "burst@example.org";
    private const string Password = "a crash test passphrase";

    [Fact, DatabaseTests]
    public async Task Every_acknowledged_write_survives_a_SIGKILL_during_a_write_burst()
    {
        var data = Directory.CreateTempSubdirectory("alknav-crash-").FullName;
        var pg = TestApp.IsPostgres ? await BackupTests.CreatePostgresDatabaseAsync() : null;
        var env = BackupTests.DbEnv(pg);
        env["ALKNAV_Trials__Seed"] = "false"; // a faster start; the catalogue plays no part here
        try
        {
            var recordId = await CreatePatientAsync(data, pg);

            // 1. Serve, sign in, and write from 8 clients at once until 40 writes are acknowledged; then kill -9 mid-burst.
            var acknowledged = new ConcurrentBag<string>();
            var attempted = 0;
            var inFlight = 0;
            var inFlightAtKill = 0;
            await using (var server = await Server.StartAsync(data, env))
            {
                using var client = await SignInAsync(server.BaseUrl);
                using var killed = new CancellationTokenSource();
                var killedAfter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                async Task Writer()
                {
                    while (!killed.IsCancellationRequested)
                    {
                        var note = $"burst-{Interlocked.Increment(ref attempted)}";
                        Interlocked.Increment(ref inFlight);
                        try
                        {
                            var r = await client.PostAsJsonAsync($"/api/records/{recordId}/treatments",
                                new { agent = "alectinib", dose = "600 mg", start = "2024-01-15", end = "2024-06-15", note }, killed.Token); // ended: a second ongoing ALK line is refused
                            if (r.IsSuccessStatusCode)
                            {
                                acknowledged.Add(note);
                                if (acknowledged.Count >= 40) killedAfter.TrySetResult();
                            }
                            else Assert.Fail($"write {note}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                        }
                        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or System.Net.Sockets.SocketException)
                        {
                            // The server is gone: this write was never acknowledged. (A kill during the connect itself can
                            // surface as a bare SocketException, "Transport endpoint is not connected".)
                        }
                        finally
                        {
                            Interlocked.Decrement(ref inFlight);
                        }
                    }
                }
                var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(Writer)).ToList();
                await killedAfter.Task.WaitAsync(TimeSpan.FromSeconds(40));
                inFlightAtKill = Volatile.Read(ref inFlight);
                server.Kill(); // SIGKILL while the writers are still sending
                await server.Exited.WaitAsync(TimeSpan.FromSeconds(20));
                killed.Cancel();
                await Task.WhenAll(writers);
            }
            Assert.True(inFlightAtKill > 0, "the kill must land during the burst, with writes in flight");

            // 2. Start again on the same data: it opens cleanly and has every acknowledged write.
            await using (var server = await Server.StartAsync(data, env))
            {
                using var client = await SignInAsync(server.BaseUrl);
                var export = await client.GetFromJsonAsync<JsonElement>($"/api/records/{recordId}");
                var notes = Notes(export).ToHashSet();
                var lost = acknowledged.Where(n => !notes.Contains(n)).ToList();
                Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes lost: {string.Join(", ", lost)}");
                output.WriteLine($"{TestApp.Provider}: {attempted} writes sent, {acknowledged.Count} acknowledged before SIGKILL, {lost.Count} lost; {notes.Count} present after restart; {inFlightAtKill} in flight at the kill.");
            }

            if (pg is null)
            {
                await using var conn = new SqliteConnection($"Data Source={Path.Combine(data, "alknav.db")};Pooling=false");
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", await cmd.ExecuteScalarAsync());
            }
        }
        finally
        {
            if (pg is not null) await BackupTests.DropPostgresDatabaseAsync(pg);
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Every string "note" anywhere in the exported record (treatment lines carry theirs there).</summary>
    private static IEnumerable<string> Notes(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "note" && p.Value.ValueKind == JsonValueKind.String) yield return p.Value.GetString()!;
                    foreach (var n in Notes(p.Value)) yield return n;
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                    foreach (var n in Notes(item)) yield return n;
                break;
        }
    }

    [Fact]
    public async Task SQLite_commits_with_synchronous_FULL_in_WAL_mode()
    {
        await using var app = await TestApp.StartAsync(smtp: false);
        if (TestApp.IsPostgres) return;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("wal", await Scalar("PRAGMA journal_mode"));
        Assert.Equal(2L, await Scalar("PRAGMA synchronous")); // 2 = FULL: the WAL is synced at every commit
        await db.Database.CloseConnectionAsync();

        async Task<object?> Scalar(string sql)
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = sql;
            return await cmd.ExecuteScalarAsync();
        }
    }

    private static async Task<Guid> CreatePatientAsync(string data, string? pg)
    {
        var settings = new Dictionary<string, string?> { ["Data:Directory"] = data };
        if (pg is not null) (settings["Database:Provider"], settings["Database:ConnectionString"]) = ("postgres", pg);
        await using var app = AppHost.Build(settings, b => b.Logging.ClearProviders());
        await Database.MigrateAsync(app.Services);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = Email, Email = Email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Patient);
        var record = await scope.ServiceProvider.GetRequiredService<RecordAccess>().GetOrCreateOwnAsync(user);
        SqliteConnection.ClearAllPools();
        return record.Id;
    }

    private static async Task<HttpClient> SignInAsync(Uri baseUrl)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        var r = await client.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = Email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

    /// <summary>`dotnet alknav.dll serve` on a port the OS picks; ready when it logs the address it listens on.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output = new();
        private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Uri BaseUrl { get; private set; } = null!;
        public Task Exited => _exited.Task;

        private Server(string data, IDictionary<string, string> env)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "alknav.dll"), "serve", "--urls", "http://127.0.0.1:0", "--data", data })
                psi.ArgumentList.Add(a);
            foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("ALKNAV_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
            foreach (var (k, v) in env) psi.Environment[k] = v;
            _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            _process.OutputDataReceived += (_, e) => OnLine(e.Data);
            _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            _process.Exited += (_, _) =>
            {
                _exited.TrySetResult();
                _listening.TrySetException(new InvalidOperationException("alknav serve exited before listening:\n" + string.Join("\n", _output)));
            };
        }

        private void OnLine(string? line)
        {
            if (line is null) return;
            _output.Enqueue(line);
            if (Listening().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
        }

        public static async Task<Server> StartAsync(string data, IDictionary<string, string> env)
        {
            var s = new Server(data, env);
            s._process.Start();
            s._process.BeginOutputReadLine();
            s._process.BeginErrorReadLine();
            s.BaseUrl = await s._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return s;
        }

        public void Kill() => _process.Kill(); // SIGKILL on Unix: no shutdown, no flush, like the review's kill -9

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
