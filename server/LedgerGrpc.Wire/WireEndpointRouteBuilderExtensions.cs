using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using LedgerGrpc.Wire.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Wire;

public static class WireEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of <paramref name="service"/> (a protoc-generated descriptor) to the
    /// same-named handler method of <typeparamref name="TService"/>, which is resolved from DI per
    /// call. Throws at start-up if a method has no handler or a handler has the wrong shape.
    /// </summary>
    public static IEndpointConventionBuilder MapWireService<TService>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(service);
        var provider = endpoints.ServiceProvider;
        var registry = provider.GetService<WireServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddWireGrpc() before mapping gRPC services.");
        if (provider.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(TService)))
        {
            throw new InvalidOperationException(
                $"Cannot map {typeof(TService).Name} to gRPC service {service.FullName}: register it first, e.g. services.AddSingleton<{typeof(TService).Name}>().");
        }

        var bindings = ServiceBinder.Bind(typeof(TService), service, provider.GetRequiredService<ServerRuntime>());
        registry.Add(service);
        var builders = new List<IEndpointConventionBuilder>(bindings.Count);
        foreach (var binding in bindings)
        {
            var builder = endpoints.Map(binding.Method.FullName, binding.HandleAsync);
            builder.WithMetadata(binding.Method);
            builder.WithDisplayName($"gRPC {binding.Method.FullName}");
            builders.Add(builder);
        }

        MapUnimplemented(endpoints, registry);
        return new CompositeEndpointConventionBuilder(builders);
    }

    /// <summary>Maps grpc.health.v1.Health; set statuses through <see cref="Health.WireHealthService"/>.</summary>
    public static IEndpointConventionBuilder MapWireHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapWireService<Health.WireHealthService>(Grpc.Health.V1.HealthReflection.Descriptor.Services[0]);

    /// <summary>Maps server reflection (grpc.reflection.v1 and v1alpha), describing every mapped service.</summary>
    public static IEndpointConventionBuilder MapWireReflection(this IEndpointRouteBuilder endpoints) =>
        new CompositeEndpointConventionBuilder(
        [
            endpoints.MapWireService<Reflection.Internal.ReflectionV1Service>(Grpc.Reflection.V1.ReflectionReflection.Descriptor.Services[0]),
            endpoints.MapWireService<Reflection.Internal.ReflectionV1AlphaService>(Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor.Services[0]),
        ]);

    private static void MapUnimplemented(IEndpointRouteBuilder endpoints, WireServiceRegistry registry)
    {
        lock (registry)
        {
            if (registry.UnimplementedEndpointMapped)
            {
                return;
            }

            registry.UnimplementedEndpointMapped = true;
        }

        var pattern = RoutePatternFactory.Parse(
            UnimplementedEndpoint.Pattern,
            defaults: null,
            parameterPolicies: new RouteValueDictionary { ["grpcUnimplementedPath"] = new UnimplementedEndpoint.GrpcContentTypeConstraint() });
        endpoints.Map(pattern, UnimplementedEndpoint.Create(registry)).WithDisplayName("gRPC unimplemented");
    }

    private sealed class CompositeEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
