using LedgerGrpc.Access.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// `authorization: Bearer lgk_...`: checked against the in-memory <see cref="ApiKeyCache"/> only, never SQLite.
/// A plain <see cref="IAuthenticationHandler"/> rather than an AuthenticationHandler&lt;TOptions&gt;: ASP.NET Core
/// makes a handler per call, and the base class's per-call set-up (a logger from the factory, options and events
/// lookups) cost more than the key check itself on RecordTransaction's hot path (issue 17 §6). A valid key's result is
/// built once per key and shared, so a call allocates nothing here beyond the handler.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(ApiKeyCache cache) : IAuthenticationHandler
{
    private static readonly Task<AuthenticateResult> NoKey = Task.FromResult(AuthenticateResult.NoResult());
    private HttpContext? _context;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync()
    {
        if (_context is null || !BearerToken.TryGet(_context.Request, out var token))
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

    // gRPC calls never get here (GrpcAuthorizationResultHandler answers them with a status); anything else gets HTTP's.
    public Task ChallengeAsync(AuthenticationProperties? properties) => SetStatus(StatusCodes.Status401Unauthorized);

    public Task ForbidAsync(AuthenticationProperties? properties) => SetStatus(StatusCodes.Status403Forbidden);

    private Task SetStatus(int status)
    {
        if (_context is not null)
        {
            _context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }

    private static Task<AuthenticateResult> Fail(string message) => Task.FromResult(AuthenticateResult.Fail(message));
}
