using LedgerGrpc.Rules.Cases;

namespace LedgerGrpc.Rules.Tests.Compat;

/// <summary>The "settings" of a case file: RulesEngine's ReSettings are honoured; compiler and cache settings are accepted
/// and change nothing; a name RulesEngine does not have is refused (docs/rules-compat.md, "ReSettings").</summary>
public sealed class CaseSettingsTests
{
    private static string Case(string settings) => $$"""
        {
          "workflow": { "WorkflowName": "W", "Rules": [ { "RuleName": "Big", "Expression": "input1.x > 1" } ] },
          "settings": {{settings}},
          "inputs": [ { "input1": { "x": 2 } } ]
        }
        """;

    private static bool Succeeds(string settings) => RuleCaseRunner.Run(Case(settings), "case.json").Single()["success"]!.GetValue<bool>();

    // The answers RulesEngine 6.0.1 gives under each setting are pinned by the oracle cases (Oracle/cases/settings_*.json);
    // these check that a case file's setting reaches the engine.
    [Fact]
    public void AutoExecuteActions_false_leaves_actions_unrun()
    {
        const string Workflow = """
            { "WorkflowName": "W", "Rules": [ { "RuleName": "Big", "Expression": "input1.x > 1",
              "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.x * 2" } } } } ] }
            """;
        Assert.Equal(4, Run(Workflow, "{}")["output"]!.GetValue<long>());
        Assert.Null(Run(Workflow, """{ "AutoExecuteActions": false }""")["output"]);
    }

    [Fact]
    public void EnableExceptionAsErrorMessageForRuleExpressionParsing_false_makes_a_bad_expression_quietly_false()
    {
        const string Workflow = """{ "WorkflowName": "W", "Rules": [ { "RuleName": "Bad", "Expression": "input1.x >" } ] }""";
        Assert.StartsWith("Exception while parsing expression", (string?)Run(Workflow, "{}")["error"], StringComparison.Ordinal);
        var quiet = Run(Workflow, """{ "EnableExceptionAsErrorMessageForRuleExpressionParsing": false }""");
        Assert.False(quiet["success"]!.GetValue<bool>());
        Assert.Null(quiet["error"]);
    }

    [Fact]
    public void AutoRegisterInputType_is_read() =>
        Assert.False(RuleCaseRunnerSettings("""{ "AutoRegisterInputType": false }""").AutoRegisterInputType);

    private static System.Text.Json.Nodes.JsonObject Run(string workflow, string settings) =>
        RuleCaseRunner.Run($$"""{ "workflow": {{workflow}}, "settings": {{settings}}, "inputs": [ { "input1": { "x": 2 } } ] }""", "case.json").Single();

    private static WorkflowSettings RuleCaseRunnerSettings(string settings) => RuleCaseRunner.ReadSettings(System.Text.Json.Nodes.JsonNode.Parse(settings)!.AsObject());

    [Theory]
    [InlineData("""{ "UseFastExpressionCompiler": true }""")]
    [InlineData("""{ "CacheConfig": { "SizeLimit": 10 } }""")]
    [InlineData("""{ "EnableParallelRuleCompilation": true }""")]
    public void Compiler_and_cache_settings_leave_the_answers_alone(string settings) => Assert.True(Succeeds(settings));

    [Fact]
    public void An_unknown_setting_is_refused()
    {
        var refused = Assert.Throws<RuleException>(() => RuleCaseRunner.Run(Case("""{ "EnableFormatedErrorMessage": true }"""), "case.json").ToList());
        Assert.Equal("settings: \"EnableFormatedErrorMessage\" is not a RulesEngine setting.", refused.Message);
    }
}
