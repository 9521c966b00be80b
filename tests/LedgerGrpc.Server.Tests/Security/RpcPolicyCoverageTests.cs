using LedgerGrpc.Access;
using LedgerGrpc.Access.Authorization;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>
/// The policy table covers exactly the RPCs the protos define: a new RPC without a policy (or a
/// policy left behind by a removed RPC) fails here. Add the line to RpcPolicies.Table and the row
/// to docs/security.md.
/// </summary>
public sealed class RpcPolicyCoverageTests
{
    [Fact]
    public void Every_rpc_in_the_generated_descriptors_has_a_policy()
    {
        var rpcs = LedgerRpcs.All.Select(LedgerRpcs.Name).ToList();
        Assert.Contains("ledger.v1.Access/ListAuditEntries", rpcs);
        Assert.DoesNotContain(rpcs, r => !RpcPolicies.Table.ContainsKey(r));
    }

    [Fact]
    public void Every_policy_line_names_an_rpc_that_exists_and_a_defined_policy()
    {
        var rpcs = LedgerRpcs.All.Select(LedgerRpcs.Name).ToHashSet();
        Assert.DoesNotContain(RpcPolicies.Table.Keys, r => !rpcs.Contains(r));
        Assert.All(RpcPolicies.Table.Values, p => Assert.True(LedgerPolicies.Roles.ContainsKey(p), p));
        Assert.All(LedgerPolicies.Roles.Values.SelectMany(r => r), r => Assert.True(LedgerRoles.IsRole(r), r));
        // Admin can do everything.
        Assert.All(LedgerPolicies.Roles.Values, roles => Assert.Contains(LedgerRoles.Admin, roles));
    }

    [Fact]
    public void The_roles_table_in_docs_matches_the_policies()
    {
        var doc = File.ReadAllLines(Path.Combine(Testing.RepoPaths.Root, "docs", "security.md"));
        foreach (var (policy, roles) in LedgerPolicies.Roles)
        {
            var row = doc.Single(l => l.StartsWith($"| {policy} |", StringComparison.Ordinal));
            var cells = row.Split('|').Select(c => c.Trim()).ToArray();
            // | policy | admin | operator | service | sales | auditor | RPCs |
            for (var i = 0; i < LedgerRoles.All.Count; i++)
            {
                Assert.True(roles.Contains(LedgerRoles.All[i]) == cells[2 + i].StartsWith('✓'), $"{policy} / {LedgerRoles.All[i]} in docs/security.md");
            }

            foreach (var rpc in RpcPolicies.Table.Where(e => e.Value == policy).Select(e => e.Key.Split('/')[1]))
            {
                Assert.True(cells[^2].Contains(rpc, StringComparison.Ordinal) || (rpc.StartsWith("RecordTransaction", StringComparison.Ordinal) && cells[^2].Contains("RecordTransaction(s)")), $"{rpc} missing from the {policy} row");
            }
        }
    }
}
