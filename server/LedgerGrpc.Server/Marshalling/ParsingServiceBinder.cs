using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace LedgerGrpc.Server.Marshalling;

/// <summary>
/// Receives the methods a generated BindService declares and adds each to Grpc.AspNetCore with its parsing request
/// marshaller, its response marshaller (pre-encoded answers written as their bytes), its handler (the service's
/// override of the generated base's method) and the endpoint metadata the default binder gives: the service type's
/// attributes, then the handler's (so [Authorize] on either applies), then POST only.
/// </summary>
internal sealed class ParsingServiceBinder<TService>(ServiceMethodProviderContext<TService> context, Type generatedBase) : ServiceBinderBase
    where TService : class
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
        context.AddUnaryMethod(Parsing(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        context.AddClientStreamingMethod(Parsing(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddServerStreamingMethod(Parsing(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddDuplexStreamingMethod(Parsing(method), metadata, invoker);
    }

    private static Method<TRequest, TResponse> Parsing<TRequest, TResponse>(Method<TRequest, TResponse> method) =>
        new(method.Type, method.ServiceName, method.Name, ParsingMarshaller.Wrap(method.RequestMarshaller), PreEncodedMarshaller.Wrap(method.ResponseMarshaller));

    private (TDelegate Invoker, List<object> Metadata) Handler<TDelegate>(string name, params Type[] parameters)
        where TDelegate : Delegate
    {
        var handler = FindOverride(name, parameters)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {name} overriding {generatedBase.Name}.{name}.");
        List<object> metadata = [.. typeof(TService).GetCustomAttributes(inherit: true), .. handler.GetCustomAttributes(inherit: true)];
        metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
        return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
    }

    /// <summary>The public instance method that overrides the generated base's one (a same-named method hiding it does not count).</summary>
    private MethodInfo? FindOverride(string name, Type[] parameters)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, binder: null, parameters, modifiers: null);
            if (method is null)
            {
                return null;
            }

            if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == generatedBase)
            {
                return method;
            }
        }

        return null;
    }
}
