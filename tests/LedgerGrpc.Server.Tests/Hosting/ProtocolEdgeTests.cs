using Google.Protobuf;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>Requests no well-behaved client sends, and what the server answers to each.</summary>
public sealed class ProtocolEdgeTests
{
    private const string GetCustomer = "/ledger.v1.CustomerLedger/GetCustomer";
    private const string CreateCustomer = "/ledger.v1.CustomerLedger/CreateCustomer";

    [Fact]
    public async Task Non_grpc_content_type_gets_http_415()
    {
        await using var server = await TestServerHost.StartAsync();

        var reply = await RawGrpc.PostAsync(server.Address, GetCustomer, "{\"id\": 1}"u8.ToArray(), "application/json", RawGrpc.AdminKey(server));

        Assert.Equal(415, reply.HttpStatus);
    }

    [Fact]
    public async Task Garbage_message_gets_a_status_naming_the_message_it_could_not_parse()
    {
        await using var server = await TestServerHost.StartAsync();

        // Field 1 as a length-delimited value 127 bytes long, in a 3-byte message: truncated.
        var reply = await RawGrpc.PostAsync(server.Address, GetCustomer, RawGrpc.Frame([0x0A, 0x7F, 0x01]), RawGrpc.GrpcContentType, RawGrpc.AdminKey(server));

        Assert.Equal(200, reply.HttpStatus);
        Assert.Equal("3", reply.GrpcStatus); // INVALID_ARGUMENT
        Assert.Contains("could not parse ledger.v1.GetCustomerRequest", reply.Message);
    }

    [Fact]
    public async Task String_that_is_not_utf8_gets_a_status_naming_the_message_it_could_not_parse()
    {
        await using var server = await TestServerHost.StartAsync();
        // external_ref (field 1) holding 0xC3 0x28: a lead byte followed by a byte that cannot continue it.
        var payload = new CreateCustomerRequest { Name = "valid" }.ToByteArray().Concat(new byte[] { 0x0A, 0x02, 0xC3, 0x28 }).ToArray();

        var reply = await RawGrpc.PostAsync(server.Address, CreateCustomer, RawGrpc.Frame(payload), RawGrpc.GrpcContentType, RawGrpc.AdminKey(server));

        Assert.Equal("3", reply.GrpcStatus);
        Assert.Contains("could not parse ledger.v1.CreateCustomerRequest", reply.Message);
        Assert.Empty(new LedgerGrpc.Protos.Ledger.V1.CustomerLedger.CustomerLedgerClient(server.Connect())
            .ListCustomers(new ListCustomersRequest()).Customers);
    }

    [Fact]
    public async Task Garbage_item_in_a_client_stream_gets_the_same_status()
    {
        await using var server = await TestServerHost.StartAsync();
        var body = RawGrpc.Frame(new RecordTransactionRequest { CustomerId = 1 }.ToByteArray()).Concat(RawGrpc.Frame([0x0A, 0x7F, 0x01])).ToArray();

        var reply = await RawGrpc.PostAsync(server.Address, "/ledger.v1.CustomerLedger/RecordTransactions", body, RawGrpc.GrpcContentType, RawGrpc.AdminKey(server));

        Assert.Equal("3", reply.GrpcStatus);
        Assert.Contains("could not parse ledger.v1.RecordTransactionRequest", reply.Message);
    }
}
