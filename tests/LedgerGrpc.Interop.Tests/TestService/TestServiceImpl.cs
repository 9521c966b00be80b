using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace LedgerGrpc.Interop.Tests.TestService;

/// <summary>
/// grpc.testing.TestService as the gRPC interop specification describes the server
/// (doc/interop-test-descriptions.md: EmptyCall, UnaryCall, the streaming calls, CompressedRequest,
/// CompressedResponse, Echo Status, Echo Metadata, interval_us), on Grpc.AspNetCore.
/// UnimplementedCall is left to the base class on purpose: the unimplemented_method case expects
/// the stack's own UNIMPLEMENTED answer. One addition for tests of handler failures: a unary
/// request whose payload body is "throw" makes the handler throw.
/// </summary>
public sealed class TestServiceImpl(CallObserver observer) : Grpc.Testing.TestService.TestServiceBase
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    public const string ThrowPayload = "throw";
    public const string SecretExceptionText = "internal detail 42 the client must not see";

    // Grpc.AspNetCore reads this response header (and does not send it) to pick the call's response encoding.
    private const string ResponseEncodingKey = "grpc-internal-encoding-request";
    private const string Gzip = "gzip";

    public override async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponses: false);
        return new Empty();
    }

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        var compress = request.ResponseCompressed?.Value == true;
        await EchoMetadataAsync(context, compress);
        if (request.Payload?.Body.ToStringUtf8() == ThrowPayload)
        {
            throw new InvalidOperationException(SecretExceptionText);
        }

        CheckCompression(request.ExpectCompressed, context);
        ThrowIfStatusRequested(request.ResponseStatus);
        context.WriteOptions = compress ? null : new WriteOptions(WriteFlags.NoCompress);
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public override Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context) => UnaryCall(request, context);

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await EchoMetadataAsync(context, WantsCompression(request));
            ThrowIfStatusRequested(request.ResponseStatus);
            await WriteResponsesAsync(request, responseStream, context);
        }
        catch (Exception e)
        {
            observer.StreamingOutputFailedWith(e, context.CancellationToken.IsCancellationRequested);
            throw;
        }

        observer.StreamingOutputEnded();
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context, compressResponses: false);
        var total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            CheckCompression(request.ExpectCompressed, context);
            total += request.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        using var aborted = context.GetHttpContext().RequestAborted.Register(observer.DuplexCallAborted);
        Exception? error = null;
        try
        {
            var first = true;
            await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
            {
                if (first)
                {
                    // Headers go out once: the first request decides whether this call's responses may be compressed.
                    await EchoMetadataAsync(context, WantsCompression(request));
                    first = false;
                }

                ThrowIfStatusRequested(request.ResponseStatus);
                await WriteResponsesAsync(request, responseStream, context);
            }

            if (first)
            {
                await EchoMetadataAsync(context, compressResponses: false);
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            observer.DuplexCallEnded(error, context.CancellationToken.IsCancellationRequested);
        }
    }

    public override async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        var all = new List<StreamingOutputCallRequest>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            all.Add(request);
        }

        await EchoMetadataAsync(context, all.Any(WantsCompression));
        foreach (var request in all)
        {
            await WriteResponsesAsync(request, responseStream, context);
        }
    }

    private async Task WriteResponsesAsync(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            // Per message: the spec's server_compressed_streaming turns compression off for single messages.
            responses.WriteOptions = parameters.Compressed?.Value == true ? null : new WriteOptions(WriteFlags.NoCompress);
            var write = responses.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
            observer.Wrote(write.IsCompleted);
            await write;
        }
    }

    private static bool WantsCompression(StreamingOutputCallRequest request) =>
        request.ResponseParameters.Any(p => p.Compressed?.Value == true);

    /// <summary>
    /// Echo Metadata, sent with the response headers; the same headers ask Grpc.AspNetCore to gzip the
    /// call's responses when the request wants compressed responses and the client accepts gzip
    /// (grpc-internal-encoding-request itself does not look at grpc-accept-encoding).
    /// </summary>
    private static async Task EchoMetadataAsync(ServerCallContext context, bool compressResponses)
    {
        var headers = new Metadata();
        if (context.RequestHeaders.Get(EchoInitialKey) is { } initial)
        {
            headers.Add(EchoInitialKey, initial.Value);
        }

        if (compressResponses && AcceptsGzip(context))
        {
            headers.Add(ResponseEncodingKey, Gzip);
        }

        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }

        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }

    private static bool AcceptsGzip(ServerCallContext context) =>
        context.GetHttpContext().Request.Headers["grpc-accept-encoding"].ToString()
            .Split(',', StringSplitOptions.TrimEntries).Contains(Gzip, StringComparer.OrdinalIgnoreCase);

    /// <summary>CompressedRequest: the request must have come compressed exactly when the client says so.</summary>
    private static void CheckCompression(BoolValue? expectCompressed, ServerCallContext context)
    {
        if (expectCompressed is null)
        {
            return;
        }

        // ServerCallContext.RequestHeaders leaves out grpc-* headers; the HTTP request has them.
        var encoding = context.GetHttpContext().Request.Headers["grpc-encoding"].ToString();
        var compressed = encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase);
        if (compressed != expectCompressed.Value)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, expectCompressed.Value
                ? "Expected a compressed request, but it was not compressed."
                : "Expected an uncompressed request, but it was compressed."));
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
