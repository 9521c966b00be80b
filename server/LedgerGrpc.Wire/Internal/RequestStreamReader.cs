using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Internal;

/// <summary>The request messages of a client-streaming or bidirectional call.</summary>
internal sealed class RequestStreamReader<T>(MessageReader reader, MessageParser<T> parser, WireServerCallContext call) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;
    private bool _reading;
    private bool _ended;

    public T Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first, and only use Current while it returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            _current = null;
            return false;
        }

        if (_reading)
        {
            throw new InvalidOperationException("A read is already in progress on this request stream; await it before reading again.");
        }

        _reading = true;
        try
        {
            if (!cancellationToken.CanBeCanceled || cancellationToken == call.CancellationToken)
            {
                _current = await reader.ReadAsync(parser, call.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken);
                _current = await reader.ReadAsync(parser, linked.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _reading = false;
        }

        _ended = _current is null;
        return !_ended;
    }
}
