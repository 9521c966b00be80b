using System.Text.Encodings.Web;
using LedgerGrpc.Access.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// `authorization: Bearer lgk_...`: checked against the in-memory <see cref="ApiKeyCache"/> only.
/// A valid key's result is built once per key and reused, so the hot path allocates nothing here.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly Task<AuthenticateResult> NoKey = Task.FromResult(AuthenticateResult.NoResult());

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BearerToken.TryGet(Request, out var token))
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
