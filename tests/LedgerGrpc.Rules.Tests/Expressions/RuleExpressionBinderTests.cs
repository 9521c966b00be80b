using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Rules.Tests.Expressions;

public sealed class RuleExpressionBinderTests
{
    private static readonly ParameterExpression Input1 = Expression.Parameter(typeof(TestCustomer), "input1");
    // A JSON input, typed as RulesEngine types it (long, double, List<long>, a generated class).
    private static readonly RuleParameter JsonInput =
        RuleParameter.FromJson("input2", """{"country":"india","loyaltyFactor":2,"totalPurchasesToDate":5000.5,"items":[3,4]}""");

    private static readonly ParameterExpression Json = Expression.Parameter(JsonInput.Type, "input2");

    private static readonly TestCustomer Customer = new()
    {
        Name = "Ada", TotalSpend = 120000m, Orders = 7, ReferrerId = null,
        History = [new TestOrder(10m, "web"), new TestOrder(250m, "store"), new TestOrder(40m, "web")],
        Tags = ["gold", "early"],
        JoinedAt = new DateTime(2024, 3, 15), PreferredDay = DayOfWeek.Friday,
    };

    private static object? Evaluate(string text)
    {
        var result = RuleExpressionBinder.Bind(text, [Input1, Json], new ExpressionOptions(CustomTypes: [typeof(TestUtils)]));
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        var lambda = Expression.Lambda(Expression.Convert(result.Body!, typeof(object)), Input1, Json).Compile();
        return lambda.DynamicInvoke(Customer, JsonInput.Value);
    }

    [Fact]
    public void Exceptions_leaving_a_custom_types_method_are_reported_before_they_fail_the_expression_and_handled_ones_are_not()
    {
        var reported = new List<(string Method, string Error)>();
        var options = new ExpressionOptions(CustomTypes: [typeof(TestUtils)], CustomCallFailed: (method, error) => reported.Add((method.Name, error.GetType().Name)));
        Func<TestCustomer, object?, bool> Compile(string text)
        {
            var result = RuleExpressionBinder.Bind(text, [Input1, Json], options);
            Assert.True(result.Success, string.Join("; ", result.Diagnostics));
            var json = Expression.Parameter(typeof(object), "json");
            var body = Expression.Invoke(Expression.Lambda(result.Body!, Input1, Json), Input1, Expression.Convert(json, Json.Type));
            return Expression.Lambda<Func<TestCustomer, object?, bool>>(body, Input1, json).Compile();
        }

        Assert.True(Compile("TestUtils.Checked(input1.Orders) == 7")(Customer, JsonInput.Value));
        Assert.True(Compile("TestUtils.Careful(\"x\" + input1.Name) == 0")(Customer, JsonInput.Value));
        Assert.Empty(reported);

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => Compile("TestUtils.Checked(-input1.Orders) == 7")(Customer, JsonInput.Value));

        Assert.Equal([("Checked", nameof(ArgumentOutOfRangeException))], reported);
        Assert.Contains("negative", thrown.Message);
    }

    [Theory]
    [InlineData("input1.TotalSpend >= 100000", true)]
    [InlineData("input1.totalspend > 200000", false)]
    [InlineData("input1.Orders = 7 and input1.Name == \"Ada\"", true)]
    [InlineData("input1.Orders <> 7 OR input1.Name != \"Bob\"", true)]
    [InlineData("not (input1.Orders > 3)", false)]
    [InlineData("!(input1.Orders > 3) || input1.Orders % 2 == 1", true)]
    [InlineData("input1.Orders mod 4 == 3", true)]
    [InlineData("input1.ReferrerId == null", true)]
    [InlineData("input1.Name.StartsWith(\"A\") && input1.Name.Length == 3", true)]
    [InlineData("input2.country == \"india\" AND input2.loyaltyFactor <= 2", true)]
    [InlineData("input2.totalPurchasesToDate >= 5000", true)]
    [InlineData("input2.missing == null", true)]
    [InlineData("input1.Orders > 5 ? true : false", true)]
    [InlineData("input1.TotalSpend * 2m > 200000.5m", true)]
    [InlineData("input1.Orders + 1L == 8", true)]
    [InlineData("input1.Name in (\"Bob\", \"Ada\")", true)]
    [InlineData("input2.country in (\"us\", \"ca\")", false)]
    [InlineData("iif(input1.Orders > 5, input1.Orders, 0) == 7", true)]
    [InlineData("(input1.Orders >= 18 ? input1.TotalSpend : 0) > 60", false)]
    [InlineData("np(input1.Name.Length, 0) == 3", true)]
    [InlineData("0x10 == 16 && 1e3 == 1000 && 7 / 2 == 3 && 7 / 2.0 == 3.5", true)]
    [InlineData("0.1m + 0.2m == 0.3m && 0.1 + 0.2 != 0.3", true)]
    [InlineData("int(input2.totalPurchasesToDate) == 5000", true)]
    [InlineData("Convert.ToDecimal(input2.totalPurchasesToDate) + 0.5m == 5001m", true)]
    [InlineData("decimal(input1.Orders) * 3 == 21m", true)]
    [InlineData("Math.Round(input1.TotalSpend / 7m, 2) == 17142.86m", true)]
    [InlineData("Math.Abs(-5) == 5", true)]
    [InlineData("Math.Round(input2.totalPurchasesToDate, 0) == 5000", true)]
    [InlineData("input1.Name.Substring(0, 1) == \"A\" && input1.Name[0] == 'A'", true)]
    [InlineData("input1.History.Any(o => o.Amount > 200m)", true)]
    [InlineData("input1.History.All(Amount > 5m)", true)]
    [InlineData("input1.History.Count(o => o.Channel == \"web\") == 2", true)]
    [InlineData("input1.History.Where(Channel == \"web\").Sum(o => o.Amount) == 50m", true)]
    [InlineData("input1.History.Max(it.Amount) == 250m && input1.History.Min(o => o.Amount) == 10m", true)]
    [InlineData("input1.History.Select(o => o.Channel).Distinct().Count() == 2", true)]
    [InlineData("input1.History.OrderByDescending(o => o.Amount).First().Channel == \"store\"", true)]
    [InlineData("input1.History[1].Amount == 250m && input1.Tags[0] == \"gold\"", true)]
    [InlineData("input1.Tags.Contains(\"early\")", true)]
    [InlineData("input2.items[1] == 4", true)]
    [InlineData("input1.Tags.Length == 2 && input1.History.Count == 3", true)]
    [InlineData("input1.JoinedAt > \"2024-01-01\" && input1.JoinedAt.Year == 2024", true)]
    [InlineData("input1.JoinedAt == DateTime(2024, 3, 15) && input1.JoinedAt < DateTime.Parse(\"2024-03-16\")", true)]
    [InlineData("input1.JoinedAt + TimeSpan.FromDays(1) == DateTime(2024, 3, 16)", true)]
    [InlineData("(DateTime(2024, 3, 20) - input1.JoinedAt).TotalDays == 5", true)]
    [InlineData("input1.PreferredDay == \"friday\"", true)]
    [InlineData("string.IsNullOrEmpty(input1.Name) || string.IsNullOrWhiteSpace(\" \")", true)]
    [InlineData("input1.Name.Equals(\"ADA\", StringComparison.OrdinalIgnoreCase) && input1.Name != \"ADA\"", true)]
    [InlineData("input1.Name.ToUpper().Replace(\"A\", \"o\").Substring(1) == \"Do\"", true)]
    [InlineData("TestUtils.CheckContains(input1.Name, \"Bob,Ada\")", true)]
    [InlineData("input2.loyaltyFactor * input2.totalPurchasesToDate == 10001", true)]
    public void Evaluates_boolean_expressions(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Fact]
    public void Concatenates_strings_and_coalesces_nulls()
    {
        Assert.Equal("Ada-7", Evaluate("input1.Name + \"-\" + input1.Orders"));
        Assert.Equal(5L, Evaluate("input1.ReferrerId ?? 5L"));
        Assert.Equal("a\"b\n", Evaluate("\"a\\\"b\\n\""));
    }

    [Theory]
    [InlineData("input1.Nope > 1", 8, 4, "No property or field 'Nope' exists in type 'TestCustomer'")]
    [InlineData("input1.Name > 1", 1, 15, "Method 'Compare' not found on type 'System.String' or 'System.Int32'")]
    [InlineData("input1.Orders == input1.Name", 15, 1, "Operator '==' incompatible with operand types 'Int32' and 'String'")]
    [InlineData("input1.Name != 'Bob'", 16, 1, "Character literal must contain exactly one character")]
    [InlineData("np(input1.Orders + 1)", 1, 2, "The 'np' (null-propagation) function requires the first argument to be a MemberExpression, ParameterExpression or MethodCallExpression")]
    [InlineData("input1.Orders >", 16, 1, "Expression expected")]
    [InlineData("input3.X == 1", 1, 6, "Unknown identifier 'input3'")]
    [InlineData("input1.Orders == 1 )", 20, 1, "Syntax error")]
    [InlineData("\"abc", 5, 1, "Unterminated string literal")]
    public void Reports_diagnostics_with_columns(string text, int column, int length, string message)
    {
        var result = RuleExpressionBinder.Bind(text, [Input1, Json], new ExpressionOptions());
        Assert.False(result.Success);
        Assert.Equal(new ExpressionDiagnostic(column, length, message), Assert.Single(result.Diagnostics));
    }

    [Fact]
    public void Case_sensitive_option_rejects_wrong_case()
    {
        var result = RuleExpressionBinder.Bind("Input1.Orders > 1", [Input1], new ExpressionOptions(CaseSensitive: true));
        Assert.Equal("Type 'Input1' not found", Assert.Single(result.Diagnostics).Message);
    }

    [Theory]
    [InlineData("input1.Name.GetType() == null")]
    [InlineData("input1.Orders.GetType() == null")]
    [InlineData("Environment.Exit(1)")]
    [InlineData("input1.GetType().Assembly.FullName != null")]
    [InlineData("input1.History.Remove(input1.History[0])")]
    [InlineData("input1.Tags.SetValue(\"x\", 0) == null")]
    [InlineData("input1.PreferredDay.GetType() == null")]
    [InlineData("input1.History.Count.GetType() == null")]
    [InlineData("Convert.ChangeType(input1.Name, null) == null")]
    [InlineData("System.IO.File.Exists(\"/etc/passwd\")")]
    [InlineData("Activator.CreateInstance(input1.Name)")]
    public void Sandbox_rejects_reflection_and_system_types(string text)
    {
        var result = RuleExpressionBinder.Bind(text, [Input1], new ExpressionOptions());
        Assert.False(result.Success);
    }

    [Fact]
    public void Explain_records_member_reads_and_comparisons()
    {
        var bound = RuleExpressionBinder.Bind("input1.TotalSpend >= 100000 && input1.Orders > 100", [Input1], new ExpressionOptions());
        var recorderParam = Expression.Parameter(typeof(ExplainRecorder), "recorder");
        var body = ExplainInstrumenter.Instrument(bound.Body!, recorderParam);
        var fn = Expression.Lambda<Func<TestCustomer, ExplainRecorder, bool>>(body, Input1, recorderParam).Compile();
        var recorder = new ExplainRecorder();

        Assert.False(fn(Customer, recorder));

        var values = recorder.Steps.Select(s => s.Value).ToList();
        Assert.Contains(120000m, values);
        Assert.Contains(7, values);
        Assert.Equal(false, recorder.Steps[^1].Value);
        Assert.Contains(recorder.Steps, s => s.ExpressionText.Contains("TotalSpend", StringComparison.Ordinal) && Equals(s.Value, true));
    }
}
