using LedgerGrpc.Wire.Client;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>Tests calling the class's shared Python interop server through one channel.</summary>
public abstract class InteropChannelTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>, IDisposable
{
    protected PythonInteropServer Server => fixture.Server;

    protected WireChannel Channel { get; } = WireChannel.ForAddress(fixture.Server.Address);

    public void Dispose()
    {
        Channel.Dispose();
        GC.SuppressFinalize(this);
    }
}
