using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;

namespace Grpc.Testing;

// A generated message made pre-encodable the way the ledger's ClassifyResponse is, for the writer's tests.
public sealed partial class SimpleResponse : IPreEncodedMessage
{
    private byte[]? _encoded;

    ReadOnlyMemory<byte> IPreEncodedMessage.PreEncoded => _encoded;

    public SimpleResponse Encode()
    {
        _encoded = this.ToByteArray();
        return this;
    }
}
