using LedgerGrpc.Classification.Dimensions;

namespace LedgerGrpc.Classification.Tests.Dimensions;

public sealed class WorkflowNamesTests
{
    [Theory]
    [InlineData("value_tier")]
    [InlineData("Region-2")]
    [InlineData("a")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234")]
    public void Accepts_letters_digits_underscore_and_dash(string name) => Assert.Null(WorkflowNames.Problem(name));

    [Theory]
    [InlineData("../../etc/x")]
    [InlineData("x'; DROP TABLE customers;--")]
    [InlineData("with space")]
    [InlineData("名字")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij12345")]
    public void Refuses_anything_else_with_the_pattern_in_the_message(string name) =>
        Assert.Contains("letters, digits, '_' or '-'", WorkflowNames.Problem(name), StringComparison.Ordinal);

    [Fact]
    public void A_dimension_with_a_bad_name_does_not_compile()
    {
        var (dimension, diagnostics) = DimensionCompiler.Compile("""{ "WorkflowName": "../../etc/x", "Rules": [ { "RuleName": "R", "Expression": "customer.OrderCount > 1" } ] }""", 0);

        Assert.Null(dimension);
        Assert.Contains(diagnostics, d => d.IsError && d.Message.Contains("not allowed", StringComparison.Ordinal));
    }
}
