using System.Security.Claims;
using LedgerGrpc.Access.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// ASP.NET Core's IAuthenticationService, with a direct path for API keys (issue 17 §6: RecordTransaction's hot path).
/// The framework registers a scoped service that, for every call, resolves a handler through the request's handler
/// provider, builds a fresh ticket and result around the handler's and records a histogram. For the API-key scheme with
/// no claims transformation registered this answers with the key's shared result straight from the in-memory cache
/// (<see cref="ApiKeyAuthentication"/>, the same check the scheme's handler makes). Every other call (JWT, client
/// certificates, the policy scheme that picks between them, challenges, forbids, sign-in and sign-out) goes to the
/// framework's own implementation, made for that call from the request's services, so nothing else changes. Being
/// stateless, one instance serves the process.
/// </summary>
public sealed class LedgerAuthenticationService(ApiKeyCache keys, IClaimsTransformation transformation, ObjectFactory framework) : IAuthenticationService
{
    // Any registered transformation must see every principal: then keys take the framework's path too.
    private readonly bool _direct = transformation is NoopClaimsTransformation;

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
        _direct && scheme == ApiKeyDefaults.AuthenticationType
            ? ApiKeyAuthentication.Authenticate(context.Request, keys)
            : Framework(context).AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework(context).ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework(context).ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
        Framework(context).SignInAsync(context, scheme, principal, properties);

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework(context).SignOutAsync(context, scheme, properties);

    private IAuthenticationService Framework(HttpContext context) => (IAuthenticationService)framework(context.RequestServices, null);

    /// <summary>
    /// Puts this service in place of the framework's (registered by AddAuthentication), which it still uses for
    /// everything but API keys.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IAuthenticationService))?.ImplementationType
            ?? throw new InvalidOperationException("AddAuthentication registers no IAuthenticationService implementation type to build on");
        var factory = ActivatorUtilities.CreateFactory(registered, Type.EmptyTypes);
        services.RemoveAll<IAuthenticationService>();
        services.AddSingleton<IAuthenticationService>(sp =>
            new LedgerAuthenticationService(sp.GetRequiredService<ApiKeyCache>(), sp.GetRequiredService<IClaimsTransformation>(), factory));
    }
}
