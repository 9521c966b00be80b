using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Engine;

public sealed class FastPathTests
{
    private const string Json = """
        {
          "WorkflowName": "Segments",
          "GlobalParams": [{ "Name": "perOrder", "Expression": "input1.OrderCount == 0 ? 0m : input1.TotalSpend / input1.OrderCount" }],
          "Rules": [
            { "RuleName": "Throws", "Expression": "input1.Industry.Length > 3" },
            { "RuleName": "BigBasket", "LocalParams": [{ "Name": "limit", "Expression": "1000" }], "Expression": "perOrder > limit" },
            { "RuleName": "Either", "Operator": "Or", "Rules": [
                { "RuleName": "Many", "Expression": "input1.OrderCount >= 10" },
                { "RuleName": "East", "Expression": "input1.Region == \"East\"" } ] },
            { "RuleName": "Unparseable", "Expression": "input1.OrderCount >" },
            { "RuleName": "Always", "Expression": "true" }
          ]
        }
        """;

    private static CompiledWorkflow<TieringCustomer> Compiled() => new WorkflowEngine(null, WorkflowJson.Parse(Json)).Compile<TieringCustomer>("Segments");

    public static TheoryData<decimal, int, string, string?> Customers() => new()
    {
        { 50000m, 10, "West", null },
        { 50000m, 10, "West", "Manufacturing" },
        { 500m, 1, "East", "Tech" },
        { 0m, 0, "North", null },
    };

    [Theory]
    [MemberData(nameof(Customers))]
    public void Fast_path_agrees_with_the_result_tree(decimal spend, int orders, string region, string? industry)
    {
        var compiled = Compiled();
        var customer = new TieringCustomer { TotalSpend = spend, OrderCount = orders, Region = region, Industry = industry };
        var tree = compiled.Execute(customer).Select(r => r.IsSuccess).ToArray();
        var all = new bool[compiled.RuleNames.Count];

        compiled.Matches(customer, all);

        Assert.Equal(tree, all);
        Assert.Equal(Array.IndexOf(tree, true), compiled.FirstMatch(customer));
        Assert.Equal(tree.Select((s, i) => s ? 1UL << i : 0).Aggregate(0UL, (a, b) => a | b), compiled.MatchMask(customer));
    }

    [Fact]
    public void Fast_path_allocates_nothing()
    {
        var compiled = Compiled();
        var customer = new TieringCustomer { TotalSpend = 50000m, OrderCount = 10, Region = "West", Industry = "Retail" };
        var results = new bool[compiled.RuleNames.Count];
        compiled.FirstMatch(customer);
        compiled.MatchMask(customer);
        compiled.Matches(customer, results);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0L;
        for (var i = 0; i < 1000; i++)
        {
            sum += compiled.FirstMatch(customer) + (long)compiled.MatchMask(customer);
            compiled.Matches(customer, results);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void A_throwing_global_param_fails_every_rule_on_both_paths()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            { "WorkflowName": "W", "GlobalParams": [{ "Name": "g", "Expression": "input1.Industry.Length" }],
              "Rules": [ { "RuleName": "A", "Expression": "true" } ] }
            """));
        var compiled = engine.Compile<TieringCustomer>("W");
        var customer = new TieringCustomer { Industry = null };

        Assert.Equal(-1, compiled.FirstMatch(customer));
        var result = Assert.Single(compiled.Execute(customer));
        Assert.False(result.IsSuccess);
        Assert.StartsWith("Error while executing scoped params for rule `A`", result.ExceptionMessage, StringComparison.Ordinal);
        Assert.Equal(0, compiled.FirstMatch(new TieringCustomer { Industry = "x" }));
    }

    [Fact]
    public void An_input_can_have_several_names()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            { "WorkflowName": "W", "GlobalParams": [{ "Name": "spend", "Expression": "customer.TotalSpend" }],
              "Rules": [ { "RuleName": "A", "Expression": "customer.OrderCount > 1 && input1.TotalSpend == spend" } ] }
            """));
        var compiled = engine.Compile<TieringCustomer>("W", "customer", "input1");
        var customer = new TieringCustomer { OrderCount = 2, TotalSpend = 5m };

        Assert.Equal(0, compiled.FirstMatch(customer));
        Assert.True(Assert.Single(compiled.Execute(customer)).IsSuccess);
        Assert.Equal(-1, compiled.FirstMatch(new TieringCustomer()));
    }

    [Fact]
    public void Names_and_success_events_index_the_fast_path()
    {
        var compiled = Compiled();

        Assert.Equal(["Throws", "BigBasket", "Either", "Unparseable", "Always"], compiled.RuleNames);
        Assert.Equal(["Unparseable"], compiled.Problems.Select(p => p.Path));
    }
    [Fact]
    public void A_throwing_local_param_fails_only_its_rule_on_both_paths()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "Either", "Operator": "Or", "Rules": [
                  { "RuleName": "Throws", "LocalParams": [{ "Name": "n", "Expression": "input1.Industry.Length" }], "Expression": "n > 3" },
                  { "RuleName": "East", "Expression": "input1.Region == \"East\"" } ] },
              { "RuleName": "Top", "LocalParams": [{ "Name": "n", "Expression": "input1.Industry.Length" }], "Expression": "n > 3" } ] }
            """));
        var compiled = engine.Compile<TieringCustomer>("W");
        var customer = new TieringCustomer { Region = "East", Industry = null };

        Assert.Equal([true, false], compiled.Execute(customer).Select(r => r.IsSuccess));
        Assert.Equal(0b01UL, compiled.MatchMask(customer));
        Assert.Equal(-1, compiled.FirstMatch(new TieringCustomer { Region = "West" }));
    }

    [Fact]
    public void Output_gives_the_OutputExpression_value_with_scoped_params_and_null_when_it_fails()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            { "WorkflowName": "W", "GlobalParams": [{ "Name": "region", "Expression": "input1.Region.ToUpper()" }], "Rules": [
              { "RuleName": "A", "LocalParams": [{ "Name": "n", "Expression": "input1.Industry.Length" }], "Expression": "true",
                "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "region + n" } } } },
              { "RuleName": "B", "Expression": "true" } ] }
            """));
        var compiled = engine.Compile<TieringCustomer>("W");

        Assert.Equal("EAST4", compiled.Output(0, new TieringCustomer { Region = "east", Industry = "Tech" }));
        Assert.Equal(compiled.Execute(new TieringCustomer { Region = "east", Industry = "Tech" })[0].ActionResult?.Output, compiled.Output(0, new TieringCustomer { Region = "east", Industry = "Tech" }));
        Assert.Null(compiled.Output(0, new TieringCustomer { Region = "east", Industry = null }));
        Assert.Null(compiled.Output(1, new TieringCustomer()));
    }

    [Fact]
    public void A_local_param_that_cannot_be_compiled_fails_its_rule_on_both_paths()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "Broken", "LocalParams": [{ "Name": "n", "Expression": "input1.Nope" }], "Expression": "true" },
              { "RuleName": "Ok", "Expression": "true" } ] }
            """));
        var compiled = engine.Compile<TieringCustomer>("W");

        Assert.Equal([false, true], compiled.Execute(new TieringCustomer()).Select(r => r.IsSuccess));
        Assert.Equal(1, compiled.FirstMatch(new TieringCustomer()));
    }
}
