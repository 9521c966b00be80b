using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LedgerGrpc.Access;

namespace LedgerGrpc.Server.Security;

/// <summary>
/// Field-level protection: for a sales caller every response message, streamed or not, has its
/// financial fields (<see cref="FinancialFields"/>) cleared before it leaves the server. The RPCs
/// that are financial through and through (transactions, invoices, payments, receivables, credit)
/// are refused to sales by policy and never reach this point.
/// </summary>
public sealed class FinancialFieldInterceptor : Interceptor
{
    // Every call but a sales caller's goes straight through: no state machine, nothing allocated (the hot path of
    // RecordTransaction is a service key's).
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        IsSales(context) ? RedactAsync(continuation(request, context)) : continuation(request, context);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        IsSales(context) ? RedactAsync(continuation(requestStream, context)) : continuation(requestStream, context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(request, IsSales(context) ? new RedactingWriter<TResponse>(responseStream) : responseStream, context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(requestStream, IsSales(context) ? new RedactingWriter<TResponse>(responseStream) : responseStream, context);

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
