using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>Mapping an implementation to a proto service fails at start-up, clearly, when it does not fit.</summary>
public sealed class BindingTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Health = HealthReflection.Descriptor.Services[0];

    private static InvalidOperationException MapFails<T>(bool register = true)
        where T : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWireGrpc();
        if (register)
        {
            builder.Services.AddSingleton<T>();
        }

        using var app = builder.Build();
        return Assert.Throws<InvalidOperationException>(() => app.MapWireService<T>(Health));
    }

    [Fact]
    public void Missing_handler_names_the_method_and_the_expected_signature()
    {
        var message = MapFails<OnlyCheck>().Message;

        Assert.Contains("/grpc.health.v1.Health/Watch (ServerStreaming)", message);
        Assert.Contains("no public method 'Watch'", message);
        Assert.Contains("Expected: Task Watch(HealthCheckRequest, IServerStreamWriter<HealthCheckResponse>, ServerCallContext)", message);
        Assert.DoesNotContain("/Check", message);
    }

    [Fact]
    public void Wrong_shape_shows_what_was_found_and_what_is_expected()
    {
        var message = MapFails<WrongShapes>().Message;

        Assert.Contains("WrongShapes.Check has the wrong shape: found HealthCheckResponse Check(HealthCheckRequest, ServerCallContext)", message);
        Assert.Contains("Expected: Task<HealthCheckResponse> Check(HealthCheckRequest, ServerCallContext)", message);
        Assert.Contains("WrongShapes.Watch has the wrong shape", message);
    }

    [Fact]
    public void Unregistered_implementation_is_refused_with_the_fix()
    {
        var message = MapFails<OnlyCheck>(register: false).Message;

        Assert.Contains("services.AddSingleton<OnlyCheck>()", message);
    }

    [Fact]
    public void Complete_implementation_maps()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWireGrpc();
        builder.Services.AddSingleton<Complete>();
        using var app = builder.Build();

        app.MapWireService<Complete>(Health);
    }

    public sealed class OnlyCheck
    {
        public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) => Task.FromResult(new HealthCheckResponse());
    }

    public sealed class WrongShapes
    {
        public HealthCheckResponse Check(HealthCheckRequest request, ServerCallContext context) => new();

        public Task Watch(HealthCheckRequest request, ServerCallContext context) => Task.CompletedTask;
    }

    public sealed class Complete
    {
        public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) => Task.FromResult(new HealthCheckResponse());

        public Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context) => Task.CompletedTask;
    }
}
