using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Workflows;

public sealed class WorkflowJsonTests
{
    [Fact]
    public void Reads_a_single_workflow_with_every_field_in_any_case()
    {
        const string json = """
            {
              "workflowname": "Tiering",
              "WORKFLOWSTOINJECT": ["Shared"],
              "GlobalParams": [{ "name": "spend", "expression": "input1.TotalSpend" }],
              "Mode": "first-match",
              "Rules": [
                {
                  "RuleName": "Parent", "Operator": "AndAlso", "ErrorMessage": "failed $(input1.Id)",
                  "ErrorType": "Error", "SuccessEvent": "gold", "RuleExpressionType": 0,
                  "LocalParams": [{ "Name": "x", "Expression": "1" }],
                  "Properties": { "owner": "ops" },
                  "Actions": { "onSuccess": { "name": "OutputExpression", "context": { "expression": "1 + 1" } },
                               "OnFailure": { "Name": "EvaluateRule", "Context": { "workflowName": "W", "ruleName": "R" } } },
                  "Rules": [ { "RuleName": "Child", "Expression": "x > 0", "Enabled": false, "RuleExpressionType": "LambdaExpression" } ]
                }
              ]
            }
            """;

        var workflow = Assert.Single(WorkflowJson.Parse(json));

        Assert.Equal("Tiering", workflow.WorkflowName);
        Assert.Equal(["Shared"], workflow.WorkflowsToInject!);
        Assert.Equal("spend", Assert.Single(workflow.GlobalParams!).Name);
        Assert.Equal("first-match", workflow.ExtensionData!["Mode"].GetString());
        var parent = Assert.Single(workflow.Rules);
        Assert.Equal(("Parent", "AndAlso", "gold", "failed $(input1.Id)"), (parent.RuleName, parent.Operator, parent.SuccessEvent, parent.ErrorMessage));
        Assert.True(parent.Enabled);
        Assert.Equal("ops", parent.Properties!["owner"].GetString());
        Assert.Equal("1 + 1", parent.Actions!.OnSuccess!.GetContext("Expression")!.Value.GetString());
        Assert.Equal("EvaluateRule", parent.Actions.OnFailure!.Name);
        var child = Assert.Single(parent.Rules!);
        Assert.False(child.Enabled);
        Assert.Equal(RuleExpressionType.LambdaExpression, child.RuleExpressionType);
    }

    [Fact]
    public void Reads_an_array_of_workflows_and_round_trips_unknown_properties()
    {
        const string json = """[{ "WorkflowName": "A", "Mode": "all", "Rules": [] }, { "WorkflowName": "B", "Rules": [] }]""";

        var workflows = WorkflowJson.Parse(json);
        var again = WorkflowJson.Parse(WorkflowJson.Serialize(workflows));

        Assert.Equal(["A", "B"], again.Select(w => w.WorkflowName));
        Assert.Equal("all", again[0].ExtensionData!["Mode"].GetString());
    }

    [Theory]
    [InlineData("{ \"WorkflowName\": \"A\",\n  \"Rules\": [ { \"RuleName\": } ] }", 2, 28)]
    [InlineData("{ \"WorkflowName\": \"A\" ", 1, 23)]
    [InlineData("{ \"WorkflowName\": 5 }", 1, 20)]
    [InlineData("\n\n  { \"WorkflowName\": \"A\", \"Rules\": [ { \"Enabled\": \"yes\" } ] }", 3, 55)]
    [InlineData("{ \"WorkflowName\": \"A\", \"Rules\": [ { \"RuleExpressionType\": \"Sql\" } ] }", 1, 64)]
    public void Reports_json_errors_with_line_and_column(string json, int line, int column)
    {
        var ex = Assert.Throws<WorkflowJsonException>(() => WorkflowJson.Parse(json));

        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains($"line {line}, column {column}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("[null]")]
    [InlineData("{ \"WorkflowName\": \"A\" } {}")]
    public void Rejects_documents_that_are_not_workflows(string json) =>
        Assert.Throws<WorkflowJsonException>(() => WorkflowJson.Parse(json));
}
