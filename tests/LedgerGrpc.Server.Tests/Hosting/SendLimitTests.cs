using Grpc.AspNetCore.Server;
using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Hosting;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>Grpc:MaxSendMessageSize: bounded by default, configurable, and applied to every reply, cached ones included.</summary>
public sealed class SendLimitTests
{
    [Fact]
    public async Task The_send_limit_applies_to_cached_Classify_answers()
    {
        using var data = new TempDirectory("ledgergrpc-send-limit");
        long id;
        await using (var first = await TestServerHost.StartAsync(dataDir: data.Path))
        {
            id = (await new CustomerLedger.CustomerLedgerClient(first.Connect()).CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "ada", Name = "Ada", Type = CustomerType.Enterprise })).Id;
        }

        // Restarted on the same data with a limit no Classify answer fits in.
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Grpc:MaxSendMessageSize"] = "4" }, dataDir: data.Path);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Segments.SegmentsClient(server.Connect())
            .ClassifyAsync(new ClassifyRequest { CustomerId = id }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task Replies_are_bounded_by_default_and_the_bound_is_configurable()
    {
        await using (var server = await TestServerHost.StartAsync())
        {
            Assert.Equal(LedgerGrpcServiceExtensions.DefaultMaxSendMessageSize, server.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.MaxSendMessageSize);
        }

        await using (var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Grpc:MaxSendMessageSize"] = "1000" }))
        {
            Assert.Equal(1000, server.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.MaxSendMessageSize);
        }
    }
}
