using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;
using static LedgerGrpc.Protos.Ledger.V1.CustomerLedger;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>The real server (Kestrel on 127.0.0.1:0, SQLite in a temp dir) called by grpcio and by Grpc.Net.Client.</summary>
public sealed class LedgerEndToEndTests
{
    [Fact]
    public async Task Python_client_main_flows()
    {
        await using var server = await TestServerHost.StartAsync();
        var result = await LedgerPython.RunAsync("flows", server);
        var summary = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]).RootElement;
        Assert.True(File.Exists(summary.GetProperty("backup").GetString()));

        // The audit log names the authenticated caller; an admin's x-ledger-actor is ignored (only service keys act for someone).
        var store = server.Services.GetService(typeof(LedgerGrpc.Ledger.LedgerStore)) as LedgerGrpc.Ledger.LedgerStore;
        await using var db = store!.OpenRead();
        var actors = await db.AuditEntries.Select(a => a.Actor).Distinct().ToListAsync();
        // (The first start's admin key creation is recorded as the server's own act.)
        Assert.Equal(["key:admin", "ledgergrpc (first start)"], actors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Python_client_validation_matrix_each_bad_request_gets_its_status_and_changes_nothing()
    {
        await using var server = await TestServerHost.StartAsync();
        var result = await LedgerPython.RunAsync("validation", server);
        var cases = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(32, cases.Count);
        Assert.Contains(cases, c => c.GetProperty("code").GetString() == "NOT_FOUND");
        Assert.Contains(cases, c => c.GetProperty("code").GetString() == "ALREADY_EXISTS");
    }

    [Fact]
    public async Task Python_client_idempotent_retries_record_once()
    {
        await using var server = await TestServerHost.StartAsync();
        await LedgerPython.RunAsync("retries", server);
    }

    [Fact]
    public async Task Python_client_concurrent_writers_all_land_exactly_once()
    {
        await using var server = await TestServerHost.StartAsync();
        await LedgerPython.RunAsync("concurrent", server, "8", "150");
    }

    [Fact]
    public async Task Currency_comes_from_configuration()
    {
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Ledger:Currency"] = "USD" });
        var ledger = new CustomerLedgerClient(server.Connect());
        var customer = await Create(ledger, "usd-1");
        var error = await Assert.ThrowsAsync<RpcException>(() => Record(ledger, customer.Id, 100, "CNY"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("USD", error.Status.Detail);
        Assert.Equal(100, (await Record(ledger, customer.Id, 100, "USD")).AmountMinor);
    }

    [Fact]
    public async Task Grpc_net_client_records_streams_and_reads_back()
    {
        await using var server = await TestServerHost.StartAsync();
        var ledger = new CustomerLedgerClient(server.Connect());
        var customer = await Create(ledger, "own-1");
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Record(ledger, customer.Id, 10 + i, "CNY")));

        using var batch = ledger.RecordTransactions();
        for (var i = 0; i < 50; i++)
        {
            await batch.RequestStream.WriteAsync(Sale(customer.Id, 1, "CNY"));
        }

        await batch.RequestStream.CompleteAsync();
        var response = await batch.ResponseAsync;
        Assert.Equal(50, response.Recorded);

        var stored = await ledger.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id });
        Assert.Equal(250, stored.TransactionCount);
        Assert.Equal(Enumerable.Range(0, 200).Sum(i => 10L + i) + 50, stored.SalesTotalMinor);

        using var export = ledger.ExportCustomers(new ExportCustomersRequest());
        var exported = new List<Customer>();
        await foreach (var c in export.ResponseStream.ReadAllAsync())
        {
            exported.Add(c);
        }

        Assert.Equal([customer.Id], exported.Select(c => c.Id));
    }

    internal static Task<Customer> Create(CustomerLedgerClient ledger, string externalRef) =>
        ledger.CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = externalRef, Name = "Test " + externalRef, Type = CustomerType.Enterprise }).ResponseAsync;

    internal static RecordTransactionRequest Sale(long customerId, long amount, string currency, string key = "") => new()
    {
        CustomerId = customerId,
        Kind = TransactionKind.Sale,
        AmountMinor = amount,
        Currency = currency,
        Quantity = 1,
        OccurredAt = Timestamp.FromDateTime(new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc)),
        IdempotencyKey = key,
    };

    internal static Task<LedgerGrpc.Protos.Ledger.V1.Transaction> Record(CustomerLedgerClient ledger, long customerId, long amount, string currency, string key = "") =>
        ledger.RecordTransactionAsync(Sale(customerId, amount, currency, key)).ResponseAsync;
}
