using Google.Protobuf;
using LedgerGrpc.Wire.Client.Internal;

namespace LedgerGrpc.Wire.Client;

/// <summary>A bidirectional call: requests and responses stream at the same time.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : AsyncCallBase<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    internal AsyncDuplexStreamingCall(WireCall<TResponse> call, IClientStreamWriter<TRequest> requestStream)
        : base(call)
    {
        RequestStream = requestStream;
        ResponseStream = new ResponseStreamReader<TResponse>(call);
    }

    /// <summary>Write the requests, then CompleteAsync.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The responses; MoveNext throws <see cref="RpcException"/> when the call fails.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}
