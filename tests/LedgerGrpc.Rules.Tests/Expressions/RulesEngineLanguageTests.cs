using System.Text.Json;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Expressions;

/// <summary>The expression language is RulesEngine's: each expectation here is what RulesEngine 6.0.1 answered for the
/// same expression over the same <see cref="LanguageCustomer"/> (issue 13 §1: the expressions the hand-written parser
/// refused or answered differently). A rule runs the expression for its success; an OutputExpression action gives its
/// value and type.</summary>
public sealed class RulesEngineLanguageTests
{
    private static (RuleResultTree Rule, RuleResultTree Output) Run(string expression, WorkflowSettings? settings = null)
    {
        var workflow = new Workflow
        {
            WorkflowName = "W",
            Rules =
            [
                new Rule { RuleName = "R", Expression = expression },
                new Rule
                {
                    RuleName = "O", Expression = "true",
                    Actions = new RuleActions { OnSuccess = new ActionInfo { Name = "OutputExpression", Context = new() { ["Expression"] = JsonSerializer.SerializeToElement(expression) } } },
                },
            ],
        };
        var results = new WorkflowEngine(settings, workflow).ExecuteAllRules("W", new RuleParameter("input1", new LanguageCustomer()));
        return (results[0], results[1]);
    }

    [Theory]
    [InlineData("true AndAlso input1.Orders == 7 OrElse false", true)]
    [InlineData("Math.Max(1, 2L) == 2", true)]
    [InlineData("Math.Max(input1.Orders, input1.Big) == 7", true)]
    [InlineData("Math.Min(1.5, 2) == 1.5", true)]
    [InlineData("-1.5 == 3m", false)]
    [InlineData("iif(input1.Orders > 1, \"x\", input1.Missing) == \"x\"", true)]
    [InlineData("(input1.Orders > 1 ? input1.Missing : \"y\") == null", true)]
    [InlineData("0.25.ToString() == \"0.25\"", true)]
    [InlineData("input1.Name.Equals(\"ALICE\", StringComparison.OrdinalIgnoreCase)", true)]
    [InlineData("input1.Day == DayOfWeek.Monday", true)]
    [InlineData("input1.History.GroupBy(x => x % 2).Count() == 2", true)]
    [InlineData("\"a,b,c\".Split(',').Length == 3", true)]
    [InlineData("string.Format(\"{0}-{1}\", input1.Name, input1.Orders) == \"Alice-7\"", true)]
    [InlineData("string.Concat(input1.Name, \"x\") == \"Alicex\"", true)]
    [InlineData("TimeSpan.FromHours(2).TotalMinutes == 120", true)]
    [InlineData("Guid.Parse(\"6f9619ff-8b86-d011-b42d-00cf4fc964ff\") != Guid.Empty", true)]
    [InlineData("char.IsDigit(\"a1\"[1])", true)]
    [InlineData("input1.Orders eq 7", true)]
    [InlineData("(input1.Orders & 3) == 3", true)]
    [InlineData("input1.Orders == null", false)]
    [InlineData("input1.Missing == null", true)]
    [InlineData("Convert.ToInt32(1.5) == 2", true)]
    [InlineData("input1.Flag ?? true", true)]
    [InlineData("input1.Orders in (1, 7)", true)]
    [InlineData("input1.Tags.Any(t => t == \"a\") && input1.Tags.Contains(\"b\")", true)]
    public void Succeeds_or_fails_like_RulesEngine(string expression, bool success)
    {
        var (rule, _) = Run(expression);

        Assert.Null(rule.ExceptionMessage);
        Assert.Equal(success, rule.IsSuccess);
    }

    [Theory]
    [InlineData("input1.History.Count() + 7L", "10", "Int32")]
    [InlineData("input1.Big + input1.Orders", "12", "Int64")]
    [InlineData("\"abc\".PadLeft(5, '*')", "\"**abc\"", "String")]
    [InlineData("input1.Name.Replace(\"l\", \"LL\")", "\"ALLice\"", "String")]
    [InlineData("Enumerable.Range(1, 3).Sum()", "6", "Int32")]
    [InlineData("input1.History.Where(x => x > 1).Select(x => x * 2).ToList()", "[4,6]", "List`1")]
    [InlineData("input1.Created.AddDays(1).DayOfWeek.ToString()", "\"Tuesday\"", "String")]
    [InlineData("decimal(1) / 3", "0.3333333333333333333333333333", "Decimal")]
    [InlineData("\"x\" + 1 + 2", "\"x12\"", "String")]
    [InlineData("1 + 2 + \"x\"", "\"3x\"", "String")]
    public void Outputs_values_of_RulesEngine_types(string expression, string json, string type)
    {
        var (_, output) = Run(expression);

        Assert.Null(output.ActionResult!.Exception);
        Assert.Equal(json, OutputJson.Serialize(output.ActionResult.Output));
        Assert.Equal(type, output.ActionResult.Output!.GetType().Name);
    }

    [Theory]
    [InlineData("(true ? 4L : 1) == 4", "Both of the types 'Int64' and 'Int32' convert to the other")]
    [InlineData("input1.Orders == input1.Name", "Operator '==' incompatible with operand types 'Int32' and 'String'")]
    [InlineData("input1.Missing == 3", "The binary operator Equal is not defined for the types 'System.String' and 'System.Int32'.")]
    [InlineData("input1.Ratio * input1.TotalSpend > 1", "Operator '*' incompatible with operand types 'Double' and 'Decimal'")]
    [InlineData("input1.Flag", "Expression of type 'Boolean' expected")]
    [InlineData("input1.History.Sum() * 1.5 > 1", "No generic method 'Sum' on type 'System.Linq.Enumerable' is compatible with the supplied type arguments and arguments.")]
    public void Refuses_what_RulesEngine_refuses(string expression, string message)
    {
        var (rule, _) = Run(expression);

        Assert.False(rule.IsSuccess);
        Assert.StartsWith($"Exception while parsing expression `{expression}` - {message}", rule.ExceptionMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Convert.ToInt32(1e20) == 2", "Value was either too large or too small for an Int32.")]
    [InlineData("int(1e20) == 2", "Arithmetic operation resulted in an overflow.")]
    public void Overflows_throw_like_RulesEngine(string expression, string message)
    {
        var (rule, _) = Run(expression);

        Assert.False(rule.IsSuccess);
        Assert.Equal($"Error while executing rule : R - {message}", rule.ExceptionMessage);
    }

    [Fact]
    public void Infinity_and_NaN_are_outputs_like_any_other()
    {
        Assert.Equal(double.PositiveInfinity, Run("1.0 / 0").Output.ActionResult!.Output);
        Assert.True(double.IsNaN((double)Run("0.0 / 0").Output.ActionResult!.Output!));
    }

    [Theory]
    [InlineData("input1.country == \"india\" and true", true)]
    [InlineData("input1.country == \"india\" AND true", false)]
    [InlineData("input1.country == \"india\" && TRUE", false)]
    public void Case_sensitive_mode_takes_the_keywords_RulesEngine_takes(string expression, bool parses)
    {
        var workflow = new Workflow { WorkflowName = "W", Rules = [new Rule { RuleName = "R", Expression = expression }] };
        var engine = new WorkflowEngine(new WorkflowSettings { IsExpressionCaseSensitive = true }, workflow);

        var result = engine.ExecuteAllRules("W", RuleParameter.FromJson("input1", """{"country":"india"}"""))[0];

        Assert.Equal(parses, result.IsSuccess);
        Assert.Equal(parses, result.ExceptionMessage is null);
    }
}
