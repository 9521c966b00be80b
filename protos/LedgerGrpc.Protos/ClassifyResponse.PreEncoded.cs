using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Protos.Ledger.V1;

// Classify answers come from a per-customer cache and are sent far more often than they change; encoding nine
// assignments on every call cost about as much as the rest of the server's work for the call.
public sealed partial class ClassifyResponse : IPreEncodedMessage
{
    private byte[]? _preEncoded;

    ReadOnlyMemory<byte> IPreEncodedMessage.PreEncoded => _preEncoded;

    /// <summary>Encodes the message now; from then on it is sent as those bytes. Call it only once the message is
    /// final: later changes to its fields would not be sent. (Clones are not encoded.)</summary>
    public ClassifyResponse PreEncode()
    {
        _preEncoded = this.ToByteArray();
        return this;
    }
}
