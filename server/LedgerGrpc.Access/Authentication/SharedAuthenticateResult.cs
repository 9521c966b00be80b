using Microsoft.AspNetCore.Authentication;

namespace LedgerGrpc.Access.Authentication;

/// <summary>
/// A successful result built once and shared by every call that presents the same credentials (an API key's), which
/// also carries its own completed task: whoever finds it in the request's <see cref="Microsoft.AspNetCore.Http.Features.Authentication.IAuthenticateResultFeature"/>
/// (the policy evaluator) can hand it on without allocating a task per call.
/// </summary>
public sealed class SharedAuthenticateResult : AuthenticateResult
{
    public SharedAuthenticateResult(AuthenticationTicket ticket)
    {
        Ticket = ticket;
        Completed = Task.FromResult<AuthenticateResult>(this);
    }

    public Task<AuthenticateResult> Completed { get; }
}
