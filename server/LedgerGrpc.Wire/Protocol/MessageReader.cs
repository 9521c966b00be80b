using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace LedgerGrpc.Wire.Protocol;

/// <summary>
/// Reads length-prefixed protobuf messages from a pipe: a message may arrive split over many
/// reads (DATA frames), and one read may hold several messages. Protocol violations surface as
/// <see cref="RpcException"/> with the status the specification calls for.
/// </summary>
public sealed class MessageReader
{
    private readonly PipeReader _reader;
    private readonly int _maxMessageSize;
    private readonly bool _gzip;

    /// <param name="reader">The request (server) or response (client) body.</param>
    /// <param name="maxMessageSize">Largest message accepted, before and after decompression.</param>
    /// <param name="encoding">The peer's grpc-encoding: null/identity or gzip (check with <see cref="IsSupportedEncoding"/> first).</param>
    public MessageReader(PipeReader reader, int maxMessageSize, string? encoding)
    {
        _reader = reader;
        _maxMessageSize = maxMessageSize;
        _gzip = string.Equals(encoding, GrpcHeaders.GzipEncoding, StringComparison.OrdinalIgnoreCase);
        Encoding = encoding;
    }

    public string? Encoding { get; }

    public static bool IsSupportedEncoding(string? encoding) =>
        string.IsNullOrEmpty(encoding)
        || encoding.Equals(GrpcHeaders.IdentityEncoding, StringComparison.OrdinalIgnoreCase)
        || encoding.Equals(GrpcHeaders.GzipEncoding, StringComparison.OrdinalIgnoreCase);

    /// <summary>The next message, or null when the stream ended cleanly between messages.</summary>
    public ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>
    {
        // Most unary requests are already buffered when the handler starts: no async machinery.
        if (_reader.TryRead(out var result) && TryConsume(result, parser, out var message))
        {
            return new ValueTask<T?>(message);
        }

        return ReadSlowAsync(parser, cancellationToken);
    }

    private async ValueTask<T?> ReadSlowAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (TryConsume(result, parser, out var message))
            {
                return message;
            }
        }
    }

    private bool TryConsume<T>(in ReadResult result, MessageParser<T> parser, out T? message)
        where T : class, IMessage<T>
    {
        var buffer = result.Buffer;
        bool compressed;
        uint length;
        try
        {
            if (MessageFraming.TryReadHeader(buffer, out compressed, out length) && length > _maxMessageSize)
            {
                throw new RpcException(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size: {length} bytes, limit {_maxMessageSize}.");
            }
        }
        catch
        {
            _reader.AdvanceTo(buffer.Start);
            throw;
        }

        if (buffer.Length >= MessageFraming.HeaderSize && buffer.Length - MessageFraming.HeaderSize >= length)
        {
            var payload = buffer.Slice(MessageFraming.HeaderSize, length);
            try
            {
                message = Parse(payload, compressed, parser);
            }
            finally
            {
                _reader.AdvanceTo(payload.End);
            }

            return true;
        }

        if (result.IsCompleted)
        {
            _reader.AdvanceTo(buffer.End);
            if (buffer.Length == 0)
            {
                message = null;
                return true;
            }

            throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a length-prefixed message.");
        }

        if (result.IsCanceled)
        {
            _reader.AdvanceTo(buffer.Start, buffer.End);
            throw new OperationCanceledException("Reading the message stream was cancelled.");
        }

        _reader.AdvanceTo(buffer.Start, buffer.End);
        message = null;
        return false;
    }

    private T Parse<T>(in ReadOnlySequence<byte> payload, bool compressed, MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        try
        {
            if (!compressed)
            {
                return parser.ParseFrom(payload);
            }

            if (!_gzip)
            {
                throw new RpcException(StatusCode.Internal, "A message has the compressed flag set but the stream has no grpc-encoding.");
            }

            return parser.ParseFrom(GzipCompression.Decompress(payload, _maxMessageSize));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to deserialize message: " + ex.Message), innerException: ex);
        }
    }
}
