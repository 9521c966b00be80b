using Google.Protobuf;
using Grpc.Testing;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>
/// grpc.testing.TestService as the gRPC interop specification describes the server
/// (doc/interop-test-descriptions.md), written against LedgerGrpc.Wire. One addition for tests of
/// handler failures: a unary request whose payload body is "throw" makes the handler throw.
/// </summary>
public sealed class InteropTestService(WriteObserver? observer = null)
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    public const string ThrowPayload = "throw";
    public const string SecretExceptionText = "internal detail 42 the client must not see";

    public async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        return new Empty();
    }

    public async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        if (request.Payload?.Body.ToStringUtf8() == ThrowPayload)
        {
            throw new InvalidOperationException(SecretExceptionText);
        }

        CheckCompression(request.ExpectCompressed, context);
        ThrowIfStatusRequested(request.ResponseStatus);
        if (request.ResponseCompressed?.Value == true)
        {
            context.CompressResponses = true;
        }

        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context) => UnaryCall(request, context);

    public async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        ThrowIfStatusRequested(request.ResponseStatus);
        await WriteResponsesAsync(request, responses, context);
    }

    public async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var total = 0;
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            CheckCompression(request.ExpectCompressed, context);
            total += request.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            ThrowIfStatusRequested(request.ResponseStatus);
            await WriteResponsesAsync(request, responses, context);
        }
    }

    public async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var all = new List<StreamingOutputCallRequest>();
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            all.Add(request);
        }

        foreach (var request in all)
        {
            await WriteResponsesAsync(request, responses, context);
        }
    }

    // The interop server leaves this method unimplemented on purpose (unimplemented_method case).
    public Task<Empty> UnimplementedCall(Empty request, ServerCallContext context) =>
        throw new RpcException(StatusCode.Unimplemented, "UnimplementedCall is not implemented by the interop server.");

    private async Task WriteResponsesAsync(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        var written = 0;
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            if (parameters.Compressed?.Value == true)
            {
                context.CompressResponses = true;
            }

            var write = responses.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
            if (!write.IsCompleted)
            {
                observer?.FirstPendingWrite.TrySetResult(written);
            }

            await write;
            written++;
        }

        observer?.FirstPendingWrite.TrySetResult(-1);
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { EchoInitialKey, initial } });
        }

        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }

    private static void CheckCompression(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed is null)
        {
            return;
        }

        var encoding = context.HttpContext.Request.Headers[GrpcHeaders.Encoding].ToString();
        var compressed = encoding.Length > 0 && !encoding.Equals(GrpcHeaders.IdentityEncoding, StringComparison.OrdinalIgnoreCase);
        if (compressed != expectCompressed.Value)
        {
            throw new RpcException(StatusCode.InvalidArgument, expectCompressed.Value
                ? "Expected a compressed request, but it was not compressed."
                : "Expected an uncompressed request, but it was compressed.");
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }
    }

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
