using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using LedgerGrpc.Server.Errors;
using LedgerGrpc.Server.Health;
using LedgerGrpc.Server.Identity;
using LedgerGrpc.Server.Marshalling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerGrpc.Server.Hosting;

/// <summary>
/// Grpc.AspNetCore for every LedgerGrpc service: the cross-cutting interceptors, options from the "Grpc" configuration
/// section (MaxReceiveMessageSize, MaxSendMessageSize, EnableDetailedErrors, ResponseCompressionAlgorithm,
/// ResponseCompressionLevel), health and reflection.
/// </summary>
public static class LedgerGrpcServiceExtensions
{
    public const string ConfigurationSection = "Grpc";

    /// <summary>
    /// The largest reply the server sends unless Grpc:MaxSendMessageSize says otherwise (Grpc.AspNetCore's own default is
    /// unlimited). Replies are pages, single records and workflow texts (requests are at most 4 MiB), far below this; a
    /// reply that would be larger (an explanation of a pathological workflow) ends as RESOURCE_EXHAUSTED instead of
    /// going out.
    /// </summary>
    public const int DefaultMaxSendMessageSize = 16 * 1024 * 1024;

    public static IServiceCollection AddLedgerGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ICallerResolver, ActorHeaderCallerResolver>();
        // Registered, so Grpc.AspNetCore uses these instances for every call; unregistered interceptors are built
        // anew (a DI lookup and a factory call each) on every call. Both are stateless.
        services.TryAddSingleton<DomainErrorInterceptor>();
        services.TryAddSingleton<CallerInterceptor>();
        services.AddGrpc(options =>
        {
            // Before the "Grpc" section is bound (below), so configuration can change it.
            options.MaxSendMessageSize = DefaultMaxSendMessageSize;
            // Outermost first: a refusal from resolving the caller or from the handler becomes its status.
            options.Interceptors.Add<DomainErrorInterceptor>();
            options.Interceptors.Add<CallerInterceptor>();
        });
        // In place of the default binder: the same binding, with request marshallers that name what they cannot parse.
        services.Replace(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(ParsingServiceMethodProvider<>)));
        services.Configure<GrpcServiceOptions>(configuration.GetSection(ConfigurationSection));
        services.AddGrpcReflection();
        services.AddLedgerHealth();
        return services;
    }

    public static IEndpointRouteBuilder MapLedgerGrpcInfrastructure(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
