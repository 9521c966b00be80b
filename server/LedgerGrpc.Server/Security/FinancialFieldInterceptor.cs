using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.AspNetCore.Server;
using LedgerGrpc.Access;
using LedgerGrpc.Server.Identity;

namespace LedgerGrpc.Server.Security;

/// <summary>
/// Field-level protection: for a sales caller every response message, streamed or not, has its
/// financial fields (<see cref="FinancialFields"/>) cleared before it leaves the server. The RPCs
/// that are financial through and through (transactions, invoices, payments, receivables, credit)
/// are refused to sales by policy and never reach this point.
/// It takes <see cref="CallerInterceptor"/>'s place in the pipeline and calls it, rather than being a stage of its own:
/// Grpc.AspNetCore wraps every registered interceptor in an activator lookup and an async frame that stays suspended
/// for the whole call, which cost every call (RecordTransaction's hot path, issue 17 §6) even though only sales calls
/// need anything here.
/// </summary>
public sealed class FinancialFieldInterceptor(CallerInterceptor caller) : Interceptor
{
    // Every call but a sales caller's goes straight through: no state machine, nothing allocated.
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        IsSales(context) ? RedactAsync(caller.UnaryServerHandler(request, context, continuation)) : caller.UnaryServerHandler(request, context, continuation);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        IsSales(context)
            ? RedactAsync(caller.ClientStreamingServerHandler(requestStream, context, continuation))
            : caller.ClientStreamingServerHandler(requestStream, context, continuation);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        caller.ServerStreamingServerHandler(request, IsSales(context) ? new RedactingWriter<TResponse>(responseStream) : responseStream, context, continuation);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        caller.DuplexStreamingServerHandler(requestStream, IsSales(context) ? new RedactingWriter<TResponse>(responseStream) : responseStream, context, continuation);

    /// <summary>Registers this interceptor where <see cref="CallerInterceptor"/> is (which it then calls itself).</summary>
    public static void TakeCallersPlace(InterceptorCollection interceptors)
    {
        var index = interceptors.ToList().FindIndex(i => i.Type == typeof(CallerInterceptor));
        if (index < 0)
        {
            throw new InvalidOperationException($"{nameof(FinancialFieldInterceptor)} wraps {nameof(CallerInterceptor)}, which is not registered (AddLedgerGrpc first)");
        }

        interceptors.Add<FinancialFieldInterceptor>();
        var registration = interceptors[^1];
        interceptors.RemoveAt(interceptors.Count - 1);
        interceptors[index] = registration;
    }

    /// <summary>True for a sales caller (handlers that must refuse, rather than redact, a financial request use it too).</summary>
    internal static bool IsSales(ServerCallContext context) => LedgerPrincipal.Role(context.GetHttpContext().User) == LedgerRoles.Sales;

    private static async Task<T> RedactAsync<T>(Task<T> response) => Redact(await response.ConfigureAwait(false));

    private static T Redact<T>(T message)
    {
        if (message is IMessage proto)
        {
            // A copy: a handler may hand out a cached message that other callers share.
            var copy = proto.Descriptor.Parser.ParseFrom(proto.ToByteString());
            FinancialFields.Clear(copy);
            return (T)copy;
        }

        return message;
    }

    private sealed class RedactingWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => inner.WriteAsync(Redact(message));
    }
}
