using LedgerGrpc.Access.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// `authorization: Bearer lgk_...` checked against the in-memory <see cref="ApiKeyCache"/> only, never SQLite: the
/// scheme's handler and <see cref="LedgerAuthenticationService"/>'s direct path both answer with this. A valid key's
/// result is the key's shared one, so a call allocates nothing here.
/// </summary>
public static class ApiKeyAuthentication
{
    private static readonly Task<AuthenticateResult> NoKey = Task.FromResult(AuthenticateResult.NoResult());

    public static Task<AuthenticateResult> Authenticate(HttpRequest request, ApiKeyCache cache)
    {
        if (!BearerToken.TryGet(request, out var token))
        {
            return NoKey;
        }

        return cache.Check(token, out var key) switch
        {
            ApiKeyCheck.Valid => key!.Authenticated,
            ApiKeyCheck.Expired => Fail($"API key '{key!.Name}' expired at {key.ExpiresAt:yyyy-MM-dd HH:mm:ss}Z"),
            ApiKeyCheck.Revoked => Fail($"API key '{key!.Name}' has been revoked"),
            ApiKeyCheck.Malformed => Fail("the bearer token is not a LedgerGrpc API key (lgk_...)"),
            _ => Fail("unknown API key"),
        };
    }

    private static Task<AuthenticateResult> Fail(string message) => Task.FromResult(AuthenticateResult.Fail(message));
}
