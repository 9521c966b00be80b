using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// Decides <see cref="RpcRequirement"/> from the request path ("/package.Service/Method"):
/// health is open to anyone, reflection to any principal with a role, every other RPC to the roles of
/// its policy; anything not in the table is refused.
/// </summary>
public sealed class RpcAuthorizationHandler : AuthorizationHandler<RpcRequirement>
{
    public const string HealthPrefix = "/grpc.health.v1.Health/";
    public const string ReflectionPrefix = "/grpc.reflection.";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RpcRequirement requirement)
    {
        if (Admits(context.Resource is HttpContext http ? http.Request.Path.Value ?? "" : "", context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether <paramref name="user"/> may call the RPC at <paramref name="path"/> ("/package.Service/Method").</summary>
    public static bool Admits(string path, ClaimsPrincipal user)
    {
        if (path.StartsWith(HealthPrefix, StringComparison.Ordinal))
        {
            return true;
        }

        // Reflection is open to any principal with a role; an identified caller without one (an unmapped token or
        // certificate) gets nothing but health.
        var role = LedgerPrincipal.IsAuthenticated(user) ? LedgerPrincipal.Role(user) : null;
        return role is not null && (path.StartsWith(ReflectionPrefix, StringComparison.Ordinal) || RpcPolicies.Allows(path, role));
    }
}
