namespace LedgerGrpc.Wire;

/// <summary>The four gRPC call shapes, from whether each side streams.</summary>
public enum MethodKind
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}
