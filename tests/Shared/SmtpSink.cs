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

    public static Task<SmtpSink> StartAsync()
    {
        var port = TestApp.FreePort();
        var store = new Store();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        var sink = new SmtpSink(port, server, stop, running);
        store.Sink = sink;
        return Task.FromResult(sink);
    }

    /// <summary>Waits until a message to <paramref name="to"/> arrives (the app sends asynchronously to the request).</summary>
    public Task<MimeMessage> WaitForAsync(string to, TimeSpan? timeout = null) => WaitForAsync(to, null, timeout);

    /// <summary>Waits until a message to <paramref name="to"/> with exactly <paramref name="subject"/> (any subject when null) arrives.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, string? subject, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < until)
        {
            var m = Messages.LastOrDefault(m => m.To.Mailboxes.Any(b => b.Address.Equals(to, StringComparison.OrdinalIgnoreCase))
                                                && (subject is null || m.Subject == subject));
            if (m is not null) return m;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No email to {to} arrived within the timeout.");
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
            Sink!.Messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
