using LedgerGrpc.Wire.Client;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>Tests calling the class's shared interop server through one channel.</summary>
public abstract class InteropChannelTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IDisposable
    where TFixture : class, IInteropServerFixture
{
    protected TFixture Fixture => fixture;

    protected WireChannel Channel { get; } = WireChannel.ForAddress(fixture.Address);

    public void Dispose()
    {
        Channel.Dispose();
        GC.SuppressFinalize(this);
    }
}
