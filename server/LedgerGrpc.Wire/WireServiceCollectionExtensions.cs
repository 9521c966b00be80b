using LedgerGrpc.Wire.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Wire;

public static class WireServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Wire gRPC server: options (from the "Wire" configuration section, then
    /// <paramref name="configure"/>), the health service and server reflection.
    /// </summary>
    public static IServiceCollection AddWireGrpc(this IServiceCollection services, Action<WireServerOptions>? configure = null)
    {
        services.AddRouting();
        services.AddOptions<WireServerOptions>();
        services.AddSingleton<IConfigureOptions<WireServerOptions>>(provider => new ConfigureOptions<WireServerOptions>(
            options => provider.GetService<IConfiguration>()?.GetSection("Wire").Bind(options)));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<WireServiceRegistry>();
        services.TryAddSingleton(provider => new ServerRuntime(provider));
        services.TryAddSingleton<Health.WireHealthService>();
        services.TryAddSingleton<Reflection.Internal.ReflectionIndex>();
        services.TryAddSingleton<Reflection.Internal.ReflectionV1Service>();
        services.TryAddSingleton<Reflection.Internal.ReflectionV1AlphaService>();
        return services;
    }
}
