namespace LedgerGrpc.Wire;

/// <summary>Runs the rest of the call: later interceptors, then the handler.</summary>
public delegate Task ServerCallContinuation(ServerCallContext context);

/// <summary>
/// Wraps every call of every kind (unary and streaming) for cross-cutting concerns such as
/// authentication, logging and metrics. Throw <see cref="RpcException"/> to refuse a call;
/// exceptions from <paramref name="next"/> pass through so the interceptor can observe them.
/// Registered with <see cref="WireServerOptions.AddInterceptor(IServerInterceptor)"/>; the first registered runs outermost.
/// </summary>
public interface IServerInterceptor
{
    Task InterceptAsync(ServerCallContext context, WireMethod method, ServerCallContinuation next);
}
