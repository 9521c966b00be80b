using Google.Protobuf;
using LedgerGrpc.Wire.Client.Internal;

namespace LedgerGrpc.Wire.Client;

/// <summary>
/// What every streaming call offers: response headers, and once the response stream has ended,
/// the status and trailers. Disposing an unfinished call cancels it (the HTTP/2 stream is reset).
/// </summary>
public abstract class AsyncCallBase<TResponse> : IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private protected AsyncCallBase(WireCall<TResponse> call)
    {
        Call = call;
    }

    private protected WireCall<TResponse> Call { get; }

    /// <summary>
    /// The response headers; empty for a trailers-only response (the server failed or finished
    /// without sending any message). Throws <see cref="RpcException"/> if the call failed before
    /// headers arrived.
    /// </summary>
    public Task<Metadata> ResponseHeadersAsync => Call.ResponseHeadersAsync;

    /// <summary>The final status; throws InvalidOperationException while the call is still running.</summary>
    public Status GetStatus() => Call.GetStatus();

    /// <summary>The trailing metadata; throws InvalidOperationException while the call is still running.</summary>
    public Metadata GetTrailers() => Call.GetTrailers();

    public void Dispose()
    {
        Call.Dispose();
        GC.SuppressFinalize(this);
    }
}
