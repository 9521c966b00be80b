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
    private TService? _singleton;
    private bool _lifetimeKnown;
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

    private TService Resolve(WireServerCallContext call)
    {
        if (_singleton is { } instance)
        {
            return instance;
        }

        if (!_lifetimeKnown)
        {
            DetectSingleton();
            if (_singleton is { } detected)
            {
                return detected;
            }
        }

        return call.HttpContext.RequestServices.GetRequiredService<TService>();
    }

    // HttpContext.RequestServices creates a DI scope per request, a large part of a small call's
    // cost. A singleton (the same instance from two scopes) is resolved once instead; scoped and
    // transient services still come from the request's scope.
    private void DetectSingleton()
    {
        using (var first = Runtime.Services.CreateScope())
        using (var second = Runtime.Services.CreateScope())
        {
            var a = first.ServiceProvider.GetRequiredService<TService>();
            if (ReferenceEquals(a, second.ServiceProvider.GetRequiredService<TService>()))
            {
                _singleton = a;
            }
        }

        _lifetimeKnown = true;
    }

    // Unary calls are the hot path: when the request is already buffered and the handler completes
    // synchronously, the whole call runs without allocating an async state machine.
    private Task RunUnaryAsync(WireServerCallContext call, MessageReader reader)
    {
        var first = reader.ReadAsync(_parser, call.CancellationToken);
        if (!first.IsCompletedSuccessfully)
        {
            return RunUnarySlowAsync(call, reader, first);
        }

        var request = first.Result ?? throw NoRequest();
        var second = reader.ReadAsync(_parser, call.CancellationToken);
        if (!second.IsCompletedSuccessfully)
        {
            return RunUnaryAfterEndAsync(call, request, second);
        }

        if (second.Result is not null)
        {
            throw ExtraRequest();
        }

        return InvokeUnary(call, request);
    }

    private async Task RunUnarySlowAsync(WireServerCallContext call, MessageReader reader, ValueTask<TRequest?> first)
    {
        var request = await first.ConfigureAwait(false) ?? throw NoRequest();
        await RunUnaryAfterEndAsync(call, request, reader.ReadAsync(_parser, call.CancellationToken)).ConfigureAwait(false);
    }

    private async Task RunUnaryAfterEndAsync(WireServerCallContext call, TRequest request, ValueTask<TRequest?> end)
    {
        if (await end.ConfigureAwait(false) is not null)
        {
            throw ExtraRequest();
        }

        await InvokeUnary(call, request).ConfigureAwait(false);
    }

    private Task InvokeUnary(WireServerCallContext call, TRequest request)
    {
        var handler = _unary!(Resolve(call), request, call);
        if (handler.IsCompletedSuccessfully)
        {
            WriteSingle(call, handler.Result);
            return Task.CompletedTask;
        }

        return AwaitUnaryAsync(call, handler);
    }

    private static async Task AwaitUnaryAsync(WireServerCallContext call, Task<TResponse> handler) =>
        WriteSingle(call, await handler.ConfigureAwait(false));

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
