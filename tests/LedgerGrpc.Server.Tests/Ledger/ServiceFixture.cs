using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>The ledger services as AddLedgerServices registers them, on a temp data dir and a fake clock.</summary>
internal sealed class ServiceFixture : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("ledger-svc");
    private readonly ServiceProvider _provider;

    public ServiceFixture()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ledger:DataDir"] = _dir.Path })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddLedgerServices(configuration);
        _provider = services.BuildServiceProvider();
        Service = _provider.GetRequiredService<CustomerLedgerService>();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));

    public CustomerLedgerService Service { get; }

    public TestCallContext Context { get; } = new();

    public LedgerStore Store => _provider.GetRequiredService<LedgerStore>();

    public string DataDir => _dir.Path;

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _provider.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
