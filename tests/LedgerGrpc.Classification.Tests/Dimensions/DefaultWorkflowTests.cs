using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Dimensions;

public sealed class DefaultWorkflowTests
{
    private static readonly Dictionary<string, CompiledDimension> Dimensions = DefaultWorkflows.Load()
        .Select(w => DimensionCompiler.Compile(w.Json, 1).Dimension!)
        .ToDictionary(d => d.Name);

    [Fact]
    public void Every_default_workflow_compiles_without_diagnostics()
    {
        foreach (var (name, json) in DefaultWorkflows.Load())
        {
            var (dimension, diagnostics) = DimensionCompiler.Compile(json, 1);
            Assert.True(dimension is not null, $"{name}: {string.Join("; ", diagnostics)}");
            Assert.Empty(diagnostics);
            Assert.Equal(name, dimension.Name);
        }

        Assert.Equal(
            ["credit", "industry", "lifecycle", "order_size", "purchase_frequency", "receivables_status", "region", "size", "value_tier"],
            Dimensions.Keys.Order());
    }

    [Theory]
    [InlineData(0, "low_value")]
    [InlineData(20_000, "medium_value")]
    [InlineData(120_000, "high_value")]
    public void Value_tier_follows_total_spend(decimal spend, string expected)
    {
        var f = new CustomerFeatures { TotalSpend = spend, HasPurchased = spend > 0 };
        Assert.Equal(expected, Dimensions["value_tier"].ClassifyFirst(f).Segment);
    }

    [Fact]
    public void Value_tier_uses_the_spend_percentile_kept_by_the_sweep()
    {
        var f = new CustomerFeatures { TotalSpend = 500, HasPurchased = true, SpendPercentile = 85 };
        Assert.Equal(new SegmentMatch("high_value", "HighValue"), Dimensions["value_tier"].ClassifyFirst(f));
    }

    [Theory]
    [InlineData(false, null, null, 0, "potential")]
    [InlineData(true, 10, 10, 1, "new")]
    [InlineData(true, 400, 800, 5, "churned")]
    [InlineData(true, 100, 700, 5, "silent")]
    [InlineData(true, 100, 700, 5, "active", 60.0)]
    [InlineData(true, 5, 700, 12, "loyal")]
    [InlineData(true, 5, 300, 3, "active")]
    public void Lifecycle_stages_relative_to_the_customers_rhythm(bool purchased, int? sinceLast, int? sinceFirst, int orders, string expected, double? medianGap = null)
    {
        var f = new CustomerFeatures
        {
            HasPurchased = purchased, DaysSinceLastPurchase = sinceLast, DaysSinceFirstPurchase = sinceFirst,
            OrderCount = orders, AccountAgeDays = sinceFirst ?? 30, MedianDaysBetweenOrders = medianGap,
        };
        Assert.Equal(expected, Dimensions["lifecycle"].ClassifyFirst(f).Segment);
    }

    [Fact]
    public void Receivables_and_credit_react_to_overdue_and_bad_debt()
    {
        var overdue = new CustomerFeatures { Overdue = 10, OldestOverdueDays = 75 };
        var bad = new CustomerFeatures { IsBadDebt = true };
        var good = new CustomerFeatures { PaidInvoiceCount = 10, LatePaidInvoiceCount = 1, CreditUtilisation = 0.2m };

        Assert.Equal("overdue", Dimensions["receivables_status"].ClassifyFirst(overdue).Segment);
        Assert.Equal("bad_debt", Dimensions["receivables_status"].ClassifyFirst(bad).Segment);
        Assert.Equal("normal", Dimensions["receivables_status"].ClassifyFirst(good).Segment);
        Assert.Equal("low_credit", Dimensions["credit"].ClassifyFirst(overdue).Segment);
        Assert.Equal("high_credit", Dimensions["credit"].ClassifyFirst(good).Segment);
        Assert.Equal("medium_credit", Dimensions["credit"].ClassifyFirst(new CustomerFeatures()).Segment);
    }

    [Fact]
    public void Attribute_dimensions_use_the_attribute_value_as_segment()
    {
        Assert.Equal(new SegmentMatch("Manufacturing", "ByIndustry"), Dimensions["industry"].ClassifyFirst(new CustomerFeatures { Industry = "Manufacturing" }));
        Assert.Equal(new SegmentMatch("unknown", ""), Dimensions["industry"].ClassifyFirst(new CustomerFeatures { Industry = " " }));
    }

    [Fact]
    public void Order_size_by_average_order_value()
    {
        Assert.Equal("no_orders", Dimensions["order_size"].ClassifyFirst(new CustomerFeatures()).Segment);
        Assert.Equal("small_orders", Dimensions["order_size"].ClassifyFirst(new CustomerFeatures { HasPurchased = true, AvgOrderValue = 100 }).Segment);
        Assert.Equal("large_orders", Dimensions["order_size"].ClassifyFirst(new CustomerFeatures { HasPurchased = true, AvgOrderValue = 25_000 }).Segment);
    }
}
