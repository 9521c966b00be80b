using LedgerGrpc.Rules.Cases;

namespace LedgerGrpc.Rules.Tests.Compat;

/// <summary>The "settings" of a case file: RulesEngine's ReSettings this engine cannot honour are refused with a message,
/// never ignored in silence (docs/rules-compat.md, "ReSettings").</summary>
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

    [Theory]
    [InlineData("AutoRegisterInputType")]
    [InlineData("EnableExceptionAsErrorMessageForRuleExpressionParsing")]
    [InlineData("AutoExecuteActions")]
    public void A_setting_whose_false_would_change_answers_is_refused_when_false(string name)
    {
        var refused = Assert.Throws<RuleException>(() => RuleCaseRunner.Run(Case($$"""{ "{{name}}": false }"""), "case.json").ToList());
        Assert.Equal($"settings: {name} = false is not supported (docs/rules-compat.md); remove it to run with RulesEngine's default, true.", refused.Message);
        Assert.True(Succeeds($$"""{ "{{name}}": true }"""));
    }

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
