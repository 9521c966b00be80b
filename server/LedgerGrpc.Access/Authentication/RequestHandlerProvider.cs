using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// IAuthenticationHandlerProvider as one instance for the process. The framework's is a scoped service, and
/// UseAuthentication resolves it on every request whether or not a handler is needed (it is only needed off the API-key
/// path, see <see cref="LedgerAuthenticationService"/>). The same behaviour otherwise: a scheme's handler is made once per
/// request (from the request's services, else constructed), initialized, and kept for the rest of that request, in a
/// request feature made only when a handler is first asked for.
/// </summary>
public sealed class RequestHandlerProvider(IAuthenticationSchemeProvider schemes) : IAuthenticationHandlerProvider
{
    public async Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
    {
        var handlers = context.Features.Get<RequestHandlers>();
        if (handlers is null)
        {
            handlers = new RequestHandlers();
            context.Features.Set(handlers);
        }
        else if (handlers.TryGetValue(authenticationScheme, out var made))
        {
            return made;
        }

        if (await schemes.GetSchemeAsync(authenticationScheme).ConfigureAwait(false) is not { } scheme)
        {
            return null;
        }

        var services = context.RequestServices;
        if ((services.GetService(scheme.HandlerType) ?? ActivatorUtilities.CreateInstance(services, scheme.HandlerType)) is not IAuthenticationHandler handler)
        {
            return null;
        }

        await handler.InitializeAsync(scheme, context).ConfigureAwait(false);
        handlers[authenticationScheme] = handler;
        return handler;
    }

    private sealed class RequestHandlers() : Dictionary<string, IAuthenticationHandler>(StringComparer.Ordinal);
}
