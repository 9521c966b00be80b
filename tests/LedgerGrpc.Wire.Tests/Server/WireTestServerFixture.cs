namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>One <see cref="WireTestServer"/> with default options, shared by a test class.</summary>
public sealed class WireTestServerFixture : IAsyncLifetime
{
    private WireTestServer? _server;

    public WireTestServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public async Task InitializeAsync() => _server = await WireTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
