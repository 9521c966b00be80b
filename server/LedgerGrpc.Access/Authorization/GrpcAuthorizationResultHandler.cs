using LedgerGrpc.Access.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// Turns ASP.NET Core's challenge/forbid into gRPC statuses a person can act on: UNAUTHENTICATED
/// saying what was wrong with the credentials, PERMISSION_DENIED naming the role(s) the RPC needs
/// and the caller's own. Each refusal is counted for the audit log's summary.
/// </summary>
public sealed class GrpcAuthorizationResultHandler(RefusedCallLog refused) : IAuthorizationMiddlewareResultHandler
{
    public const string MissingCredentials =
        "this call needs credentials: send 'authorization: Bearer <API key>' (the first start writes an admin key to <data-dir>/admin.key)";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    // An admitted call goes straight on (what the default handler does too, minus its state machine: every call passes here).
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Succeeded ? next(context)
        : GrpcStatusResponse.IsGrpc(context) ? RefuseAsync(context, authorizeResult)
        : _default.HandleAsync(next, context, policy, authorizeResult);

    private async Task RefuseAsync(HttpContext context, PolicyAuthorizationResult authorizeResult)
    {

        var rpc = Ledger.Quote.Short(context.Request.Path.Value?.TrimStart('/'), 100);
        if (authorizeResult.Challenged)
        {
            // The middleware keeps only a successful result; asking again returns the handler's cached one.
            var failure = (await context.AuthenticateAsync().ConfigureAwait(false)).Failure?.Message;
            refused.Record(failure is null ? "no credentials" : "bad credentials", CallerHint(context), rpc);
            await GrpcStatusResponse.WriteAsync(context, GrpcStatusResponse.Unauthenticated, failure is null ? MissingCredentials : $"{failure}; {rpc} needs valid credentials").ConfigureAwait(false);
            return;
        }

        var user = context.User;
        var name = LedgerPrincipal.Name(user) ?? "caller";
        var role = LedgerPrincipal.Role(user) ?? "none";
        refused.Record("permission denied", name, rpc);
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements ?? [];
        var needed = failed.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles)
            .Concat(failed.OfType<RpcRequirement>().SelectMany(_ => RpcPolicies.RolesFor(context.Request.Path.Value ?? "")))
            .Distinct().ToList();
        var has = LedgerPrincipal.NoRoleReason(user) is { } why ? $"{name} has no LedgerGrpc role: {why}" : $"{name} has role {role}";
        var message = needed.Count == 0
            ? $"{rpc} has no access policy yet, so it is refused to every role (see docs/security.md)"
            : $"{rpc} needs role {string.Join(" or ", needed)}; {has}";
        await GrpcStatusResponse.WriteAsync(context, GrpcStatusResponse.PermissionDenied, message).ConfigureAwait(false);
    }

    // Who tried, without logging a secret: the public key id of an API key, else the peer address.
    private static string CallerHint(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Authentication.BearerToken.TryGet(context.Request, out var token)
            && Keys.ApiKeySecret.TryParse(token, out var keyId, out _)
            ? $"key id {keyId} from {address}"
            : address;
    }
}
