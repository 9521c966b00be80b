namespace LedgerGrpc.Protos;

/// <summary>
/// A response that carries its own protobuf encoding, made once. Answers served many times unchanged (the cached
/// Classify responses) would otherwise be encoded again on every call, a large part of a small call's cost; the
/// server's response marshaller writes these bytes instead. Empty means "not encoded": the message is serialized as
/// usual. A message must not be changed after it is encoded: the bytes would no longer match its fields.
/// </summary>
public interface IPreEncodedMessage
{
    ReadOnlyMemory<byte> PreEncoded { get; }
}
