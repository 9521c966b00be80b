using LedgerGrpc.Rules.Workflows;
using ReRule = RulesEngine.Models.Rule;
using ReSettings = RulesEngine.Models.ReSettings;
using ReWorkflow = RulesEngine.Models.Workflow;

namespace LedgerGrpc.Rules.Tests.Oracle;

/// <summary>AutoRegisterInputType only matters for host-typed inputs (case files are JSON): with it off, RulesEngine
/// refuses calling a method of the input's own type. Both engines, the same typed input, each setting.</summary>
public sealed class TypedInputSettingsTests
{
    public sealed class Order
    {
        public long Total { get; init; } = 120;

        public List<string> Tags { get; init; } = ["gold"];

        public long Twice(long x) => 2 * x;

        public bool IsBig() => Total > 100;
    }

    [Theory]
    [InlineData("input1.Twice(2) == 4", true)]
    [InlineData("input1.IsBig()", true)]
    [InlineData("input1.Total > 100 && input1.Tags.Contains(\"gold\")", false)]
    [InlineData("input1.Tags.Any(t => t.StartsWith(\"g\"))", false)]
    [InlineData("input1.ToString() != null", false)]
    public async Task Methods_of_input_types_are_callable_exactly_when_RulesEngine_allows_them(string expression, bool refusedUnregistered)
    {
        foreach (var register in new[] { true, false })
        {
            var oracle = new RulesEngine.RulesEngine(
                [new ReWorkflow { WorkflowName = "W", Rules = [new ReRule { RuleName = "R", Expression = expression }] }],
                new ReSettings { AutoRegisterInputType = register });
            var theirs = (await oracle.ExecuteAllRulesAsync("W", new Order())).Single();
            var engine = new WorkflowEngine(new WorkflowSettings { AutoRegisterInputType = register },
                new Workflow { WorkflowName = "W", Rules = [new Rule { RuleName = "R", Expression = expression }] });
            var ours = engine.ExecuteAllRules("W", new Order()).Single();

            Assert.True(theirs.IsSuccess == ours.IsSuccess, $"{expression} (AutoRegisterInputType={register}): RulesEngine {theirs.IsSuccess} {theirs.ExceptionMessage}, LedgerGrpc {ours.IsSuccess} {ours.ExceptionMessage}");
            Assert.Equal(string.IsNullOrEmpty(theirs.ExceptionMessage), ours.ExceptionMessage is null);
            Assert.Equal(!register && refusedUnregistered, !ours.IsSuccess);
        }
    }
}
