using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using LedgerGrpc.Wire.Client.Internal;

namespace LedgerGrpc.Wire.Client;

/// <summary>
/// A gRPC client for one server address over HTTP/2: cleartext with prior knowledge for http://,
/// TLS (ALPN h2) for https://. Thread-safe; share one channel for all calls. Calls beyond the
/// server's concurrent-stream limit open further connections instead of queueing. Methods are
/// addressed by protobuf <see cref="MethodDescriptor"/>s, e.g. <c>MyReflection.Descriptor.Services[0].Methods[0]</c>.
/// </summary>
public sealed class WireChannel : IDisposable
{
    // The handler does not end requests in flight when disposed; the channel ends its calls itself.
    private readonly ConcurrentDictionary<IActiveCall, byte> _activeCalls = new();
    private volatile bool _disposed;

    private WireChannel(Uri address, WireChannelOptions options)
    {
        Address = address;
        Options = options;
        Invoker = new HttpMessageInvoker(options.HttpHandler ?? HandlerFactory.Create(options), disposeHandler: true);
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
    }

    /// <summary>The server's address (scheme, host and port).</summary>
    public Uri Address { get; }

    public WireChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    internal int MaxReceiveMessageSize { get; }

    internal TimeProvider TimeProvider => Options.TimeProvider;

    internal Metadata? DefaultHeaders => Options.DefaultHeaders;

    public static WireChannel ForAddress(string address, WireChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    public static WireChannel ForAddress(Uri address, WireChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The address '{address}' must be an absolute http:// (cleartext HTTP/2) or https:// (TLS) URI.", nameof(address));
        }

        return new WireChannel(address, options ?? new WireChannelOptions());
    }

    /// <summary>Calls a unary method; fails with <see cref="RpcException"/> for any status but OK.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = StartUnaryRequest<TRequest, TResponse>(method, request, options, serverStreaming: false);
        return await call.ReadSingleAsync().ConfigureAwait(false);
    }

    /// <summary>Calls a unary method and also returns the response headers and trailers.</summary>
    public async Task<UnaryResult<TResponse>> UnaryWithMetadataAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = StartUnaryRequest<TRequest, TResponse>(method, request, options, serverStreaming: false);
        var response = await call.ReadSingleAsync().ConfigureAwait(false);
        return new UnaryResult<TResponse>(response, await call.ResponseHeadersAsync.ConfigureAwait(false), call.GetTrailers());
    }

    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => new(StartUnaryRequest<TRequest, TResponse>(method, request, options, serverStreaming: true));

    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(MethodDescriptor method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var (call, writer) = StartStreamingRequest<TRequest, TResponse>(method, options, serverStreaming: false);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call, writer);
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(MethodDescriptor method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var (call, writer) = StartStreamingRequest<TRequest, TResponse>(method, options, serverStreaming: true);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call, writer);
    }

    /// <summary>Ends the calls still running (CANCELLED, their streams reset) and closes the connections.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var call in _activeCalls.Keys)
        {
            call.Cancel(new Status(StatusCode.Cancelled, "The channel was disposed while the call was running."));
        }

        Invoker.Dispose();
    }

    /// <summary>Tracks a started call until it ends; false once the channel is disposed.</summary>
    internal bool TryAdd(IActiveCall call)
    {
        _activeCalls.TryAdd(call, 0);
        if (_disposed)
        {
            _activeCalls.TryRemove(call, out _);
            return false;
        }

        return true;
    }

    internal void Remove(IActiveCall call) => _activeCalls.TryRemove(call, out _);

    private WireCall<TResponse> StartUnaryRequest<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options, bool serverStreaming)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clientMethod = ClientMethod<TResponse>.For<TRequest>(method, serverStreaming ? MethodKind.ServerStreaming : MethodKind.Unary);
        var compress = options.Compress || Options.CompressRequests;
        var call = new WireCall<TResponse>(this, clientMethod.Parser);
        call.Start(clientMethod.Path, FramedContent.Create(request, compress), options, compress);
        return call;
    }

    private (WireCall<TResponse>, IClientStreamWriter<TRequest>) StartStreamingRequest<TRequest, TResponse>(MethodDescriptor method, CallOptions options, bool serverStreaming)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clientMethod = ClientMethod<TResponse>.For<TRequest>(method, serverStreaming ? MethodKind.DuplexStreaming : MethodKind.ClientStreaming);
        var compress = options.Compress || Options.CompressRequests;
        var call = new WireCall<TResponse>(this, clientMethod.Parser);
        var content = new StreamingRequestContent();
        call.Start(clientMethod.Path, content, options, compress);
        return (call, new ClientStreamWriter<TRequest, TResponse>(call, content, compress));
    }
}
