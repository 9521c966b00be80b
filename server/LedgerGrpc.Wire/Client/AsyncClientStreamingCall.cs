using Google.Protobuf;
using LedgerGrpc.Wire.Client.Internal;

namespace LedgerGrpc.Wire.Client;

/// <summary>A call with a stream of requests and one response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : AsyncCallBase<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    internal AsyncClientStreamingCall(WireCall<TResponse> call, IClientStreamWriter<TRequest> requestStream)
        : base(call)
    {
        RequestStream = requestStream;
        ResponseAsync = call.ReadSingleAsync();
    }

    /// <summary>Write the requests, then CompleteAsync.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; faults with <see cref="RpcException"/> when the call fails.</summary>
    public Task<TResponse> ResponseAsync { get; }
}
