using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AlkNavigator.Tests;

/// <summary>A real SMTP server on loopback (the SmtpServer package) that keeps every message it receives.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public static readonly SmtpSink None = new(0, null, null);

    private readonly SmtpServer.SmtpServer? _server;
    private readonly CancellationTokenSource? _stop;
    private readonly Task? _running;

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    private SmtpSink(int port, SmtpServer.SmtpServer? server, CancellationTokenSource? stop, Task? running = null)
    {
        Port = port;
        _server = server;
        _stop = stop;
        _running = running;
    }

    /// <summary>
    /// Starts the server on a port the operating system picks (port 0) and returns once it listens, so no other process
    /// can take the port between choosing and binding it.
    /// </summary>
    public static async Task<SmtpSink> StartAsync()
    {
        var store = new Store();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0))).Build();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new SmtpServer.Net.EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((System.Net.IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        if (await Task.WhenAny(listening.Task, running) != listening.Task)
            throw new InvalidOperationException("The test SMTP server stopped before it listened.", running.Exception);
        var port = await listening.Task;
        var sink = new SmtpSink(port, server, stop, running);
        store.Sink = sink;
        return sink;
    }

    /// <summary>Waits until a message to <paramref name="to"/> arrives (the app sends asynchronously to the request).</summary>
    public Task<MimeMessage> WaitForAsync(string to, TimeSpan? timeout = null) => WaitForAsync(to, null, timeout);

    /// <summary>Waits until a message to <paramref name="to"/> with exactly <paramref name="subject"/> (any subject when null) arrives.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, string? subject, TimeSpan? timeout = null)
    {
        // Wait for arrivals, not on a timer: each stored message completes the current signal.
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var arrived = _arrived;
            var m = Messages.LastOrDefault(m => m.To.Mailboxes.Any(b => b.Address.Equals(to, StringComparison.OrdinalIgnoreCase))
                                                && (subject is null || m.Subject == subject));
            if (m is not null) return m;
            try { await arrived.Task.WaitAsync(cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"No email to {to} arrived within the timeout."); }
        }
    }

    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Add(MimeMessage message)
    {
        Messages.Enqueue(message);
        Interlocked.Exchange(ref _arrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null) return;
        _server.Shutdown();
        _stop!.Cancel();
        try { await _running!.WaitAsync(TimeSpan.FromSeconds(5)); } catch (OperationCanceledException) { } catch (TimeoutException) { }
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public SmtpSink? Sink { get; set; }

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Sink!.Add(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
