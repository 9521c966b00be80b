using LedgerGrpc.Access.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// The API-key scheme's handler (the check is <see cref="ApiKeyAuthentication"/>): challenges, forbids, and whoever
/// authenticates the scheme through its handler. <see cref="LedgerAuthenticationService"/> answers the common case
/// without making one. A plain <see cref="IAuthenticationHandler"/> rather than an AuthenticationHandler&lt;TOptions&gt;:
/// the base class's per-call set-up (a logger from the factory, options and events lookups) costs more than the key
/// check itself.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(ApiKeyCache cache) : IAuthenticationHandler
{
    private static readonly Task<AuthenticateResult> NoContext = Task.FromResult(AuthenticateResult.NoResult());
    private HttpContext? _context;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() => _context is null ? NoContext : ApiKeyAuthentication.Authenticate(_context.Request, cache);

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
}
