using LedgerGrpc.Wire.Health;
using Microsoft.Extensions.DependencyInjection;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LedgerGrpc.Wire.Tests.Server;

/// <summary>grpc.health.v1 and server reflection (v1 and v1alpha), used from Python grpcio.</summary>
public sealed class HealthAndReflectionTests(WireTestServerFixture fixture) : IClassFixture<WireTestServerFixture>
{
    private WireTestServer Server => fixture.Server;

    [Fact]
    public async Task Check_reports_the_server_serving_and_unknown_services_not_found()
    {
        Assert.Equal("SERVING", (await WireChecks.RunAsync(Server, "check", "")).Single());
        Assert.StartsWith("NOT_FOUND|", (await WireChecks.RunAsync(Server, "check", "no.such.Service")).Single());
    }

    [Fact]
    public async Task Check_follows_statuses_set_by_the_host()
    {
        var health = Server.Services.GetRequiredService<WireHealthService>();
        health.SetStatus("test.Checked", ServingStatus.NotServing);

        Assert.Equal("NOT_SERVING", (await WireChecks.RunAsync(Server, "check", "test.Checked")).Single());
    }

    [Fact]
    public async Task Watch_streams_the_current_status_then_each_change()
    {
        var health = Server.Services.GetRequiredService<WireHealthService>();
        using var watcher = WireChecks.Start(Server, "watch", "test.Watched");

        Assert.Equal("SERVICE_UNKNOWN", await watcher.StandardOutput.ReadLineAsync());
        health.SetStatus("test.Watched", ServingStatus.Serving);
        Assert.Equal("SERVING", await watcher.StandardOutput.ReadLineAsync());

        await watcher.WaitForExitAsync();
        Assert.True(watcher.ExitCode == 0, await watcher.StandardError.ReadToEndAsync());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task Reflection_lists_services_and_serves_files_with_their_dependencies(string version)
    {
        var lines = await WireChecks.RunAsync(Server, "reflection", version);

        Assert.Equal(6, lines.Length);
        var services = lines[0].Split(' ').Skip(1).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "grpc.testing.TestService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection" },
            services);

        string[] testProtoWithDependencies = ["grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto"];
        Assert.Equal(testProtoWithDependencies.Order(), Files(lines[1]).Order()); // by file name
        Assert.Equal("grpc/testing/test.proto", Files(lines[1])[0]); // the asked-for file comes first
        Assert.Equal(testProtoWithDependencies.Order(), Files(lines[2]).Order()); // by service symbol
        Assert.Equal("grpc/testing/messages.proto", Files(lines[3])[0]); // by message symbol
        Assert.Equal("grpc/testing/test.proto", Files(lines[4])[0]); // by method symbol
        Assert.StartsWith("error 5 ", lines[5]); // unknown symbol: NOT_FOUND
    }

    private static string[] Files(string line)
    {
        Assert.StartsWith("files ", line);
        return line.Split(' ')[1..];
    }
}
