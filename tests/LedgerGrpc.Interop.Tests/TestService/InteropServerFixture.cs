namespace LedgerGrpc.Interop.Tests.TestService;

/// <summary>One <see cref="InteropServer"/> with the stack's default options, shared by a test class.</summary>
public sealed class InteropServerFixture : IAsyncLifetime
{
    private InteropServer? _server;

    public InteropServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public async Task InitializeAsync() => _server = await InteropServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
