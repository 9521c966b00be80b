using System.Text.RegularExpressions;
using Grpc.Net.Client;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Testing;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>The jobs screen and the dashboard's server figures against a real server (ledger.v1.Operations).</summary>
public sealed class JobsScreenTests
{
    [Fact]
    public async Task A_publish_made_elsewhere_appears_live_on_the_jobs_screen_and_finishes_with_its_changes_at_120x40()
    {
        using var dir = new TempDirectory("ledgergrpc-tui-jobs");
        await ServerProcess.SeedAsync(dir.Path, 120);
        await using var server = await ServerProcess.StartAsync(dir.Path);

        using var tui = TmuxTerminal.Start(120, 40, null, "--server", server.Address, "--data-dir", dir.Path);
        // The dashboard's server pane: version, writer figures (GetServerStats).
        // (Health and the figures are separate calls: wait for both answers.)
        await tui.WaitForAsync(
            s => Regex.IsMatch(s, @"health SERVING · version \S+ · up \d+m \d\ds") && Regex.IsMatch(s, @"customers 120 · dimensions \d+ · writer queue \d+ · [\d.,]+ writes/s"),
            "the server figures");

        tui.Type(":");
        tui.Type("jobs");
        tui.Keys("Enter");
        // The start-up sweep is a job too.
        await tui.WaitForAsync(s => Regex.IsMatch(s, @"#\d+ sweep\s.*100\.0%\s+120/120 done"), "the start-up sweep, done");

        // Another operator publishes: the job shows up without a key pressed and ends with its count of changes.
        using var channel = GrpcChannel.ForAddress(server.Address);
        var rules = new LedgerGrpc.Protos.Ledger.V1.Rules.RulesClient(channel);
        var metadata = AdminKey(dir.Path);
        var current = await rules.GetWorkflowAsync(new GetWorkflowRequest { Name = "value_tier" }, metadata);
        var json = current.WorkflowJson.Replace("customer.TotalSpend >= 100000", "customer.TotalSpend >= 1000", StringComparison.Ordinal);
        Assert.NotEqual(current.WorkflowJson, json);
        var published = await rules.PublishWorkflowAsync(new PublishWorkflowRequest { WorkflowJson = json, Comment = "jobs e2e", ExpectedVersion = current.Version }, metadata);
        var id = published.ReclassificationId;
        var screen = await tui.WaitForAsync(s => Regex.IsMatch(s, $@"#{id} publish value_tier v{published.Version}\s.*100\.0%\s+120/120 done"), "the publish job, done");

        tui.Keys("Home");
        screen = await tui.WaitForAsync(s => s.Contains($"#{id} publish value_tier v{published.Version} · done", StringComparison.Ordinal) && Regex.IsMatch(s, @"changed segment"), "the job's details");
        Assert.Matches(@"queued \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · finished \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \([\d.]+ s\)", screen);
        Assert.All(screen.Split('\n'), l => Assert.True(l.Length <= 120, l));
    }

    /// <summary>The local server's admin key, when it writes one (the same file the client reads by itself).</summary>
    private static Grpc.Core.Metadata AdminKey(string dataDir)
    {
        var file = Path.Combine(dataDir, "admin.key");
        return File.Exists(file) ? new Grpc.Core.Metadata { { "authorization", "Bearer " + File.ReadAllText(file).Trim() } } : [];
    }
}
