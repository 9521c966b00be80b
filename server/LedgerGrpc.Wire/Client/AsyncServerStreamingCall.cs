using Google.Protobuf;
using LedgerGrpc.Wire.Client.Internal;

namespace LedgerGrpc.Wire.Client;

/// <summary>A call with one request and a stream of responses.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : AsyncCallBase<TResponse>
    where TResponse : class, IMessage<TResponse>
{
    internal AsyncServerStreamingCall(WireCall<TResponse> call)
        : base(call)
    {
        ResponseStream = new ResponseStreamReader<TResponse>(call);
    }

    /// <summary>The responses; MoveNext throws <see cref="RpcException"/> when the call fails.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}
