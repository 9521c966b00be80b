using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>One seeded ledger and one server for the end-to-end tests that do not stop it.</summary>
public sealed class SeededServerFixture : IAsyncLifetime
{
    public const int Customers = 300;
    private readonly TempDirectory _dir = new("ledgergrpc-tui");

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ServerProcess.SeedAsync(_dir.Path, Customers);
        Server = await ServerProcess.StartAsync(_dir.Path);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
