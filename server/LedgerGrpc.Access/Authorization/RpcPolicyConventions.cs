using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace LedgerGrpc.Access.Authorization;

/// <summary>Attaches each gRPC method endpoint's policy from <see cref="RpcPolicies"/> (the one table).</summary>
public static class RpcPolicyConventions
{
    public static TBuilder RequireRpcPolicies<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            // Method endpoints are "/package.Service/Method"; Grpc.AspNetCore's catch-all for unknown
            // methods ("{unimplementedMethod}") keeps the fallback policy (any valid principal).
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && !route.Contains('{', StringComparison.Ordinal))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(RpcPolicies.For(route)));
            }
        });
        return builder;
    }
}
