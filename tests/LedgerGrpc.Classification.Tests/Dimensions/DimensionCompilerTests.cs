using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Dimensions;

public sealed class DimensionCompilerTests
{
    [Fact]
    public void Reports_every_problem_with_the_rule_path_and_expression_column()
    {
        const string json = """
            { "WorkflowName": "w", "ClassificationMode": "Sometimes", "Rules": [
              { "RuleName": "A", "Expression": "customer.TotalSpnd > 1" },
              { "RuleName": "A", "Expression": "customer.TotalSpend >" },
              { "RuleName": "C", "Expression": "customer.Name" },
              { "RuleName": "D", "Operator": "Xor", "Rules": [ { "RuleName": "E", "Expression": "true" } ] }
            ] }
            """;

        var (dimension, diagnostics) = DimensionCompiler.Compile(json, 1);

        Assert.Null(dimension);
        Assert.Contains(diagnostics, d => d.Message.Contains("Sometimes", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.RulePath == "w/A" && d.Message.Contains("TotalSpnd", StringComparison.Ordinal) && d.ExpressionColumn == 10);
        Assert.Contains(diagnostics, d => d.RulePath == "w/A" && d.Message.Contains("more than once", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.RulePath == "w/C" && d.Message.Contains("String", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.RulePath == "w/D" && d.Message.Contains("Xor", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_errors_carry_line_and_column()
    {
        var (_, diagnostics) = DimensionCompiler.Compile("{\n  \"WorkflowName\": \"w\",\n  \"Rules\": [ }", 1);
        var d = Assert.Single(diagnostics);
        Assert.Equal(3, d.Line);
        Assert.True(d.Column > 1);
    }

    [Fact]
    public void Multi_match_gives_every_tag_and_nested_rules_follow_their_operator()
    {
        const string json = """
            { "WorkflowName": "tags", "ClassificationMode": "MultiMatch", "Rules": [
              { "RuleName": "Big", "SuccessEvent": "big", "Expression": "input1.TotalSpend > 100" },
              { "RuleName": "EastOrVip", "SuccessEvent": "east_or_vip", "Operator": "OrElse", "Rules": [
                  { "RuleName": "East", "Expression": "customer.Region.StartsWith(\"East\")" },
                  { "RuleName": "Vip", "Expression": "customer.Tags.Contains(\"vip\")" } ] },
              { "RuleName": "Off", "Enabled": false, "Expression": "true" }
            ] }
            """;
        var (dimension, diagnostics) = DimensionCompiler.Compile(json, 3);
        Assert.Empty(diagnostics);

        var matches = new List<SegmentMatch>();
        dimension!.Classify(new CustomerFeatures { TotalSpend = 500, Region = "West", Tags = ["vip"] }, matches);

        Assert.Equal([new SegmentMatch("big", "Big"), new SegmentMatch("east_or_vip", "EastOrVip")], matches);
    }

    [Fact]
    public void A_rule_that_throws_fails_and_explain_shows_the_error_and_values_read()
    {
        const string json = """
            { "WorkflowName": "w", "DefaultSegment": "none", "Rules": [
              { "RuleName": "Ratio", "SuccessEvent": "r", "Expression": "customer.Attributes[\"missing\"] == \"x\"" },
              { "RuleName": "Rich", "SuccessEvent": "rich", "Expression": "customer.TotalSpend >= 100000" }
            ] }
            """;
        var dimension = DimensionCompiler.Compile(json, 1).Dimension!;
        var features = new CustomerFeatures { TotalSpend = 120000 };

        Assert.Equal(new SegmentMatch("rich", "Rich"), dimension.ClassifyFirst(features));
        var traces = dimension.Explain(features);
        Assert.False(traces[0].Success);
        Assert.StartsWith("Error while executing rule : Ratio - ", traces[0].Error, StringComparison.Ordinal);
        Assert.True(traces[1].Success);
        Assert.Contains(traces[1].Steps, s => s.Contains("TotalSpend = 120000", StringComparison.Ordinal));
    }
}
