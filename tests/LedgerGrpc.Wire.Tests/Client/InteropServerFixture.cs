namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>One cleartext Python interop server shared by a test class.</summary>
public sealed class InteropServerFixture : IInteropServerFixture, IAsyncLifetime
{
    private PythonInteropServer? _server;

    public PythonInteropServer Server => _server ?? throw new InvalidOperationException("The interop server has not started.");

    public string Address => Server.Address;

    public async Task InitializeAsync() => _server = await PythonInteropServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
