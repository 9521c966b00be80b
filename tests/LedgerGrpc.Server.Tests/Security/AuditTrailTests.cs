using Grpc.Core;
using LedgerGrpc.Access;
using LedgerGrpc.Access.Authorization;
using LedgerGrpc.Protos.Ledger.V1;
using Api = LedgerGrpc.Protos.Ledger.V1;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>Each audited action leaves an entry naming the principal; refused calls are summarised; auditors read, others cannot.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task Publishes_rollbacks_deletes_overrides_categories_backups_exports_keys_and_refusals_are_in_the_audit_log()
    {
        // The publish's cost check runs on a one-customer sample whose first, cold evaluation can cost milliseconds
        // on a loaded machine; this test is about the audit log, not the budget (RulesSafetyTests test that).
        await using var f = await SecurityFixture.StartAsync(new Dictionary<string, string?> { ["Classification:PublishCostBudget"] = "00:00:01" });
        var customer = await f.CustomerWithMoneyAsync(10_000, 50_000);
        var operatorKey = await f.As(LedgerRoles.Operator);
        var rules = new Api.Rules.RulesClient(operatorKey);
        var segments = new Segments.SegmentsClient(operatorKey);
        var admin = f.Server.Connect();
        var workflow = await rules.GetWorkflowAsync(new GetWorkflowRequest { Name = "value_tier" });
        var published = await rules.PublishWorkflowAsync(new PublishWorkflowRequest { WorkflowJson = workflow.WorkflowJson, Comment = "same rules", ExpectedVersion = workflow.Version });
        await rules.RollbackWorkflowAsync(new RollbackWorkflowRequest { Name = "value_tier", ToVersion = workflow.Version, Comment = "back", ExpectedVersion = published.Version });
        var region = await rules.GetWorkflowAsync(new GetWorkflowRequest { Name = "region" });
        await rules.DeleteWorkflowAsync(new DeleteWorkflowRequest { Name = "region", Comment = "unused", ExpectedVersion = region.Version });
        await segments.SetOverrideAsync(new SetOverrideRequest { CustomerId = customer.Id, Dimension = "value_tier", Segment = (await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customer.Id })).Assignments.First(a => a.Dimension == "value_tier").Segment, Reason = "key account" });
        await segments.ClearOverrideAsync(new ClearOverrideRequest { CustomerId = customer.Id, Dimension = "value_tier" });
        await segments.UpsertCategoryAsync(new UpsertCategoryRequest { Code = "01", Name = "East" });
        await segments.UpsertCategoryAsync(new UpsertCategoryRequest { Code = "0102", Name = "Shanghai" });
        await segments.AssignCategoryAsync(new AssignCategoryRequest { CustomerId = customer.Id, Code = "0102" });
        await new CustomerLedger.CustomerLedgerClient(admin).BackupAsync(new BackupRequest { FileName = "audited.db" });
        using (var export = new CustomerLedger.CustomerLedgerClient(await f.As(LedgerRoles.Auditor)).ExportCustomers(new ExportCustomersRequest()))
        {
            await foreach (var _ in export.ResponseStream.ReadAllAsync())
            {
            }
        }

        var access = new Api.Access.AccessClient(admin);
        await access.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "temp", Role = "auditor" });
        await access.RevokeApiKeyAsync(new RevokeApiKeyRequest { Name = "temp" });
        for (var i = 0; i < 25; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => new Segments.SegmentsClient(f.Server.Connect(key: "lgk_000000000000_" + new string('x', 43))).ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);
        }

        await Assert.ThrowsAsync<RpcException>(() => new Api.Access.AccessClient(operatorKey).ListAuditEntriesAsync(new ListAuditEntriesRequest()).ResponseAsync);
        await f.Server.Services.GetRequiredService<RefusedCallLog>().FlushAsync();

        var auditor = new Api.Access.AccessClient(await f.As(LedgerRoles.Auditor));
        var all = (await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 })).Entries;
        string Who(string action, string key) => Assert.Single(all, e => e.Action == action && e.EntityKey == key).Actor;
        Assert.Equal("key:test-operator", Who("PublishWorkflow", "value_tier"));
        Assert.Equal("key:test-operator", Who("RollbackWorkflow", "value_tier"));
        Assert.Equal("key:test-operator", Who("DeleteWorkflow", "region"));
        Assert.Equal("key:test-operator", Who("SetOverride", "value_tier"));
        Assert.Equal("key:test-operator", Who("ClearOverride", "value_tier"));
        Assert.Equal("key:test-operator", Who("UpsertCategory", "0102"));
        var assigned = Assert.Single(all, e => e.Action == "AssignCategory");
        Assert.Equal(("key:test-operator", "0102", customer.Id), (assigned.Actor, assigned.EntityKey, assigned.CustomerId));
        Assert.Equal("key:admin", Who("Backup", "audited.db"));
        Assert.Equal("key:test-auditor", Who("ExportCustomers", "customers"));
        Assert.Equal("key:admin", Who("CreateApiKey", "temp"));
        Assert.Equal("key:admin", Who("RevokeApiKey", "temp"));
        var refused = Assert.Single(all, e => e.Action == RefusedCallLog.Action);
        Assert.Equal(26, refused.EntityId);
        Assert.Contains("key id 000000000000", refused.AfterJson);
        Assert.Contains("key:test-operator", refused.AfterJson);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Id > p.Second.Id), "newest first");
    }
}
