using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>Per-principal limits configured per role: RESOURCE_EXHAUSTED with a message, other principals unaffected.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_principal_over_its_concurrency_limit_is_refused_while_others_carry_on()
    {
        await using var f = await SecurityFixture.StartAsync(new Dictionary<string, string?> { ["Access:RateLimits:sales:MaxConcurrentCalls"] = "1" });
        await f.CustomerWithMoneyAsync(1_000, 2_000);
        var sales = new Segments.SegmentsClient(await f.As(LedgerRoles.Sales));
        var customer = (await new CustomerLedger.CustomerLedgerClient(f.Server.Connect()).ListCustomersAsync(new ListCustomersRequest())).Customers[0];
        // An open ClassifyBatch that has answered once holds the principal's one permit until it ends.
        using var batch = sales.ClassifyBatch();
        await batch.RequestStream.WriteAsync(new ClassifyRequest { CustomerId = customer.Id });
        Assert.True(await batch.ResponseStream.MoveNext());

        var refused = await Assert.ThrowsAsync<RpcException>(() => sales.ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("key:test-sales is over the sales role's limit (1 calls at once); retry later", refused.Status.Detail);
        await new Segments.SegmentsClient(await f.As(LedgerRoles.Service)).ListDimensionsAsync(new ListDimensionsRequest());
        await batch.RequestStream.CompleteAsync();
        Assert.False(await batch.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task A_principal_over_its_call_rate_is_refused()
    {
        await using var f = await SecurityFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Access:RateLimits:auditor:CallsPerSecond"] = "1",
            ["Access:RateLimits:auditor:Burst"] = "2",
        });
        var auditor = new Segments.SegmentsClient(await f.As(LedgerRoles.Auditor));
        var codes = new List<StatusCode>();
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await auditor.ListDimensionsAsync(new ListDimensionsRequest());
                codes.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                Assert.Contains("over the auditor role's limit (1 calls/s, burst 2)", e.Status.Detail);
                codes.Add(e.StatusCode);
            }
        }

        // The bucket starts with 2 calls and refills one a second: ten calls in a row cannot all pass.
        Assert.Equal([StatusCode.OK, StatusCode.OK], codes.Take(2));
        Assert.Contains(StatusCode.ResourceExhausted, codes);
        Assert.DoesNotContain(codes, c => c is not (StatusCode.OK or StatusCode.ResourceExhausted));
    }
}
