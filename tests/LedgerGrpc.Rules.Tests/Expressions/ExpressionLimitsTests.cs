using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Validation;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Expressions;

/// <summary>No expression can crash the process, exhaust memory or stall the writer (issue 13 §1): oversize and
/// over-nested texts are refused before parsing with the limit named, and string-growing or sequence-generating
/// operations fail with the limit named before they allocate.</summary>
public sealed class ExpressionLimitsTests
{
    private static readonly ParameterExpression Input1 = Expression.Parameter(typeof(LanguageCustomer), "input1");

    private static RuleResultTree Run(string expression)
    {
        var workflow = new Workflow { WorkflowName = "W", Rules = [new Rule { RuleName = "R", Expression = expression }] };
        return new WorkflowEngine(null, workflow).ExecuteAllRules("W", new RuleParameter("input1", new LanguageCustomer()))[0];
    }

    [Fact]
    public void Five_thousand_nested_parentheses_are_refused_with_the_limit_named()
    {
        var text = new string('(', 5000) + "true" + new string(')', 5000);

        var bound = RuleExpressionBinder.Bind(text, [Input1], new ExpressionOptions());
        var result = Run(text);
        var validation = WorkflowValidator.Validate(
            $$"""{ "WorkflowName": "W", "Rules": [ { "RuleName": "R", "Expression": "{{text}}" } ] }""",
            [new RuleInputType("input1", typeof(LanguageCustomer))]);

        var diagnostic = Assert.Single(bound.Diagnostics);
        Assert.Equal(ExpressionLimits.MaxNestingDepth + 1, diagnostic.Column);
        Assert.Contains("more than 100 deep (ExpressionLimits.MaxNestingDepth)", diagnostic.Message, StringComparison.Ordinal);
        Assert.False(result.IsSuccess);
        Assert.Contains("ExpressionLimits.MaxNestingDepth", result.ExceptionMessage, StringComparison.Ordinal);
        Assert.Contains(validation.Errors, d => d.Message.Contains("ExpressionLimits.MaxNestingDepth", StringComparison.Ordinal));
    }

    [Fact]
    public void Brackets_inside_string_literals_do_not_count()
    {
        var text = "\"" + new string('(', 500) + "\".Length == 500";

        Assert.True(Run(text).IsSuccess);
    }

    [Fact]
    public void Texts_over_the_length_limit_are_refused_before_parsing()
    {
        var text = "input1.Orders == 7" + string.Concat(Enumerable.Repeat(" && true", 9000));

        var diagnostic = Assert.Single(RuleExpressionBinder.Bind(text, [Input1], new ExpressionOptions()).Diagnostics);

        Assert.Equal($"The expression is {text.Length:N0} characters long; the limit is 65,536 characters (ExpressionLimits.MaxExpressionLength)", diagnostic.Message);
    }

    [Fact]
    public void Deep_recursion_within_the_limits_parses_without_overflowing_the_stack()
    {
        // Not brackets, so within MaxNestingDepth, yet the parser recurses once per '!' and per '?:'.
        var nots = new string('!', 60_000) + "true";
        var conditionals = string.Concat(Enumerable.Repeat("input1.Orders == 1 ? false : ", 2000)) + "true";

        Assert.True(Run(nots).IsSuccess);
        Assert.True(Run(conditionals).IsSuccess);
    }

    [Theory]
    [InlineData("input1.Name.PadLeft(1000000000).Length > 0", "PadLeft would make a string of 1,000,000,000 characters; the limit is 100,000 (ExpressionLimits.MaxStringLength)")]
    [InlineData("input1.Name.PadRight(100001, 'x').Length > 0", "PadRight would make a string of 100,001 characters; the limit is 100,000 (ExpressionLimits.MaxStringLength)")]
    [InlineData("input1.Name.PadLeft(30000).Replace(\" \", \"xxxxxxxxxx\").Length > 0", "Replace would make a string of 299,955 characters; the limit is 100,000 (ExpressionLimits.MaxStringLength)")]
    [InlineData("string.Join(\",\", Enumerable.Range(0, 30000).Select(i => input1.Name)).Length > 0", "a string operation would make a string of 179,999 characters; the limit is 100,000 (ExpressionLimits.MaxStringLength)")]
    [InlineData("Enumerable.Range(0, 2000000).Count() > 0", "Enumerable.Range would generate more than 1,000,000 elements in one evaluation (ExpressionLimits.MaxGeneratedElementsPerEvaluation)")]
    [InlineData("Enumerable.Range(0, 1000).Sum(i => Enumerable.Range(0, 1000).Count()) > 0", "Enumerable.Range would generate more than 1,000,000 elements in one evaluation (ExpressionLimits.MaxGeneratedElementsPerEvaluation)")]
    [InlineData("Enumerable.Range(0, 20).Select(i => input1.Name.PadLeft(90000)).Count() > 0", "The expression built more than 1,000,000 characters of strings in one evaluation (ExpressionLimits.MaxCharsPerEvaluation)")]
    [InlineData("string.Format(\"{0,1000000000}\", 1).Length > 0", "The format '{0,1000000000}' asks for 1,000,000,000 characters; strings are limited to 100,000 characters (ExpressionLimits.MaxStringLength)")]
    [InlineData("input1.Orders.ToString(\"D999999999\").Length > 0", "The format 'D999999999' asks for 999,999,999 characters; strings are limited to 100,000 characters (ExpressionLimits.MaxStringLength)")]
    public void String_and_sequence_growth_fails_before_allocating(string expression, string message)
    {
        Run(expression); // compile and JIT first, so the allocation figure is the evaluation's
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = Run(expression);

        Assert.False(result.IsSuccess);
        Assert.Equal($"Error while executing rule : R - {message}", result.ExceptionMessage);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024 * 1024, "the guard must refuse before building the string");
    }

    [Fact]
    public void Growth_within_the_limits_is_untouched_and_the_budget_is_per_evaluation()
    {
        const string expression = "input1.Name.PadLeft(90000).Replace(\" \", \"-\").Length == 90000";

        // Each evaluation builds 180,000 characters; twenty in a row stay within the per-evaluation budget.
        for (var i = 0; i < 20; i++)
        {
            Assert.True(Run(expression).IsSuccess);
        }
    }
}
