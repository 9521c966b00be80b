using Grpc.Core;

namespace LedgerGrpc.Server.Identity;

/// <summary>
/// Decides who a call comes from. The one seam for identity: <see cref="CallerInterceptor"/> asks it once per call
/// and services read the answer with <see cref="CallerContextExtensions.Caller"/>. Replace the registration to take
/// the caller from an authenticated principal instead of the x-ledger-actor header.
/// </summary>
public interface ICallerResolver
{
    /// <summary>The caller of <paramref name="context"/>; throws <see cref="RpcException"/> to refuse the call.</summary>
    Caller Resolve(ServerCallContext context);
}
