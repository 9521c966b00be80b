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

    public static IServiceCollection AddLedgerGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<ICallerResolver, ActorHeaderCallerResolver>();
        services.AddGrpc(options =>
        {
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
