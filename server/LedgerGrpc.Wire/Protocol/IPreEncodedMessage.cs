namespace LedgerGrpc.Wire.Protocol;

/// <summary>
/// A message that carries its own encoding, made once. For answers served many times unchanged (a cache of read-only
/// responses), encoding each time is a large part of a small call's cost; the writer copies these bytes instead.
/// Empty means "not encoded yet": the message is serialized as usual. Whoever encodes a message must not change it
/// afterwards, since the bytes would no longer match the fields.
/// </summary>
public interface IPreEncodedMessage
{
    ReadOnlyMemory<byte> PreEncoded { get; }
}
