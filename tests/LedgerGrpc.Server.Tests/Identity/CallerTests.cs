using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Identity;

/// <summary>
/// One rule for who is calling, whichever service is called (the interceptor and the principal resolver): the key's
/// name, plus a service key's x-ledger-actor as "on behalf of" (other roles' headers are ignored).
/// </summary>
public sealed class CallerTests
{
    [Fact]
    public async Task Author_is_the_key_and_a_service_key_names_whom_it_acts_for()
    {
        await using var server = await TestServerHost.StartAsync();
        var serviceKey = await server.KeyAsync(LedgerRoles.Service);
        var onBehalf = new CustomerLedger.CustomerLedgerClient(server.Connect(actor: new string('a', 100), key: serviceKey));
        var plain = new CustomerLedger.CustomerLedgerClient(server.Connect(key: serviceKey));
        var customer = await plain.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "c-1", Name = "Caller Ltd", Type = CustomerType.Enterprise });

        var byNamed = await onBehalf.AddNoteAsync(new AddNoteRequest { CustomerId = customer.Id, Channel = NoteChannel.Phone, Text = "one" });
        var byUnnamed = await plain.AddNoteAsync(new AddNoteRequest { CustomerId = customer.Id, Channel = NoteChannel.Phone, Text = "two" });

        Assert.Equal($"key:test-service (for {new string('a', 100)})", byNamed.Author);
        Assert.Equal("key:test-service", byUnnamed.Author);
    }

    [Fact]
    public async Task Actor_longer_than_100_characters_from_a_service_key_is_refused_by_every_service()
    {
        await using var server = await TestServerHost.StartAsync();
        var invoker = server.Connect(actor: new string('a', 101), key: await server.KeyAsync(LedgerRoles.Service));

        var calls = new Func<Task>[]
        {
            () => new CustomerLedger.CustomerLedgerClient(invoker).ListCustomersAsync(new ListCustomersRequest()).ResponseAsync,
            () => new Segments.SegmentsClient(invoker).ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync,
            () => new Segments.SegmentsClient(invoker).ClassifyAsync(new ClassifyRequest { CustomerId = 1 }).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal("x-ledger-actor: header is 101 characters long; the limit is 100", error.Status.Detail);
        }

        // The admin key's header is ignored, not refused.
        var admin = new LedgerGrpc.Protos.Ledger.V1.Rules.RulesClient(server.Connect(actor: new string('a', 101)));
        await admin.ListWorkflowsAsync(new ListWorkflowsRequest());
    }
}
