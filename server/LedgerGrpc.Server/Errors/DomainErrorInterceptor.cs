using Grpc.Core;
using Grpc.Core.Interceptors;
using LedgerGrpc.Server.Operations;

namespace LedgerGrpc.Server.Errors;

/// <summary>
/// Where every call ends: turns the domain's refusals (<see cref="DomainStatus.For"/>) thrown by any handler into their
/// gRPC statuses, so handlers just throw (anything else is left to Grpc.AspNetCore: UNKNOWN, details only with
/// EnableDetailedErrors); and, with metrics on, counts the call by method and the status it ends with
/// (<see cref="GrpcCallMetrics"/>), here because this is the one frame around every call that knows that status.
/// </summary>
public sealed class DomainErrorInterceptor(GrpcCallMetrics? metrics = null) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var call = metrics?.Start(context.Method);
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            End(call, context);
            return response;
        }
        catch (Exception e) when (DomainStatus.For(e) is { } status)
        {
            throw Refused(call, status);
        }
        catch (Exception e)
        {
            Failed(call, e, context);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var call = metrics?.Start(context.Method);
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            End(call, context);
            return response;
        }
        catch (Exception e) when (DomainStatus.For(e) is { } status)
        {
            throw Refused(call, status);
        }
        catch (Exception e)
        {
            Failed(call, e, context);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var call = metrics?.Start(context.Method);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            EndStream(call, context);
        }
        catch (Exception e) when (DomainStatus.For(e) is { } status)
        {
            throw Refused(call, status);
        }
        catch (Exception e)
        {
            Failed(call, e, context);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var call = metrics?.Start(context.Method);
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            EndStream(call, context);
        }
        catch (Exception e) when (DomainStatus.For(e) is { } status)
        {
            throw Refused(call, status);
        }
        catch (Exception e)
        {
            Failed(call, e, context);
            throw;
        }
    }

    private void End(CallTiming? call, ServerCallContext context)
    {
        if (call is { } timing) metrics!.End(timing, GrpcCallMetrics.StatusOfUnary(context));
    }

    private void EndStream(CallTiming? call, ServerCallContext context)
    {
        if (call is { } timing) metrics!.End(timing, GrpcCallMetrics.StatusOfStream(context));
    }

    private RpcException Refused(CallTiming? call, Status status)
    {
        if (call is { } timing) metrics!.End(timing, status.StatusCode);
        return new RpcException(status);
    }

    private void Failed(CallTiming? call, Exception exception, ServerCallContext context)
    {
        if (call is { } timing) metrics!.End(timing, GrpcCallMetrics.StatusOf(exception, context));
    }
}
