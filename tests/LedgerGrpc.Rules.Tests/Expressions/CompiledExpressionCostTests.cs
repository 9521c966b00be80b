using System.Linq.Expressions;
using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Rules.Tests.Expressions;

public sealed class CompiledExpressionCostTests
{
    [Fact]
    public void Typed_inputs_evaluate_without_allocating()
    {
        var input = Expression.Parameter(typeof(TestCustomer), "input1");
        var bound = RuleExpressionBinder.Bind(
            "input1.TotalSpend >= 100000 && input1.Name == \"Ada\" && input1.Orders in (5, 7) && input1.ReferrerId == null && input1.Name.StartsWith(\"A\")",
            [input],
            new ExpressionOptions());
        var fn = Expression.Lambda<Func<TestCustomer, bool>>(bound.Body!, input).Compile();
        var customer = new TestCustomer { Name = "Ada", TotalSpend = 120000m, Orders = 7 };
        Assert.True(fn(customer));
        Assert.Equal(1000, Enumerable.Range(0, 1000).Count(_ => fn(customer))); // warm-up: one-off runtime allocations are not per call

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 1000; i++)
        {
            hits += fn(customer) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, hits);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("")]
    [InlineData("((((")]
    [InlineData("input1..Name")]
    [InlineData("input1.Name.")]
    [InlineData("input1.History.Any(o => )")]
    [InlineData("input1.History.Sum(o => o.Channel) > 1")]
    [InlineData("1 ? 2 : 3")]
    [InlineData("\"a\" - 1")]
    [InlineData("-\"a\"")]
    [InlineData("input1.Name in ()")]
    [InlineData("DateTime(\"x\")")]
    [InlineData("0xZZ")]
    [InlineData("input1.Tags[\"a\"]")]
    public void Malformed_expressions_come_back_as_diagnostics(string text)
    {
        var input = Expression.Parameter(typeof(TestCustomer), "input1");
        var result = RuleExpressionBinder.Bind(text, [input], new ExpressionOptions());
        Assert.False(result.Success);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.InRange(diagnostic.Column, 1, Math.Max(text.Length, 0) + 1);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
    }
}
