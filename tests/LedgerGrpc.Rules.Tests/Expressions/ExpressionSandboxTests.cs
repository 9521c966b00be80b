using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Expressions;

/// <summary>The sandbox over the parsed tree (issue 13 §2): stricter than RulesEngine where RulesEngine lets an
/// expression reach the process (it evaluates <c>input1.GetType().Assembly</c>), unchanged elsewhere.</summary>
public sealed class ExpressionSandboxTests
{
    private static RuleResultTree Run(string expression, WorkflowSettings? settings = null)
    {
        var workflow = new Workflow { WorkflowName = "W", Rules = [new Rule { RuleName = "R", Expression = expression }] };
        return new WorkflowEngine(settings, workflow).ExecuteAllRules("W", new RuleParameter("input1", new LanguageCustomer()))[0];
    }

    [Theory]
    [InlineData("input1.GetType().Assembly.FullName != null")]
    [InlineData("input1.Name.GetType().Name == \"String\"")]
    [InlineData("input1.History.GetType() != null")]
    [InlineData("input1.Tags.SetValue(\"x\", 0) == null")]
    [InlineData("input1.History.Remove(1)")]
    [InlineData("input1.Tags.Clone() != null")]
    [InlineData("Environment.ProcessorCount > 0")]
    [InlineData("AppDomain.CurrentDomain != null")]
    [InlineData("System.IO.File.Exists(\"/etc/passwd\")")]
    [InlineData("Activator.CreateInstance(\"System.Object\") != null")]
    [InlineData("Type.GetType(\"System.IO.File\") != null")]
    [InlineData("Convert.ChangeType(input1.Name, null) == null")]
    public void Refuses_reflection_process_and_mutation(string expression)
    {
        var result = Run(expression);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("Exception while parsing expression", result.ExceptionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_what_it_refused()
    {
        var result = Run("input1.GetType().Assembly.FullName != null");

        Assert.Contains("'System.Object.GetType()' is not allowed in rule expressions", result.ExceptionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DateTime_Now_reads_the_hosts_clock()
    {
        var settings = new WorkflowSettings { Clock = new FixedClock(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero)) };

        Assert.True(Run("DateTime.UtcNow == DateTime(2031, 5, 6, 7, 8, 9) && DateTime.Now.Year == 2031 && DateTime.Today.Day == 6", settings).IsSuccess);
        Assert.True(Run("DateTimeOffset.UtcNow.Year == 2031", settings).IsSuccess);
    }

    [Fact]
    public void Registered_helper_types_are_callable_and_ExpressionUtils_is_always_there()
    {
        var settings = new WorkflowSettings { CustomTypes = [typeof(TestUtils)] };

        Assert.True(Run("TestUtils.CheckContains(input1.Name, \"Bob,Alice\")", settings).IsSuccess);
        Assert.True(Run("ExpressionUtils.CheckContains(input1.Name, \"Bob,Alice\")").IsSuccess);
        Assert.False(Run("TestUtils.CheckContains(input1.Name, \"Bob,Alice\")").IsSuccess);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
