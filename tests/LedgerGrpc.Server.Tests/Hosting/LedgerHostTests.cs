using LedgerGrpc.Testing;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Server.Tests.Hosting;

public sealed class LedgerHostTests
{
    [Fact]
    public async Task Host_serves_health_and_reflection_v1alpha_and_v1_to_python_on_a_free_port()
    {
        await using var host = await TestServerHost.StartAsync();

        var lines = await PythonHealth.QueryAsync(host.Target, host.AdminKey);

        Assert.Equal("SERVING", lines[0]);
        var services = lines[1].Split(' ');
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
        Assert.Contains("ledger.v1.CustomerLedger", services);
        Assert.Contains("ledger.v1.Segments", services);
        Assert.Contains("ledger.v1.Rules", services);
        // v1 (what newer grpcurl, Postman and grpc-js tools ask for first) lists the same services.
        Assert.Equal(services.Order(), lines[2].Split(' ').Order());
    }

    [Fact]
    public async Task Configuration_overrides_reach_grpc_options_and_the_data_dir()
    {
        await using var host = await TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Grpc:MaxReceiveMessageSize"] = "12345",
            ["Grpc:EnableDetailedErrors"] = "true",
        });

        var options = host.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value;
        Assert.Equal(12345, options.MaxReceiveMessageSize);
        Assert.True(options.EnableDetailedErrors);
        Assert.Equal(host.DataDir, host.App.Configuration["Ledger:DataDir"]);
    }
}
