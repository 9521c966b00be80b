using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Rules.Tests.Expressions;

/// <summary>Parts of the language added with the workflow engine: mixed-case keywords, null propagation without catching
/// exceptions, instance methods of non-string values, object creation, primitive parsing, literal adaptation.</summary>
public sealed class LanguageGapsTests
{
    private static readonly ParameterExpression Input1 = Expression.Parameter(typeof(TestCustomer), "input1");

    private static readonly TestCustomer Customer = new()
    {
        Name = "Ada", TotalSpend = 120000m, Orders = 7, History = [new TestOrder(10m, "web")], JoinedAt = new DateTime(2024, 3, 15),
    };

    private static object? Evaluate(string text, TestCustomer? customer = null)
    {
        var result = RuleExpressionBinder.Bind(text, [Input1], new ExpressionOptions());
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        return Expression.Lambda(Expression.Convert(result.Body!, typeof(object)), Input1).Compile().DynamicInvoke(customer ?? Customer);
    }

    [Theory]
    [InlineData("input1.Orders > 1 And input1.Orders < 10 Or False", true)]
    [InlineData("Not (input1.Orders > 1) AnD true", false)]
    [InlineData("input1.Orders Mod 2 == 1 && input1.Name In (\"Ada\")", true)]
    [InlineData("input1.JoinedAt.AddDays(17) == DateTime(2024, 4, 1)", true)]
    [InlineData("input1.JoinedAt.AddMonths(1).Month == 4 && input1.JoinedAt.ToString(\"yyyy-MM\") == \"2024-03\"", true)]
    [InlineData("input1.TotalSpend.ToString() == \"120000\" && input1.Orders.ToString() + \"x\" == \"7x\"", true)]
    [InlineData("input1.Orders.CompareTo(7) == 0 && input1.ReferrerId.GetValueOrDefault(5) == 5", true)]
    [InlineData("int.Parse(\"42\") + long.Parse(\"1\") == 43 && decimal.Parse(\"1.5\") == 1.5m && int.MaxValue > 0", true)]
    [InlineData("input1.TotalSpend > 119999.5", true)]
    [InlineData("input1.Orders == \"7\"", true)]
    [InlineData("np(input1.History[0].Channel) == \"web\"", true)]
    [InlineData("input1.TotalSpend > 1.5d && input1.Orders.GetHashCode() == 7", true)]
    public void Evaluates(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Fact]
    public void Null_propagation_tests_each_link_instead_of_catching()
    {
        var noName = new TestCustomer { Name = null!, JoinedAt = Customer.JoinedAt };

        Assert.Null(Evaluate("np(input1.Name.Length)", noName));
        Assert.Equal(-1, Evaluate("np(input1.Name.Length, -1)", noName));
        Assert.Equal(3, Evaluate("np(input1.Name.Length, -1)"));
        Assert.Equal("none", Evaluate("np(input1.Name.ToUpper(), \"none\")", noName));
        var body = RuleExpressionBinder.Bind("np(input1.Name.Length, 0)", [Input1], new ExpressionOptions()).Body!;
        Assert.DoesNotContain("Try", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Creates_objects_with_named_members()
    {
        var value = Evaluate("new (input1.Name as Who, input1.Orders * 2 as Twice, input1.TotalSpend)");

        Assert.IsAssignableFrom<System.Linq.Dynamic.Core.DynamicClass>(value);
        Assert.Equal("""{"Who":"Ada","Twice":14,"TotalSpend":120000}""", OutputJson.Serialize(value));
    }

    [Theory]
    [InlineData("new { X = 1 }", "No property or field 'X' exists in type 'TestCustomer'")]
    [InlineData("new (1 + 1)", "Expression is missing an 'as' clause")]
    [InlineData("input1.JoinedAt.AddDays(\"x\")", "No applicable method 'AddDays' exists in type 'DateTime'")]
    [InlineData("np(input1.Orders + 1)", "The 'np' (null-propagation) function requires the first argument to be a MemberExpression, ParameterExpression or MethodCallExpression")]
    public void Rejects(string text, string message) =>
        Assert.Equal(message, Assert.Single(RuleExpressionBinder.Bind(text, [Input1], new ExpressionOptions()).Diagnostics).Message);
}
