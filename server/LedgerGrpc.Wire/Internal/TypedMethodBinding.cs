using System.Reflection;
using Google.Protobuf;
using LedgerGrpc.Wire.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Wire.Internal;

/// <summary>
/// A method binding with its message types known: invokes the handler through an open-instance
/// delegate created once (no reflection per call), resolving the service from DI per call.
/// </summary>
internal sealed class TypedMethodBinding<TService, TRequest, TResponse> : MethodBinding
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<TService, TRequest, ServerCallContext, Task<TResponse>>? _unary;
    private readonly Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>? _serverStreaming;
    private readonly Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>? _clientStreaming;
    private readonly Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>? _duplex;

    public TypedMethodBinding(WireMethod method, ServerRuntime runtime, MethodInfo handler)
        : base(method, runtime)
    {
        _parser = (MessageParser<TRequest>)method.Descriptor.InputType.Parser;
        switch (method.Kind)
        {
            case MethodKind.Unary:
                _unary = handler.CreateDelegate<Func<TService, TRequest, ServerCallContext, Task<TResponse>>>();
                break;
            case MethodKind.ServerStreaming:
                _serverStreaming = handler.CreateDelegate<Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>();
                break;
            case MethodKind.ClientStreaming:
                _clientStreaming = handler.CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>();
                break;
            default:
                _duplex = handler.CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>>();
                break;
        }
    }

    protected override Task RunAsync(WireServerCallContext call, MessageReader reader) => Method.Kind switch
    {
        MethodKind.Unary => RunUnaryAsync(call, reader),
        MethodKind.ServerStreaming => RunServerStreamingAsync(call, reader),
        MethodKind.ClientStreaming => RunClientStreamingAsync(call, reader),
        _ => RunDuplexAsync(call, reader),
    };

    private static TService Resolve(WireServerCallContext call) =>
        call.HttpContext.RequestServices.GetRequiredService<TService>();

    private async Task RunUnaryAsync(WireServerCallContext call, MessageReader reader)
    {
        var request = await ReadSingleAsync(reader, _parser, call.CancellationToken).ConfigureAwait(false);
        var response = await _unary!(Resolve(call), request, call).ConfigureAwait(false);
        WriteSingle(call, response);
    }

    private async Task RunClientStreamingAsync(WireServerCallContext call, MessageReader reader)
    {
        var requests = new RequestStreamReader<TRequest>(reader, _parser, call);
        var response = await _clientStreaming!(Resolve(call), requests, call).ConfigureAwait(false);
        WriteSingle(call, response);
    }

    private async Task RunServerStreamingAsync(WireServerCallContext call, MessageReader reader)
    {
        var request = await ReadSingleAsync(reader, _parser, call.CancellationToken).ConfigureAwait(false);
        var responses = new ResponseStreamWriter<TResponse>(call);
        try
        {
            await _serverStreaming!(Resolve(call), request, responses, call).ConfigureAwait(false);
        }
        finally
        {
            responses.Completed = true;
        }
    }

    private async Task RunDuplexAsync(WireServerCallContext call, MessageReader reader)
    {
        var requests = new RequestStreamReader<TRequest>(reader, _parser, call);
        var responses = new ResponseStreamWriter<TResponse>(call);
        try
        {
            await _duplex!(Resolve(call), requests, responses, call).ConfigureAwait(false);
        }
        finally
        {
            responses.Completed = true;
        }
    }

    private static void WriteSingle(WireServerCallContext call, TResponse? response)
    {
        if (call.Status.StatusCode != StatusCode.OK)
        {
            // The handler chose a failure status: the response message is not sent.
            return;
        }

        if (response is null)
        {
            throw new InvalidOperationException($"Handler for {call.Method} returned null instead of a response message.");
        }

        call.WriteMessage(response);
    }
}
