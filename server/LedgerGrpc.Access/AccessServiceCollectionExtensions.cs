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
        services.AddLedgerAuthentication(options);
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in LedgerPolicies.Roles)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }

            o.AddPolicy(LedgerPolicies.Unassigned, p => p.RequireAuthenticatedUser().RequireAssertion(_ => false));
            // Anything mapped without a policy (server reflection, unknown methods) still needs a valid principal.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        services.AddLedgerRateLimits(options);
        return services;
    }
}
