using LedgerGrpc.Rules.Tests.Engine;
using LedgerGrpc.Rules.Validation;

namespace LedgerGrpc.Rules.Tests.Validation;

public sealed class WorkflowValidatorTests
{
    private static readonly RuleInputType[] Typed = [new("input1", typeof(TieringCustomer))];

    [Fact]
    public void Reports_json_syntax_errors_with_line_and_column()
    {
        var result = WorkflowValidator.Validate("{\n  \"WorkflowName\": \"W\",\n  \"Rules\": [ { \"RuleName\": \"A\" \"Expression\": \"true\" } ]\n}");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, 3, 32), (d.Severity, d.Line, d.Column));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Finds_every_problem_with_rule_paths_and_positions()
    {
        const string json = """
            {
              "WorkflowName": "W",
              "WorkflowsToInject": ["Missing"],
              "GlobalParams": [{ "Name": "input1", "Expression": "1" }],
              "Rules": [
                { "RuleName": "Dup", "Expression": "input1.TotalSpend > 1" },
                { "RuleName": "Dup", "Expression": "input1.OrderCount >= 2 &&" },
                { "RuleName": "Parent", "Operator": "and", "Rules": [
                    { "RuleName": "Child", "Expression": "input1.Nope == 1" },
                    { "Expression": "input1.Region > 5" } ] },
                { "RuleName": "NoOp", "Rules": [ { "RuleName": "X", "Expression": "true" } ] },
                { "RuleName": "NotBool", "Expression": "input1.OrderCount + 1",
                  "LocalParams": [{ "Name": "a", "Expression": "b + 1" }],
                  "ErrorMessage": "bad $(Input1.CustomerId)",
                  "Actions": { "OnSuccess": { "Name": "Nope" },
                               "OnFailure": { "Name": "OutputExpression", "Context": { "Expression": "input1.Region *" } } } },
                { "RuleName": "Off", "Enabled": false, "Expression": "((" }
              ]
            }
            """;

        var result = WorkflowValidator.Validate(json, Typed);

        Assert.Contains(result.Diagnostics, d => d.ToString() == "3:25: error: W WorkflowsToInject: Injected workflow 'Missing' is not defined");
        Assert.Contains(result.Errors, d => d.Message == "Injected workflow 'Missing' is not defined" && d.Line == 3);
        Assert.Contains(result.Errors, d => d.Field == "GlobalParams[input1]" && d.Message.Contains("input name", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.RulePath == "W/Dup" && d.Message.Contains("more than once", StringComparison.Ordinal) && d.Line == 7);
        Assert.Contains(result.Errors, d => d.RulePath == "W/Dup" && d.Field == "Expression" && d.Message == "Expression expected" && d.ExpressionColumn == 26 && d.Line == 7);
        Assert.Contains(result.Errors, d => d.RulePath == "W/Parent" && d.Message.Contains("write 'And'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.RulePath == "W/Parent/Child" && d.Message.StartsWith("No property or field 'Nope'", StringComparison.Ordinal) && d.ExpressionColumn == 8 && d.Line == 9);
        Assert.Contains(result.Errors, d => d.RulePath == "W/Parent/#2" && d.Message == "RuleName is required");
        Assert.Contains(result.Errors, d => d.RulePath == "W/Parent/#2" && d.Message.StartsWith("Method 'Compare' not found", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.RulePath == "W/NoOp" && d.Field == "Operator");
        Assert.Contains(result.Errors, d => d.RulePath == "W/NotBool" && d.Message.Contains("needs a Boolean", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.RulePath == "W/NotBool" && d.Field == "LocalParams[a]" && d.Message == "Value cannot be empty. (Parameter 'name')");
        Assert.Contains(result.Errors, d => d.RulePath == "W/NotBool" && d.Message == "Action 'Nope' is not registered");
        Assert.Contains(result.Errors, d => d.RulePath == "W/NotBool" && d.Field == "Actions.OnFailure.Context.Expression");
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Field == "ErrorMessage");
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.RulePath == "W/Off" && d.Message.EndsWith("(rule is disabled)", StringComparison.Ordinal));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Unknown_members_of_json_samples_are_errors_although_RulesEngine_reads_null()
    {
        const string json = """{ "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Expression": "input1.nope == null && input1.age > 1" } ] }""";
        var sample = RuleParameter.FromJson("input1", """{ "age": 3 }""");

        var d = Assert.Single(WorkflowValidator.Validate(json, [sample]).Diagnostics);

        Assert.StartsWith("No property or field 'nope'", d.Message, StringComparison.Ordinal);
        Assert.True(new WorkflowEngine(null, LedgerGrpc.Rules.Workflows.WorkflowJson.Parse(json)).ExecuteAllRules("W", sample)[0].IsSuccess);
    }

    [Fact]
    public void Accepts_a_correct_workflow_without_input_types()
    {
        var result = WorkflowValidator.Validate("""
            [{ "WorkflowName": "A", "Rules": [ { "RuleName": "R", "Expression": "input1.x > 1 and input2.y == \"z\"",
               "Actions": { "OnSuccess": { "Name": "EvaluateRule", "Context": { "workflowName": "B", "ruleName": "S" } } } } ] },
             { "WorkflowName": "B", "Rules": [ { "RuleName": "S", "Expression": "true" } ] }]
            """);

        Assert.Empty(result.Diagnostics);
        Assert.True(result.IsValid);
    }
}
