using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Dimensions;

/// <summary>Dimensions are plain RulesEngine workflows: what the rules engine accepts (scoped params, nested rules,
/// disabled rules, any-case names) classifies the same way.</summary>
public sealed class RulesEngineFormatTests
{
    private static CompiledDimension Compile(string json)
    {
        var (dimension, diagnostics) = DimensionCompiler.Compile(json, 1);
        Assert.True(dimension is not null, string.Join("; ", diagnostics));
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        return dimension;
    }

    [Fact]
    public void Global_and_local_params_classify_and_name_the_segment()
    {
        var dimension = Compile("""
            { "WorkflowName": "basket", "DefaultSegment": "none",
              "GlobalParams": [ { "Name": "perOrder", "Expression": "customer.OrderCount == 0 ? 0m : customer.TotalSpend / customer.OrderCount" } ],
              "Rules": [
                { "RuleName": "Big", "SuccessEvent": "big_basket",
                  "LocalParams": [ { "Name": "limit", "Expression": "1000m" }, { "Name": "twice", "Expression": "limit * 2" } ],
                  "Expression": "perOrder >= twice" },
                { "RuleName": "ByRegion", "LocalParams": [ { "Name": "label", "Expression": "input1.Region + \"_\" + (perOrder > 100 ? \"mid\" : \"small\")" } ],
                  "Expression": "customer.OrderCount > 0",
                  "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "label" } } } }
              ] }
            """);

        Assert.Equal(new SegmentMatch("big_basket", "Big"), dimension.ClassifyFirst(new CustomerFeatures { OrderCount = 2, TotalSpend = 5000 }));
        Assert.Equal(new SegmentMatch("East_mid", "ByRegion"), dimension.ClassifyFirst(new CustomerFeatures { OrderCount = 2, TotalSpend = 500, Region = "East" }));
        Assert.Equal(new SegmentMatch("West_small", "ByRegion"), dimension.ClassifyFirst(new CustomerFeatures { OrderCount = 5, TotalSpend = 50, Region = "West" }));
        Assert.Equal(new SegmentMatch("none", ""), dimension.ClassifyFirst(new CustomerFeatures()));
    }

    [Fact]
    public void Nested_rules_follow_Or_and_And_and_a_failing_child_param_fails_only_that_child()
    {
        var dimension = Compile("""
            { "WorkflowName": "w", "ClassificationMode": "MultiMatch", "Rules": [
              { "RuleName": "EastOrVip", "SuccessEvent": "east_or_vip", "Operator": "Or", "Rules": [
                  { "RuleName": "Missing", "LocalParams": [ { "Name": "x", "Expression": "customer.Attributes[\"missing\"]" } ], "Expression": "x == \"y\"" },
                  { "RuleName": "East", "Expression": "customer.Region == \"East\"" },
                  { "RuleName": "Vip", "Expression": "customer.Tags.Contains(\"vip\")" } ] },
              { "RuleName": "BigAndLoyal", "SuccessEvent": "big_loyal", "Operator": "AndAlso", "Rules": [
                  { "RuleName": "Big", "Expression": "customer.TotalSpend > 100" },
                  { "RuleName": "Loyal", "Expression": "customer.OrderCount >= 10" } ] }
            ] }
            """);

        Assert.Equal(["east_or_vip"], Segments(dimension, new CustomerFeatures { Tags = ["vip"], TotalSpend = 500, OrderCount = 2 }));
        Assert.Equal(["east_or_vip", "big_loyal"], Segments(dimension, new CustomerFeatures { Region = "East", TotalSpend = 500, OrderCount = 12 }));
        Assert.Empty(Segments(dimension, new CustomerFeatures { Region = "West", TotalSpend = 500 }));

        var trace = dimension.Explain(new CustomerFeatures { Region = "East" })[0];
        Assert.True(trace.Success);
        Assert.Equal("Or of 3 rules", trace.Expression);
        Assert.Equal([false, true, false], trace.Children.Select(c => c.Success));
        Assert.StartsWith("Error while executing scoped params for rule `Missing`", trace.Children[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_rules_are_skipped_at_every_level()
    {
        var dimension = Compile("""
            { "WorkflowName": "w", "DefaultSegment": "other", "Rules": [
              { "RuleName": "Off", "Enabled": false, "SuccessEvent": "never", "Expression": "customer.NoSuchFeature > 1" },
              { "RuleName": "Both", "Operator": "And", "Rules": [
                  { "RuleName": "Rich", "Expression": "customer.TotalSpend > 100" },
                  { "RuleName": "AlsoOff", "Enabled": false, "Expression": "false" } ] }
            ] }
            """);

        Assert.Equal(new SegmentMatch("Both", "Both"), dimension.ClassifyFirst(new CustomerFeatures { TotalSpend = 500 }));
        Assert.Equal(new SegmentMatch("other", ""), dimension.ClassifyFirst(new CustomerFeatures()));
        var trace = Assert.Single(dimension.Explain(new CustomerFeatures { TotalSpend = 500 }));
        Assert.Equal("Both", trace.RuleName);
        Assert.Equal(["Rich"], trace.Children.Select(c => c.RuleName));
        Assert.DoesNotContain("never", dimension.Definition.StaticSegments);

        // RulesEngine never compiles a disabled rule, so its errors are only warnings.
        var warning = Assert.Single(DimensionCompiler.Compile(dimension.Json, 1).Diagnostics);
        Assert.False(warning.IsError);
        Assert.Equal("w/Off", warning.RulePath);
    }

    [Fact]
    public void Explanations_show_the_scoped_params_a_rule_reads()
    {
        var dimension = Compile("""
            { "WorkflowName": "w", "GlobalParams": [ { "Name": "spend", "Expression": "customer.TotalSpend" } ],
              "Rules": [ { "RuleName": "Vip", "LocalParams": [ { "Name": "isVip", "Expression": "customer.Tags.Contains(\"vip\")" } ],
                           "Expression": "isVip || spend >= 1000" } ] }
            """);

        var trace = Assert.Single(dimension.Explain(new CustomerFeatures { TotalSpend = 1500 }));

        Assert.True(trace.Success);
        Assert.Contains("isVip = false", trace.Steps);
        Assert.Contains("spend = 1500", trace.Steps);
        Assert.Contains(trace.Steps, s => s.StartsWith("spend = 1500 ≥ 1000", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_are_case_insensitive_like_RulesEngine()
    {
        var dimension = Compile("""
            { "workflowName": "w", "classificationMode": "multimatch", "rules": [
              { "ruleName": "Rich", "successEvent": "rich", "expression": "Customer.totalspend > 100 && INPUT1.OrderCount > 0" } ] }
            """);

        Assert.Equal(ClassificationMode.MultiMatch, dimension.Mode);
        Assert.Equal(["rich"], Segments(dimension, new CustomerFeatures { TotalSpend = 500, OrderCount = 1 }));
    }

    [Fact]
    public void A_throwing_local_param_fails_its_rule_and_the_next_one_decides()
    {
        var dimension = Compile("""
            { "WorkflowName": "w", "Rules": [
              { "RuleName": "Attr", "LocalParams": [ { "Name": "tier", "Expression": "customer.Attributes[\"tier\"]" } ], "Expression": "tier == \"gold\"" },
              { "RuleName": "Any", "Expression": "true" } ] }
            """);

        Assert.Equal(new SegmentMatch("Any", "Any"), dimension.ClassifyFirst(new CustomerFeatures()));
        var gold = new CustomerFeatures();
        gold.Attributes["tier"] = "gold";
        Assert.Equal(new SegmentMatch("Attr", "Attr"), dimension.ClassifyFirst(gold));
    }

    [Fact]
    public void Scoped_param_problems_are_reported_with_their_place()
    {
        var (dimension, diagnostics) = DimensionCompiler.Compile("""
            { "WorkflowName": "w", "GlobalParams": [ { "Name": "customer", "Expression": "1" } ], "Rules": [
              { "RuleName": "A", "LocalParams": [ { "Name": "x", "Expression": "customer.Nope" } ], "Expression": "x > 1" } ] }
            """, 1);

        Assert.Null(dimension);
        Assert.Contains(diagnostics, d => d.RulePath == "w/GlobalParams[customer]" && d.Message.Contains("input name", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.RulePath == "w/A/LocalParams[x]" && d.Message.Contains("Nope", StringComparison.Ordinal) && d.Line == 2 && d.ExpressionColumn > 0);
    }

    private static List<string> Segments(CompiledDimension dimension, CustomerFeatures features)
    {
        var matches = new List<SegmentMatch>();
        dimension.Classify(features, matches);
        return [.. matches.Select(m => m.Segment)];
    }
}
