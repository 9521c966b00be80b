using LedgerGrpc.Wire.Protocol;
using Microsoft.AspNetCore.Http;

namespace LedgerGrpc.Wire.Internal;

/// <summary>
/// One proto method bound to its handler: runs the call protocol around the handler — checks,
/// deadline, interceptors, status mapping, trailers. Everything per method is computed at map time.
/// </summary>
internal abstract class MethodBinding(WireMethod method, ServerRuntime runtime)
{
    private ServerCallContinuation? _pipeline;

    public WireMethod Method { get; } = method;

    protected ServerRuntime Runtime { get; } = runtime;

    public async Task HandleAsync(HttpContext http)
    {
        if (!CallGate.TryAccept(http, Runtime.Logger))
        {
            return;
        }

        var request = http.Request;
        var encoding = request.Headers[GrpcHeaders.Encoding].ToString();
        if (!MessageReader.IsSupportedEncoding(encoding))
        {
            CallGate.RefuseEncoding(http, encoding);
            return;
        }

        http.Response.ContentType = GrpcHeaders.GrpcContentType;
        if (Method.Kind != MethodKind.Unary)
        {
            CallGate.AllowLongStreams(http);
        }

        using var call = new WireServerCallContext(http, Method, ReadTimeout(request), Runtime.TimeProvider, Runtime.CompressResponses);
        var reader = new MessageReader(request.BodyReader, Runtime.MaxReceiveMessageSize, encoding.Length == 0 ? null : encoding);
        Status status;
        try
        {
            if (Runtime.Interceptors.Length == 0)
            {
                await RunAsync(call, reader).ConfigureAwait(false);
            }
            else
            {
                call.Reader = reader;
                await (_pipeline ??= BuildPipeline())(call).ConfigureAwait(false);
            }

            status = call.Status;
        }
        catch (Exception ex)
        {
            status = ToStatus(ex, call, http);
        }

        if (http.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream: nobody is left to receive a status.
            return;
        }

        call.CompleteWithStatus(status);
    }

    /// <summary>Reads the request(s), invokes the handler and writes the response(s).</summary>
    protected abstract Task RunAsync(WireServerCallContext call, MessageReader reader);

    /// <summary>Reads the single request of a unary or server-streaming call.</summary>
    protected static async ValueTask<T> ReadSingleAsync<T>(MessageReader reader, Google.Protobuf.MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, Google.Protobuf.IMessage<T>
    {
        var message = await reader.ReadAsync(parser, cancellationToken).ConfigureAwait(false) ?? throw NoRequest();
        if (await reader.ReadAsync(parser, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw ExtraRequest();
        }

        return message;
    }

    protected static RpcException NoRequest() =>
        new(StatusCode.Internal, "The request stream ended without a message; this method takes exactly one request.");

    protected static RpcException ExtraRequest() =>
        new(StatusCode.Internal, "More than one request message was sent; this method takes exactly one request.");

    private TimeSpan? ReadTimeout(HttpRequest request)
    {
        var header = request.Headers[GrpcHeaders.Timeout];
        if (header.Count == 0)
        {
            return null;
        }

        var value = header.ToString();
        if (GrpcTimeout.TryParse(value, out var timeout))
        {
            return timeout;
        }

        ServerLog.BadTimeout(Runtime.Logger, value, Method.FullName);
        return null;
    }

    private ServerCallContinuation BuildPipeline()
    {
        ServerCallContinuation next = context =>
        {
            var call = (WireServerCallContext)context;
            return RunAsync(call, call.Reader!);
        };
        for (var i = Runtime.Interceptors.Length - 1; i >= 0; i--)
        {
            var interceptor = Runtime.Interceptors[i];
            var inner = next;
            next = context => interceptor.InterceptAsync(context, Method, inner);
        }

        return next;
    }

    private Status ToStatus(Exception ex, WireServerCallContext call, HttpContext http)
    {
        switch (ex)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    call.ResponseTrailers.Add(entry);
                }

                ServerLog.CallFailed(Runtime.Logger, Method.FullName, rpc.StatusCode, rpc.Status.Detail);
                return rpc.Status;
            case not null when http.RequestAborted.IsCancellationRequested:
                ServerLog.CallCancelled(Runtime.Logger, Method.FullName);
                return new Status(StatusCode.Cancelled, "The call was cancelled by the client.");
            case not null when call.DeadlineExpired:
                ServerLog.DeadlineExceeded(Runtime.Logger, Method.FullName);
                return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            default:
                ServerLog.HandlerFailed(Runtime.Logger, Method.FullName, ex!);
                return new Status(
                    StatusCode.Unknown,
                    Runtime.EnableDetailedErrors
                        ? $"Exception was thrown by handler. {ex!.GetType().Name}: {ex.Message}"
                        : "Exception was thrown by handler.");
        }
    }
}
