using Grpc.Core;

namespace LedgerGrpc.Server.Identity;

/// <summary>Reads the caller <see cref="CallerInterceptor"/> resolved for this call.</summary>
public static class CallerContextExtensions
{
    internal static readonly object Key = typeof(Caller);

    public static Caller Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller resolved
            ? resolved
            : throw new InvalidOperationException($"No caller for {context.Method}: {nameof(CallerInterceptor)} is not registered.");
}
