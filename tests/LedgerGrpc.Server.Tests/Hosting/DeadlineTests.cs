using Google.Protobuf;
using LedgerGrpc.Ledger;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Classification;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>
/// When a call's deadline passes the caller gets DEADLINE_EXCEEDED and no response message, whatever the handler
/// does: seen from grpcio (which also keeps its own deadline) and from a raw request without one, which shows what
/// the server itself sends.
/// </summary>
public sealed class DeadlineTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Hosting", "python", "deadlines.py");

    [Fact]
    public async Task Watch_changes_past_its_deadline_ends_deadline_exceeded_for_grpcio()
    {
        await using var server = await TestServerHost.StartAsync();

        var result = await PythonPeer.RunScriptAsync(Script, ["watch", server.Target], [ClassificationPython.ModulesDir], key: server.AdminKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Enumerable.Repeat("DEADLINE_EXCEEDED", 5), result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Watch_changes_past_its_deadline_gets_deadline_exceeded_from_the_server()
    {
        await using var server = await TestServerHost.StartAsync();

        var reply = await RawGrpc.PostAsync(server.Address, "/ledger.v1.Segments/WatchChanges",
            RawGrpc.Frame(new WatchChangesRequest().ToByteArray()), RawGrpc.GrpcContentType, ("grpc-timeout", "300m"), RawGrpc.AdminKey(server));

        Assert.Equal("4", reply.GrpcStatus);
    }

    [Fact]
    public async Task Unary_handler_finishing_after_the_deadline_sends_no_response()
    {
        var gate = new CommitGate();
        await using var server = await TestServerHost.StartAsync(configure: b => b.Services.AddSingleton<ILedgerCommitHook>(gate));
        gate.Close();
        try
        {
            var python = await PythonPeer.RunScriptAsync(Script, ["unary", server.Target], [ClassificationPython.ModulesDir], key: server.AdminKey);
            Assert.True(python.ExitCode == 0, python.ToString());
            Assert.Equal("DEADLINE_EXCEEDED", python.StandardOutput.Trim());

            var request = new CreateCustomerRequest { ExternalRef = "late-2", Name = "Late Ltd", Type = CustomerType.Enterprise };
            var reply = await RawGrpc.PostAsync(server.Address, "/ledger.v1.CustomerLedger/CreateCustomer",
                RawGrpc.Frame(request.ToByteArray()), RawGrpc.GrpcContentType, ("grpc-timeout", "200m"), RawGrpc.AdminKey(server));

            Assert.Equal("4", reply.GrpcStatus);
            Assert.Empty(reply.Body);
        }
        finally
        {
            gate.Open();
        }

        // The held writes finish once released; the server goes on serving.
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var created = await ledger.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "after", Name = "After Ltd", Type = CustomerType.Enterprise });
        Assert.True(created.Id > 0);
    }
}
