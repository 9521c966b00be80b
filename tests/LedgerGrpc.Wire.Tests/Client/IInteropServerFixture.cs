namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>A running grpc.testing.TestService server the interop cases call.</summary>
public interface IInteropServerFixture
{
    string Address { get; }
}
