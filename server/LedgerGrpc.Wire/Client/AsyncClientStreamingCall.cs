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
        // A caller that abandons the call after a failed write may never await the response.
        ResponseAsync.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Write the requests, then CompleteAsync.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; faults with <see cref="RpcException"/> when the call fails.</summary>
    public Task<TResponse> ResponseAsync { get; }
}
