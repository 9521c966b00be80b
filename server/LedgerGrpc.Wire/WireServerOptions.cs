namespace LedgerGrpc.Wire;

/// <summary>Server settings; bound from the "Wire" configuration section by AddWireGrpc.</summary>
public sealed class WireServerOptions
{
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Largest request message accepted (after decompression); null for no limit. Larger → RESOURCE_EXHAUSTED.</summary>
    public int? MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>Adds exception types and messages to UNKNOWN statuses from failing handlers. Off in production.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Compresses responses with gzip when the client accepts it (handlers can also choose per call).</summary>
    public bool CompressResponses { get; set; }

    /// <summary>Interceptor instances, outermost first.</summary>
    public IList<IServerInterceptor> Interceptors { get; } = [];

    /// <summary>Interceptor types resolved from DI (or created with DI-supplied constructor arguments), after <see cref="Interceptors"/>.</summary>
    public IList<Type> InterceptorTypes { get; } = [];

    public WireServerOptions AddInterceptor<T>()
        where T : IServerInterceptor
    {
        InterceptorTypes.Add(typeof(T));
        return this;
    }
}
