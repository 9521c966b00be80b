using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>Workflow safety at the Rules RPCs, against the real server (Kestrel on loopback, SQLite file) driven by
/// Python grpcio: names, RulesEngine's registration checks, and the dry run on a sample of the ledger.</summary>
public sealed class RulesSafetyTests
{
    [Theory]
    [InlineData("names")]
    [InlineData("registration_checks")]
    [InlineData("publish_safety")]
    public async Task Flow(string scenario)
    {
        await using var server = await TestServerHost.StartAsync();
        await ClassificationPython.RunScriptAsync("rules_safety.py", scenario, server);
    }

    [Fact]
    public async Task Publishing_a_workflow_over_the_cost_budget_is_refused_even_when_forced()
    {
        // A budget of 2 µs per customer and a rule that pads and rewrites a 50,000-character string: far apart, so
        // the outcome does not depend on the machine.
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Classification:PublishCostBudget"] = "00:00:00.000002" });
        await ClassificationPython.RunScriptAsync("rules_safety.py", "cost_budget", server);
    }
}
