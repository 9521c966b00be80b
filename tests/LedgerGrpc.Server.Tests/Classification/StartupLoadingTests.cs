using Grpc.Core;
using Grpc.Health.V1;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>After a restart the ledger is served while classification loads: Segments answers UNAVAILABLE and its
/// health is NOT_SERVING until the load finishes; writes made meanwhile are classified then.</summary>
public sealed class StartupLoadingTests
{
    [Fact]
    public async Task Ledger_calls_are_served_while_classification_loads_and_segments_answer_unavailable_until_it_is_ready()
    {
        using var data = new TempDirectory("server-loading");
        long customerId;
        await using (var first = await TestServerHost.StartAsync(dataDir: data.Path))
        {
            var ledger = new CustomerLedger.CustomerLedgerClient(first.Connect());
            customerId = (await LedgerEndToEndTests.Create(ledger, "c-1")).Id;
            await LedgerEndToEndTests.Record(ledger, customerId, 1_000, "CNY");
        }

        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServerHost.StartAsync(dataDir: data.Path, waitForClassification: false, configure: b =>
            b.Services.AddSingleton(sp =>
            {
                var engine = ActivatorUtilities.CreateInstance<ClassificationEngine>(sp);
                engine.BeforeCatchUp = async ct =>
                {
                    reached.TrySetResult();
                    await release.Task.WaitAsync(ct);
                };
                return engine;
            }));
        await reached.Task;
        var invoker = server.Connect();
        var segments = new Segments.SegmentsClient(invoker);
        var health = new HealthClient(invoker);
        var refused = await Assert.ThrowsAsync<RpcException>(() => segments.ClassifyAsync(new ClassifyRequest { CustomerId = customerId }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("still loading the ledger", refused.Status.Detail);
        Assert.Equal(ServingStatus.NotServing, await Status(health, Segments.Descriptor.FullName));
        Assert.Equal(ServingStatus.Serving, await Status(health, CustomerLedger.Descriptor.FullName));
        Assert.Equal(ServingStatus.Serving, await Status(health, ""));

        // A write during the load is acknowledged, and classified once the load finishes.
        var ledgerClient = new CustomerLedger.CustomerLedgerClient(invoker);
        await LedgerEndToEndTests.Record(ledgerClient, customerId, 500_000_000, "CNY");
        release.SetResult();
        await server.Services.GetRequiredService<ClassificationEngine>().Ready;

        Assert.Equal(ServingStatus.Serving, await Status(health, Segments.Descriptor.FullName));
        var classified = await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customerId });
        Assert.NotEmpty(classified.Assignments);
        var history = await segments.GetHistoryAsync(new GetHistoryRequest { CustomerId = customerId });
        Assert.Contains(history.Changes, c => c.Cause == "write");
    }

    private static async Task<ServingStatus> Status(HealthClient health, string service) =>
        (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status;
}
