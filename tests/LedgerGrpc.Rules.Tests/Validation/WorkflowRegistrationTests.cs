using LedgerGrpc.Rules.Validation;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Validation;

/// <summary>What RulesEngine 6.0.1 refuses at registration, the engine refuses too (the oracle tests compare the two on
/// Oracle/cases/issue13_*.json); the validator reports it as an error even in a disabled rule.</summary>
public sealed class WorkflowRegistrationTests
{
    [Theory]
    [InlineData("""{ "RuleName": "R", "Expression": "" }""", "Rules[0].Expression: Expression cannot be null or empty when RuleExpressionType is LambdaExpression")]
    [InlineData("""{ "RuleName": "R", "Expression": "", "Enabled": false }""", "Rules[0].Expression: Expression cannot be null or empty")]
    [InlineData("""{ "RuleName": "R", "Expression": "a == 1", "LocalParams": [ { "Name": "a", "Expression": "1" }, { "Name": "a", "Expression": "2" } ] }""", "Duplicate LocalParam name 'a'")]
    [InlineData("""{ "RuleName": "R", "Operator": "And", "Rules": [] }""", "Rules[0].WorkflowsToInject: Atleast one of Rules or WorkflowsToInject must be not empty")]
    [InlineData("""{ "RuleName": "R", "Operator": "Xor", "Rules": [ { "RuleName": "C", "Expression": "true" } ] }""", "Operator Xor is not allowed")]
    [InlineData("""{ "RuleName": "R", "Expression": "true", "Rules": [ { "RuleName": "C", "Expression": "true" } ] }""", "Cannot use Rules field when Operator is null")]
    public void The_engine_refuses_what_RulesEngine_refuses_to_register(string rule, string expected)
    {
        var workflow = WorkflowJson.Parse($$"""{ "WorkflowName": "W", "Rules": [ {{rule}} ] }""").Single();

        var refused = Assert.Throws<RuleException>(() => new WorkflowEngine(null, workflow));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        var validation = WorkflowValidator.Validate(workflow);
        Assert.False(validation.IsValid);
    }

    [Fact]
    public void Lower_case_operators_register_as_in_RulesEngine()
    {
        var workflow = WorkflowJson.Parse("""{ "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Operator": "and", "Rules": [ { "RuleName": "C", "Expression": "true" } ] } ] }""").Single();

        Assert.Empty(WorkflowRegistration.Problems(workflow));
    }

    [Fact]
    public void Taking_an_unknown_action_fails_the_whole_call()
    {
        var workflow = WorkflowJson.Parse("""
            { "WorkflowName": "W", "Rules": [
              { "RuleName": "Taken", "Expression": "true", "Actions": { "OnSuccess": { "Name": "NoSuchAction" } } } ] }
            """).Single();
        var engine = new WorkflowEngine(null, workflow);

        var failure = Assert.Throws<RuleException>(() => engine.ExecuteAllRules("W", new object()));

        Assert.Equal("Action with name: NoSuchAction does not exist", failure.Message);
    }
}
