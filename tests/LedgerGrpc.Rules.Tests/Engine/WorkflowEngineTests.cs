using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Engine;

public sealed class WorkflowEngineTests
{
    private const string Tiering = """
        {
          "WorkflowName": "Tiering",
          "GlobalParams": [{ "Name": "spend", "Expression": "input1.TotalSpend" }],
          "Rules": [
            { "RuleName": "Platinum", "SuccessEvent": "P", "Expression": "spend >= 100000 AND input1.OrderCount >= 12",
              "ErrorMessage": "customer $(input1.CustomerId) spent $(spend)" },
            { "RuleName": "Gold", "SuccessEvent": "G", "LocalParams": [{ "Name": "big", "Expression": "spend >= 25000" }],
              "Expression": "big and input1.OrderCount >= 6" },
            { "RuleName": "Recent", "Operator": "OrElse", "Rules": [
                { "RuleName": "New", "Expression": "input1.CreatedAt >= DateTime(2024, 6, 1)" },
                { "RuleName": "Active", "Expression": "input1.DaysSinceLastPurchase < 30" } ] },
            { "RuleName": "East", "Expression": "input1.Region.StartsWith(\"East\")",
              "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.Region.ToUpper()" } } } },
            { "RuleName": "Broken", "Expression": "input1.Nope > 1" },
            { "RuleName": "Off", "Expression": "true", "Enabled": false }
          ]
        }
        """;

    private static readonly TieringCustomer Gold = new()
    {
        CustomerId = 7, TotalSpend = 30000m, OrderCount = 8, DaysSinceLastPurchase = 3, Region = "East-1",
        CreatedAt = new DateTime(2023, 1, 1),
    };

    private static WorkflowEngine Engine(WorkflowSettings? settings = null) => new(settings, WorkflowJson.Parse(Tiering));

    [Fact]
    public void Executes_typed_inputs_into_a_result_tree()
    {
        var results = Engine().ExecuteAllRules("Tiering", new RuleParameter("input1", Gold));

        Assert.Equal(["Platinum", "Gold", "Recent", "East", "Broken"], results.Select(r => r.Rule.RuleName));
        Assert.Equal([false, true, true, true, false], results.Select(r => r.IsSuccess));
        Assert.Equal("customer 7 spent 30000", results[0].ExceptionMessage);
        Assert.Equal(true, results[1].Inputs["big"]);
        Assert.Equal([false, true], results[2].ChildResults!.Select(c => c.IsSuccess));
        Assert.Equal("EAST-1", results[3].ActionResult!.Output);
        Assert.StartsWith("Exception while parsing expression `input1.Nope > 1` - No property or field 'Nope'", results[4].ExceptionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Performance_mode_stops_nested_evaluation_once_decided()
    {
        var customer = new TieringCustomer { CreatedAt = new DateTime(2025, 1, 1), Region = "" };

        var all = Engine().ExecuteAllRules("Tiering", customer)[2];
        var fast = Engine(new WorkflowSettings { NestedRuleExecutionMode = NestedRuleExecutionMode.Performance }).ExecuteAllRules("Tiering", customer)[2];

        Assert.Equal(2, all.ChildResults!.Count);
        Assert.Single(fast.ChildResults!);
        Assert.True(fast.IsSuccess);
    }

    [Fact]
    public void Settings_control_exceptions_and_messages()
    {
        var input = new RuleParameter("input1", Gold);

        Assert.Null(Engine(new WorkflowSettings { IgnoreException = true }).ExecuteAllRules("Tiering", input)[4].ExceptionMessage);
        Assert.Throws<RuleException>(() => Engine(new WorkflowSettings { EnableExceptionAsErrorMessage = false }).ExecuteAllRules("Tiering", input));
        Assert.Null(Engine(new WorkflowSettings { EnableFormattedErrorMessage = false }).ExecuteAllRules("Tiering", input)[0].ExceptionMessage);
        var noScopes = Engine(new WorkflowSettings { EnableScopedParams = false }).ExecuteAllRules("Tiering", input);
        Assert.NotNull(noScopes[0].ExceptionMessage);
        Assert.Contains("spend", noScopes[0].ExceptionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_sensitive_setting_rejects_names_in_the_wrong_case()
    {
        var engine = new WorkflowEngine(new WorkflowSettings { IsExpressionCaseSensitive = true },
            WorkflowJson.Parse("""{ "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Expression": "input1.totalspend > 1" } ] }"""));

        Assert.NotNull(engine.ExecuteAllRules("W", Gold)[0].ExceptionMessage);
    }

    [Fact]
    public void Compiles_once_per_version_and_input_types()
    {
        var engine = Engine();
        var first = engine.Compile("Tiering", new RuleInputType("input1", typeof(TieringCustomer)));

        Assert.Same(first, engine.Compile("Tiering", new RuleInputType("input1", typeof(TieringCustomer))));
        Assert.NotSame(first, engine.Compile("Tiering", new RuleInputType("input1", typeof(TestCustomerLike))));
        engine.AddOrUpdateWorkflow(WorkflowJson.Parse(Tiering)[0]);
        Assert.NotSame(first, engine.Compile("Tiering", new RuleInputType("input1", typeof(TieringCustomer))));
    }

    [Fact]
    public void Updating_an_injected_workflow_recompiles_the_workflows_that_inject_it()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            [{ "WorkflowName": "Main", "WorkflowsToInject": ["Shared"], "Rules": [ { "RuleName": "Own", "Expression": "true" } ] },
             { "WorkflowName": "Shared", "Rules": [ { "RuleName": "Old", "Expression": "true" } ] }]
            """));
        Assert.Equal(["Own", "Old"], engine.ExecuteAllRules("Main", Gold).Select(r => r.Rule.RuleName));

        engine.AddOrUpdateWorkflow(WorkflowJson.Parse("""{ "WorkflowName": "Shared", "Rules": [ { "RuleName": "New", "Expression": "false" } ] }""")[0]);

        Assert.Equal(["Own", "New"], engine.ExecuteAllRules("Main", Gold).Select(r => r.Rule.RuleName));
    }

    [Fact]
    public void Failing_actions_report_RulesEngines_exception_shape_and_leave_the_outcome()
    {
        var engine = new WorkflowEngine(null, WorkflowJson.Parse("""
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "Throws", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "1 / (input1.OrderCount - 8)" } } } },
              { "RuleName": "Broken", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.OrderCount +* 2" } } } } ] }
            """));

        var results = engine.ExecuteAllRules("W", Gold);

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal("Exception while executing OutputExpressionAction: Attempted to divide by zero.", results[0].ActionResult!.Exception!.Message);
        Assert.IsType<DivideByZeroException>(results[0].ActionResult!.Exception!.InnerException);
        Assert.Equal("Exception while executing OutputExpressionAction: Expression expected", results[1].ActionResult!.Exception!.Message);
    }

    [Fact]
    public void Concurrent_first_compilations_share_one_compiled_workflow()
    {
        var engine = Engine();

        var compiled = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => engine.Compile<TieringCustomer>("Tiering")).ToList();

        Assert.All(compiled, c => Assert.Same(compiled[0], c));
    }

    [Fact]
    public void Runs_in_parallel_with_the_same_answers()
    {
        var compiled = Engine().Compile<TieringCustomer>("Tiering");
        var customers = Enumerable.Range(0, 2000).Select(i => new TieringCustomer { TotalSpend = i * 100, OrderCount = i % 20, Region = i % 2 == 0 ? "East" : "West" }).ToArray();
        var sequential = customers.Select(c => compiled.Execute(c).Select(r => r.IsSuccess).ToArray()).ToArray();

        var parallel = customers.AsParallel().AsOrdered().Select(c => compiled.Execute(c).Select(r => r.IsSuccess).ToArray()).ToArray();

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void EvaluateRule_action_runs_another_workflows_rule_with_filtered_and_added_inputs()
    {
        var workflows = WorkflowJson.Parse("""
            [
              { "WorkflowName": "Main", "Rules": [ { "RuleName": "Start", "Expression": "input1.OrderCount > 1",
                "Actions": { "OnSuccess": { "Name": "EvaluateRule", "Context": { "workflowName": "Other", "ruleName": "Double",
                  "inputFilter": ["input1"], "additionalInputs": [{ "Name": "factor", "Expression": "input1.OrderCount * 2" }] } } } } ] },
              { "WorkflowName": "Other", "Rules": [ { "RuleName": "Double", "Expression": "factor > 10",
                "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "factor + input1.CustomerId" } } } } ] }
            ]
            """);
        var engine = new WorkflowEngine(null, workflows);

        var result = engine.ExecuteAllRules("Main", new RuleParameter("input1", Gold), new RuleParameter("input2", "ignored"))[0];

        Assert.Null(result.ActionResult!.Exception);
        Assert.Equal(23L, result.ActionResult.Output);
    }

    [Fact]
    public void Host_actions_and_custom_types_are_reachable_only_when_registered()
    {
        const string json = """
            { "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Expression": "Checks.IsEven(input1.OrderCount)",
              "Actions": { "OnSuccess": { "Name": "Tag", "Context": { "label": "even" } } } } ] }
            """;
        var registered = new WorkflowEngine(
            new WorkflowSettings { CustomTypes = [typeof(Checks)], CustomActions = new Dictionary<string, Func<RuleAction>> { ["Tag"] = () => new TagAction() } },
            WorkflowJson.Parse(json));
        var bare = new WorkflowEngine(null, WorkflowJson.Parse(json));

        var result = registered.ExecuteAllRules("W", Gold)[0];

        Assert.Equal("even:7", result.ActionResult!.Output);
        Assert.NotNull(bare.ExecuteAllRules("W", Gold)[0].ExceptionMessage);
    }

    [Fact]
    public void DateTime_now_comes_from_the_configured_clock()
    {
        var engine = new WorkflowEngine(new WorkflowSettings { Clock = new FixedClock(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero)) },
            WorkflowJson.Parse("""{ "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Expression": "DateTime.UtcNow.Year == 2030 && input1.CreatedAt.AddYears(7) < DateTime.UtcNow" } ] }"""));

        Assert.True(engine.ExecuteAllRules("W", Gold)[0].IsSuccess);
    }

    [Fact]
    public void Many_rules_evaluate_in_order_with_errors_on_the_ones_that_throw()
    {
        var rules = Enumerable.Range(0, 70).Select(i => new Rule
        {
            RuleName = "R" + i,
            Expression = i % 7 == 3 ? "input1.Industry.Length > 0" : $"input1.OrderCount > {i}",
            LocalParams = i == 50 ? [new ScopedParam { Name = "x", Expression = "1" }] : null,
        }).ToList();
        var engine = new WorkflowEngine(null, new Workflow { WorkflowName = "Many", Rules = rules });

        var results = engine.ExecuteAllRules("Many", new TieringCustomer { OrderCount = 40, Industry = null });

        Assert.Equal(rules.Select(r => r.RuleName), results.Select(r => r.Rule.RuleName));
        for (var i = 0; i < 70; i++)
        {
            Assert.Equal(i % 7 != 3 && 40 > i, results[i].IsSuccess);
            Assert.Equal(i % 7 == 3, results[i].ExceptionMessage?.StartsWith($"Error while executing rule : R{i} - ", StringComparison.Ordinal) ?? false);
        }
    }

    public static class Checks
    {
        public static bool IsEven(int value) => value % 2 == 0;
    }

    private sealed class TagAction : RuleAction
    {
        public override object? Run(ActionContext context, IReadOnlyList<RuleParameter> inputs) =>
            context.GetContext<string>("label") + ":" + ((TieringCustomer)inputs[0].Value!).CustomerId;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class TestCustomerLike
    {
        public decimal TotalSpend { get; set; }
    }
}
