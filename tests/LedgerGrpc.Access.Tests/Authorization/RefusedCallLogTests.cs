using System.Text.Json;
using LedgerGrpc.Access.Authorization;
using LedgerGrpc.Ledger;

namespace LedgerGrpc.Access.Tests.Authorization;

public sealed class RefusedCallLogTests
{
    [Fact]
    public async Task A_flood_of_refused_calls_becomes_one_bounded_audit_entry()
    {
        await using var access = new AccessFixture();
        var log = new RefusedCallLog(access.Writer);
        log.Record("permission denied", "key:sales1", "ledger.v1.Rules/PublishWorkflow");
        for (var i = 0; i < 10_000; i++)
        {
            // Every call from a different address: distinct rows are capped, the rest still counted.
            log.Record("bad credentials", $"10.0.{i / 256}.{i % 256}", "ledger.v1.CustomerLedger/GetCustomer");
        }

        log.Record("permission denied", "key:sales1", "ledger.v1.Rules/PublishWorkflow");
        await log.FlushAsync();
        await log.FlushAsync();

        var entry = Assert.Single((await access.Reader.ListAuditEntriesAsync(new AuditQuery { Action = RefusedCallLog.Action })).Items);
        Assert.Equal(10_002, entry.EntityId);
        var rows = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(entry.AfterJson!)!;
        Assert.True(rows.Count <= RefusedCallLog.MaxDistinct + 2);
        Assert.Equal(10_002, rows.Sum(r => int.Parse(r["count"])));
        Assert.Contains(rows, r => r["caller"] == "key:sales1" && r["rpc"] == "ledger.v1.Rules/PublishWorkflow" && r["count"] == "2");
        Assert.Contains(rows, r => r["caller"] == "(other)" && r["count"] == "9951");
    }
}
