using LedgerGrpc.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LedgerGrpc.Protos.Ledger.V1.CustomerLedger;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>The real server on a temp data dir and a fake clock, with a CustomerLedger client calling as "tester".</summary>
internal sealed class ServiceFixture : IAsyncDisposable
{
    private readonly TestServerHost _server;

    private ServiceFixture(TestServerHost server, FakeTimeProvider clock)
    {
        _server = server;
        Clock = clock;
        Service = new CustomerLedgerClient(server.Connect(actor: "tester"));
    }

    public FakeTimeProvider Clock { get; }

    public CustomerLedgerClient Service { get; }

    public LedgerStore Store => _server.Services.GetRequiredService<LedgerStore>();

    public string DataDir => _server.DataDir;

    public static async Task<ServiceFixture> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var server = await TestServerHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        return new ServiceFixture(server, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
