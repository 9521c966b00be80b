using Grpc.Core;
using LedgerGrpc.Access;

namespace LedgerGrpc.Server.Identity;

/// <summary>
/// The caller is the authenticated principal (ASP.NET Core authentication ran before the call got
/// here). A service key's x-ledger-actor is recorded as "on behalf of": "key:crm (for alice)"; from
/// any other role the header is ignored.
/// </summary>
public sealed class PrincipalCallerResolver : ICallerResolver
{
    public Caller Resolve(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var user = http.User;
        // The HTTP headers directly: ServerCallContext.RequestHeaders copies every header into a new Metadata on first use.
        var onBehalfOf = LedgerPrincipal.Role(user) == LedgerRoles.Service ? (string?)http.Request.Headers[ActorHeaderCallerResolver.Header] : null;
        if (onBehalfOf is { Length: > ActorHeaderCallerResolver.MaxLength })
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{ActorHeaderCallerResolver.Header}: header is {onBehalfOf.Length} characters long; the limit is {ActorHeaderCallerResolver.MaxLength}"));
        }

        return new Caller(LedgerPrincipal.Actor(user, onBehalfOf));
    }
}
