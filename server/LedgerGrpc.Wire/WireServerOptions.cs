using Microsoft.Extensions.DependencyInjection;

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

    private readonly List<Func<IServiceProvider, IServerInterceptor>> _interceptors = [];

    /// <summary>Interceptors in registration order: the first registered runs outermost.</summary>
    internal IReadOnlyList<Func<IServiceProvider, IServerInterceptor>> InterceptorFactories => _interceptors;

    /// <summary>Adds an interceptor instance, shared by all calls.</summary>
    public WireServerOptions AddInterceptor(IServerInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        _interceptors.Add(_ => interceptor);
        return this;
    }

    /// <summary>Adds an interceptor resolved from DI (or created with DI-supplied constructor arguments) once, at start-up.</summary>
    public WireServerOptions AddInterceptor<T>()
        where T : IServerInterceptor
    {
        _interceptors.Add(services => ActivatorUtilities.GetServiceOrCreateInstance<T>(services));
        return this;
    }
}
