using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Engine;

public sealed class ExplainTests
{
    [Fact]
    public void Explains_each_leaf_with_the_values_it_read()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "Platinum", "Expression": "input1.TotalSpend >= 100000 AND input1.OrderCount >= 12" },
              { "RuleName": "Nested", "Operator": "Or", "Rules": [
                { "RuleName": "East", "Expression": "input1.Region.StartsWith(\"East\")" },
                { "RuleName": "Old", "Expression": "input1.CreatedAt < DateTime(2020, 1, 1)" } ] } ] }
            """));
        var customer = new TieringCustomer { TotalSpend = 120000m, OrderCount = 3, Region = "EastCoast", CreatedAt = new DateTime(2024, 1, 1) };

        var results = engine.Compile<TieringCustomer>("W").Explain(customer);

        var platinum = results[0].Explanation!.Select(s => s.ToString()).ToList();
        Assert.Contains("input1.TotalSpend = 120000 ≥ 100000 → true", platinum);
        Assert.Contains("input1.OrderCount = 3 ≥ 12 → false", platinum);
        Assert.Equal("((input1.TotalSpend ≥ 100000) && (input1.OrderCount ≥ 12)) = false", platinum[^1]);
        Assert.False(results[0].IsSuccess);
        var east = results[1].ChildResults![0].Explanation!.Select(s => s.ToString()).ToList();
        Assert.Contains("input1.Region = \"EastCoast\"", east);
        Assert.Contains("input1.Region.StartsWith(\"East\") = true", east);
        Assert.Null(results[1].Explanation);
    }

    [Fact]
    public void Short_circuited_operands_are_not_explained()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""{ "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Expression": "input1.OrderCount > 5 && input1.TotalSpend > 1" } ] }"""));

        var steps = engine.Explain("W", new RuleParameter("input1", new TieringCustomer { OrderCount = 1 }))[0].Explanation!;

        Assert.DoesNotContain(steps, s => s.ExpressionText == "input1.TotalSpend" || s.Left == "input1.TotalSpend");
        Assert.Contains(steps, s => s.ExpressionText == "input1.OrderCount");
    }
}
