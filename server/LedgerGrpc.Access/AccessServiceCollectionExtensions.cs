using LedgerGrpc.Access.Authentication;
using LedgerGrpc.Access.Authorization;
using LedgerGrpc.Access.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Access;

/// <summary>Registers keys, authentication, the role policies and rate limits ("Access" configuration section).</summary>
public static class AccessServiceCollectionExtensions
{
    public static IServiceCollection AddLedgerAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Access");
        var options = new AccessOptions();
        section.Bind(options);
        services.Configure<AccessOptions>(section);
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ApiKeyManager>();
        services.AddSingleton<RefusedCallLog>();
        services.AddHostedService<ApiKeyRefresher>();
        services.AddHostedService<RefusedCallFlusher>();
        if (options.DisableAuthentication)
        {
            // Benchmarks only. No authentication or authorization services at all: WebApplication adds their
            // middleware by itself whenever they are registered, and the point is to measure a server without them.
            return services;
        }

        services.AddLedgerAuthentication(options);
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in LedgerPolicies.Roles)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }

            // Every endpoint (gRPC services carry no [Authorize] of their own) is checked against the RPC table.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(RpcRequirement.Instance).Build();
        });
        services.AddSingleton<IAuthorizationHandler, RpcAuthorizationHandler>();
        // One for the process: it and what it holds (the authorization service, singleton handlers) keep no per-call state.
        services.AddSingleton<IPolicyEvaluator, RpcPolicyEvaluator>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        services.AddLedgerRateLimits(options);
        return services;
    }
}
