using Google.Protobuf;

namespace LedgerGrpc.Protos.Ledger.V1;

/// <summary>Classify answers are cached per customer and sent many times: they can carry their encoding.</summary>
public sealed partial class ClassifyResponse : IPreEncodedMessage
{
    // Not a protobuf field: Clone, Equals and the wire format ignore it, so a copy is encoded as usual.
    private ReadOnlyMemory<byte> _preEncoded;

    ReadOnlyMemory<byte> IPreEncodedMessage.PreEncoded => _preEncoded;

    /// <summary>Encodes this response once and returns it; it must not be changed afterwards.</summary>
    public ClassifyResponse PreEncode()
    {
        _preEncoded = this.ToByteArray();
        return this;
    }
}
