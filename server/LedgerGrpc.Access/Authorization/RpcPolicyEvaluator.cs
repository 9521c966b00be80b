using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using LedgerGrpc.Access.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// ASP.NET Core's policy evaluator with a fast path for the one policy every RPC goes through (the fallback policy,
/// <see cref="RpcRequirement"/> alone): a caller the RPC table admits succeeds with one table lookup, without building
/// an AuthorizationHandlerContext and walking the handlers for every call (RecordTransaction's hot path, issue 17 §6).
/// Every refusal still takes the full path, so the result handler sees the same failure (and message) as before.
/// One instance for the process (registered as a singleton): it keeps no per-call state.
/// </summary>
public sealed class RpcPolicyEvaluator(IAuthorizationService authorization) : PolicyEvaluator(authorization)
{
    // A policy naming no scheme re-uses what UseAuthentication found: for an API key that is the key's shared result,
    // which already holds its completed task (the base class would await and wrap it per call).
    public override Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        policy.AuthenticationSchemes.Count == 0 && context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is SharedAuthenticateResult shared
            ? shared.Completed
            : base.AuthenticateAsync(policy, context);

    public override Task<PolicyAuthorizationResult> AuthorizeAsync(
        AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        if (policy.Requirements is [RpcRequirement] && policy.AuthenticationSchemes.Count == 0
            && RpcAuthorizationHandler.Admits(context.Request.Path.Value ?? "", context.User))
        {
            return Succeeded;
        }

        return base.AuthorizeAsync(policy, authenticationResult, context, resource);
    }

    private static readonly Task<PolicyAuthorizationResult> Succeeded = Task.FromResult(PolicyAuthorizationResult.Success());
}
