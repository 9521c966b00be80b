using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Identity;

/// <summary>One rule for who is calling, whichever service is called (the interceptor and its resolver).</summary>
public sealed class CallerTests
{
    [Fact]
    public async Task Actor_header_names_the_author_and_its_absence_is_anonymous()
    {
        await using var server = await TestServerHost.StartAsync();
        var named = new CustomerLedger.CustomerLedgerClient(server.Connect(actor: new string('a', 100)));
        var unnamed = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var customer = await unnamed.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "c-1", Name = "Caller Ltd", Type = CustomerType.Enterprise });

        var byNamed = await named.AddNoteAsync(new AddNoteRequest { CustomerId = customer.Id, Channel = NoteChannel.Phone, Text = "one" });
        var byUnnamed = await unnamed.AddNoteAsync(new AddNoteRequest { CustomerId = customer.Id, Channel = NoteChannel.Phone, Text = "two" });

        Assert.Equal(new string('a', 100), byNamed.Author);
        Assert.Equal("anonymous", byUnnamed.Author);
    }

    [Fact]
    public async Task Actor_longer_than_100_characters_is_refused_by_every_service()
    {
        await using var server = await TestServerHost.StartAsync();
        var invoker = server.Connect(actor: new string('a', 101));

        var calls = new Func<Task>[]
        {
            () => new CustomerLedger.CustomerLedgerClient(invoker).ListCustomersAsync(new ListCustomersRequest()).ResponseAsync,
            () => new Segments.SegmentsClient(invoker).ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync,
            () => new LedgerGrpc.Protos.Ledger.V1.Rules.RulesClient(invoker).ListWorkflowsAsync(new ListWorkflowsRequest()).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal("x-ledger-actor: header is 101 characters long; the limit is 100", error.Status.Detail);
        }
    }
}
