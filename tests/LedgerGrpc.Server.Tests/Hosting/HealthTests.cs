using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Health;
using LedgerGrpc.Server.Hosting;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>grpc.health.v1.Health over the real checks: the database answers, classification has loaded.</summary>
public sealed class HealthTests
{
    private const string Script = PythonHealth.Preamble + """
        watch = channel.unary_stream("/grpc.health.v1.Health/Watch",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString)
        name = health_pb2.HealthCheckResponse.ServingStatus.Name
        for service in ["", "ledger.v1.CustomerLedger", "ledger.v1.Segments", "ledger.v1.Rules", "ledger.v1.Nothing"]:
            try:
                status = name(check(health_pb2.HealthCheckRequest(service=service), timeout=30).status)
            except grpc.RpcError as e:
                status = e.code().name
            stream = watch(health_pb2.HealthCheckRequest(service=service), timeout=30)
            first = name(next(stream).status)
            stream.cancel()
            print(f"{service or '(server)'} {status} {first}")
        """;

    [Fact]
    public async Task Check_and_watch_answer_for_the_server_and_each_ledger_service_from_python()
    {
        await using var server = await TestServerHost.StartAsync();
        using var protos = new TempDirectory("ledgergrpc-health-py");
        ProtocPython.Generate(protos.Path, "grpc/health/v1/health.proto");

        var result = await PythonPeer.RunCodeAsync(Script, [protos.Path, server.Target]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [
                "(server) SERVING SERVING",
                "ledger.v1.CustomerLedger SERVING SERVING",
                "ledger.v1.Segments SERVING SERVING",
                "ledger.v1.Rules SERVING SERVING",
                "ledger.v1.Nothing NOT_FOUND SERVICE_UNKNOWN",
            ],
            result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Classification_is_not_serving_until_it_has_loaded_and_the_log_says_so_once()
    {
        using var dataDir = new TempDirectory("ledgergrpc-health");
        using var logs = new CapturingLoggerProvider();
        await using var app = LedgerHost.Build(["--urls", "http://127.0.0.1:0", "--data-dir", dataDir.Path], b => b.Logging.AddProvider(logs));
        var health = app.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, before.Entries[LedgerHealthServiceExtensions.ClassificationCheck].Status);
        Assert.Equal(HealthStatus.Healthy, before.Entries[LedgerHealthServiceExtensions.DatabaseCheck].Status);
        // Probes while loading: one line saying so, not an error line per probe.
        await health.CheckHealthAsync();
        await health.CheckHealthAsync();
        Assert.Single(logs.Records, r => r.Message.Contains("NOT_SERVING while classification loads", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Records, r => r.Category == LedgerHealthServiceExtensions.FrameworkCategory);

        await app.StartAsync();
        // Classification loads in the background after the server listens; healthy once it is ready.
        await app.Services.GetRequiredService<ClassificationEngine>().Ready;
        var after = await health.CheckHealthAsync();
        await app.StopAsync();

        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Single(logs.Records, r => r.Message.Contains("ledger.v1.Segments is SERVING", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Records, r => r.Level >= LogLevel.Error);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Database_that_does_not_answer_is_unhealthy()
    {
        using var dataDir = new TempDirectory("ledgergrpc-health-db");
        var store = new LedgerStore(new LedgerOptions { DataDir = dataDir.Path });
        using var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var check = new LedgerDatabaseHealthCheck(store, loggers.CreateLogger<LedgerDatabaseHealthCheck>());
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("db", check, null, null) };
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(dataDir.Path, "ledger.db*"))
        {
            File.Delete(file);
        }

        File.WriteAllText(store.DatabasePath, "not a database, just text long enough to fill a header page ".PadRight(4096, '.'));
        var broken = await check.CheckHealthAsync(context);

        Assert.Equal(HealthStatus.Unhealthy, broken.Status);
        Assert.Contains(store.DatabasePath, broken.Description);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);
        Assert.Single(logs.Records, r => r.Level == LogLevel.Error && r.Message.Contains("does not answer", StringComparison.Ordinal));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
