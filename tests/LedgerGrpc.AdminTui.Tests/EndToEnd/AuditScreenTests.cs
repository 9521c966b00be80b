using System.Text.RegularExpressions;
using Grpc.Net.Client;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>The audit screen against a real server with authentication: a publish made by another client is in the
/// log, and the filter narrows it by action, time and actor.</summary>
public sealed class AuditScreenTests
{
    [Fact]
    public async Task A_publish_is_in_the_audit_log_and_the_filter_narrows_by_action_time_and_actor_at_120x40()
    {
        using var dir = new TempDirectory("ledgergrpc-tui-audit");
        await ServerProcess.SeedAsync(dir.Path, 40);
        await using var server = await ServerProcess.StartAsync(dir.Path);
        await server.WaitUntilClassificationServesAsync();
        var key = (await File.ReadAllTextAsync(Path.Combine(dir.Path, "admin.key"))).Trim();
        var metadata = new Grpc.Core.Metadata { { "authorization", "Bearer " + key } };
        using var channel = GrpcChannel.ForAddress(server.Address);
        var rules = new LedgerGrpc.Protos.Ledger.V1.Rules.RulesClient(channel);
        var current = await rules.GetWorkflowAsync(new GetWorkflowRequest { Name = "value_tier" }, metadata);
        await rules.PublishWorkflowAsync(new PublishWorkflowRequest { WorkflowJson = current.WorkflowJson, Comment = "audit e2e", ExpectedVersion = current.Version }, metadata);

        using var tui = TmuxTerminal.Start(120, 40, null, "--server", server.Address, "--data-dir", dir.Path, "audit");
        await tui.WaitForAsync(s => Regex.IsMatch(s, @"PublishWorkflow\s+Workflow value_tier"), "the publish in the audit log");

        tui.Type("/");
        await tui.WaitForAsync(s => s.Split('\n').Any(l => l.StartsWith('/')), "the filter prompt");
        tui.Type("action:PublishWorkflow since:1h");
        tui.Keys("Enter");
        var screen = await tui.WaitForAsync(s => s.Contains("Audit · action:PublishWorkflow from:", StringComparison.Ordinal) && s.Contains("audit e2e", StringComparison.Ordinal), "the filtered log with the entry's details");
        Assert.DoesNotMatch(@"│\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+\s+(?!PublishWorkflow)[A-Z]\w+\s", screen);

        tui.Type("/");
        await tui.WaitForAsync(s => s.Split('\n').Any(l => l.StartsWith("/action:", StringComparison.Ordinal)), "the filter prompt with the filter in force");
        tui.Keys("End");
        tui.Keys([.. Enumerable.Repeat("BSpace", 80)]);
        tui.Type("actor:key:nobody");
        tui.Keys("Enter");
        await tui.WaitForAsync("no entries match the filter");
        Assert.DoesNotContain("   at ", tui.Capture(), StringComparison.Ordinal);
    }
}
