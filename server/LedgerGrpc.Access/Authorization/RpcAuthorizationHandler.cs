using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// Decides <see cref="RpcRequirement"/> from the request path ("/package.Service/Method"):
/// health is open to anyone, reflection to any valid principal, every other RPC to the roles of
/// its policy; anything not in the table is refused.
/// </summary>
public sealed class RpcAuthorizationHandler : AuthorizationHandler<RpcRequirement>
{
    public const string HealthPrefix = "/grpc.health.v1.Health/";
    public const string ReflectionPrefix = "/grpc.reflection.";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RpcRequirement requirement)
    {
        var path = context.Resource is HttpContext http ? http.Request.Path.Value ?? "" : "";
        if (path.StartsWith(HealthPrefix, StringComparison.Ordinal))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var authenticated = context.User.Identity?.IsAuthenticated == true;
        if (authenticated && (path.StartsWith(ReflectionPrefix, StringComparison.Ordinal) || RpcPolicies.Allows(path, LedgerPrincipal.Role(context.User))))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
