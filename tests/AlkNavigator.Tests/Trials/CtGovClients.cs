using AlkNavigator.Features.Trials.CtGov;

namespace AlkNavigator.Tests.Trials;

/// <summary>The real <see cref="CtGovClient"/> as the app registers it (IHttpClientFactory, the resilience pipeline), with test settings.</summary>
public sealed class CtGovClients : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    public CtGovClient Client { get; }

    private CtGovClients(ServiceProvider services)
    {
        _services = services;
        Client = services.GetRequiredService<CtGovClient>();
    }

    public static CtGovClients Create(CtGovSyncOptions options, TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(options);
        if (clock is not null) services.AddSingleton(clock);
        services.AddCtGovClient();
        return new CtGovClients(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
