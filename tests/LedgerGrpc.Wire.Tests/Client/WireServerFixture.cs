using LedgerGrpc.Wire.Tests.Server;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>LedgerGrpc's own Wire server with the interop TestService: the client against our server.</summary>
public sealed class WireServerFixture : IInteropServerFixture, IAsyncLifetime
{
    private WireTestServer? _server;

    public string Address => (_server ?? throw new InvalidOperationException("The Wire server has not started.")).Address.ToString();

    public async Task InitializeAsync() => _server = await WireTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
