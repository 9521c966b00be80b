using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Wire.Internal;

/// <summary>Settings and services every call needs, resolved once when services are mapped.</summary>
internal sealed class ServerRuntime
{
    public ServerRuntime(IServiceProvider services)
    {
        Services = services;
        var options = services.GetRequiredService<IOptions<WireServerOptions>>().Value;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
        EnableDetailedErrors = options.EnableDetailedErrors;
        CompressResponses = options.CompressResponses;
        TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LedgerGrpc.Wire.Server");
        Interceptors = [.. options.InterceptorFactories.Select(create => create(services))];
    }

    /// <summary>The application's root service provider.</summary>
    public IServiceProvider Services { get; }

    public int MaxReceiveMessageSize { get; }

    public bool EnableDetailedErrors { get; }

    public bool CompressResponses { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public IServerInterceptor[] Interceptors { get; }
}
