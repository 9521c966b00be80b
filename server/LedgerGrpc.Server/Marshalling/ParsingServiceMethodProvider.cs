using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace LedgerGrpc.Server.Marshalling;

/// <summary>
/// Binds each gRPC service the way Grpc.AspNetCore's default provider does (the generated BindService, found through
/// [BindServiceMethod] on the generated base), with every request marshaller wrapped by <see cref="ParsingMarshaller"/>
/// and response marshallers by <see cref="PreEncodedMarshaller"/>.
/// Registered in place of the default provider, for every service mapped with MapGrpcService.
/// </summary>
internal sealed class ParsingServiceMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } bind)
            {
                continue;
            }

            var method = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                ?? throw new InvalidOperationException($"{bind.BindType}.{bind.BindMethodName}(ServiceBinderBase, {type.Name}) does not exist.");
            method.Invoke(null, [new ParsingServiceBinder<TService>(context, type), null]);
            return;
        }
    }
}
