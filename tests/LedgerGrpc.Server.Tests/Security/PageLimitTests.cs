using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>Every paged list refuses a page_size over its documented maximum (1000) instead of clamping it silently.</summary>
public sealed class PageLimitTests
{
    [Fact]
    public async Task Every_list_refuses_page_size_over_1000_with_invalid_argument_and_serves_1000()
    {
        await using var server = await TestServerHost.StartAsync();
        var invoker = server.Connect();
        var ledger = new CustomerLedger.CustomerLedgerClient(invoker);
        var segments = new Segments.SegmentsClient(invoker);
        var customer = await LedgerEndToEndTests.Create(ledger, "paged-1");
        var lists = new Dictionary<string, Func<int, Task>>
        {
            ["ListCustomers"] = n => ledger.ListCustomersAsync(new ListCustomersRequest { PageSize = n }).ResponseAsync,
            ["ListTransactions"] = n => ledger.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = customer.Id, PageSize = n }).ResponseAsync,
            ["ListInvoices"] = n => ledger.ListInvoicesAsync(new ListInvoicesRequest { CustomerId = customer.Id, PageSize = n }).ResponseAsync,
            ["ListNotes"] = n => ledger.ListNotesAsync(new ListNotesRequest { CustomerId = customer.Id, PageSize = n }).ResponseAsync,
            ["ListMembers"] = n => segments.ListMembersAsync(new ListMembersRequest { Dimension = "value_tier", Segment = "low_value", PageSize = n }).ResponseAsync,
            ["ListOverrides"] = n => segments.ListOverridesAsync(new ListOverridesRequest { PageSize = n }).ResponseAsync,
            ["ListAuditEntries"] = n => new Api.Access.AccessClient(invoker).ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = n }).ResponseAsync,
            ["ListJobs"] = n => new Api.Operations.OperationsClient(invoker).ListJobsAsync(new ListJobsRequest { PageSize = n }).ResponseAsync,
        };

        foreach (var (name, list) in lists)
        {
            await list(1000);
            foreach (var size in new[] { 1001, int.MaxValue, -1 })
            {
                var error = await Assert.ThrowsAsync<RpcException>(() => list(size));
                Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}({size}): {error.Status}");
                Assert.True(error.Status.Detail.Contains("page_size", StringComparison.Ordinal) && error.Status.Detail.Contains("1000", StringComparison.Ordinal), $"{name}({size}): {error.Status.Detail}");
            }
        }
    }
}
