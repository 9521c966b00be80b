using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>ListOverrides: the overrides in force, by customer then dimension, paged, filtered by dimension.</summary>
public sealed class ListOverridesTests
{
    [Fact]
    public async Task Pages_through_the_overrides_in_force_by_customer_then_dimension()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestServerHost.StartAsync(configure: builder => builder.Services.AddSingleton<TimeProvider>(clock));
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var segments = new Segments.SegmentsClient(server.Connect(key: await server.KeyAsync(LedgerRoles.Operator)));
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await ledger.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = $"ovr-{i}", Name = $"Customer {i}", Type = CustomerType.Enterprise })).Id);
        }

        await segments.SetOverrideAsync(new SetOverrideRequest { CustomerId = ids[2], Dimension = "value_tier", Segment = "high_value", Reason = "key account" });
        await segments.SetOverrideAsync(new SetOverrideRequest { CustomerId = ids[0], Dimension = "value_tier", Segment = "high_value", Reason = "parent company" });
        await segments.SetOverrideAsync(new SetOverrideRequest { CustomerId = ids[0], Dimension = "credit", Segment = "low_credit", Reason = "late payer" });
        await segments.SetOverrideAsync(new SetOverrideRequest { CustomerId = ids[1], Dimension = "credit", Segment = "high_credit", Reason = "expired", ExpiresAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddHours(1)) });
        clock.Advance(TimeSpan.FromHours(2));

        var first = await segments.ListOverridesAsync(new ListOverridesRequest { PageSize = 2 });
        Assert.Equal([(ids[0], "credit"), (ids[0], "value_tier")], first.Overrides.Select(o => (o.CustomerId, o.Dimension)));
        Assert.Equal(("low_credit", "late payer", "key:test-operator"), (first.Overrides[0].Segment, first.Overrides[0].Reason, first.Overrides[0].Author));
        Assert.NotEmpty(first.NextPageToken);

        var second = await segments.ListOverridesAsync(new ListOverridesRequest { PageSize = 2, PageToken = first.NextPageToken });
        Assert.Equal([(ids[2], "value_tier")], second.Overrides.Select(o => (o.CustomerId, o.Dimension)));
        Assert.Empty(second.NextPageToken);

        var credit = await segments.ListOverridesAsync(new ListOverridesRequest { Dimension = "credit" });
        Assert.Equal([ids[0]], credit.Overrides.Select(o => o.CustomerId));
    }

    [Fact]
    public async Task A_bad_page_token_or_size_is_invalid_argument()
    {
        await using var server = await TestServerHost.StartAsync();
        var segments = new Segments.SegmentsClient(server.Connect());

        var token = await Assert.ThrowsAsync<RpcException>(() => segments.ListOverridesAsync(new ListOverridesRequest { PageToken = "garbage" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, token.StatusCode);
        Assert.Contains("page_token", token.Status.Detail, StringComparison.Ordinal);
        var size = await Assert.ThrowsAsync<RpcException>(() => segments.ListOverridesAsync(new ListOverridesRequest { PageSize = 5000 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, size.StatusCode);
    }
}
