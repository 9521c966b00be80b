using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// ASP.NET Core's scheme provider, keeping the two answers UseAuthentication asks for on every request (the default
/// authenticate scheme and the request-handler schemes) as completed tasks instead of making new ones each time.
/// Adding or removing a scheme forgets them; the answers are computed and the changes made under one lock, so a
/// stale answer is never kept.
/// </summary>
public sealed class CachingSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
{
    private readonly Lock _gate = new();
    private volatile Answers? _answers;

    public override Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() => Current().DefaultAuthenticate;

    public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() => Current().RequestHandlers;

    public override void AddScheme(AuthenticationScheme scheme)
    {
        lock (_gate)
        {
            base.AddScheme(scheme);
            _answers = null;
        }
    }

    public override bool TryAddScheme(AuthenticationScheme scheme)
    {
        lock (_gate)
        {
            _answers = null;
            return base.TryAddScheme(scheme);
        }
    }

    public override void RemoveScheme(string name)
    {
        lock (_gate)
        {
            base.RemoveScheme(name);
            _answers = null;
        }
    }

    private Answers Current()
    {
        if (_answers is { } answers)
        {
            return answers;
        }

        lock (_gate)
        {
            return _answers ??= new Answers(base.GetDefaultAuthenticateSchemeAsync(), base.GetRequestHandlerSchemesAsync());
        }
    }

    private sealed record Answers(Task<AuthenticationScheme?> DefaultAuthenticate, Task<IEnumerable<AuthenticationScheme>> RequestHandlers);
}
