using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Dimensions;

public sealed class CompiledDimensionTests
{
    private static readonly CompiledDimension[] Defaults = [.. DefaultWorkflows.Load().Select(w => DimensionCompiler.Compile(w.Json, 1).Dimension!)];

    private static IEnumerable<CustomerFeatures> Customers(int count)
    {
        var random = new Random(7);
        string[] regions = ["East", "West", "", " "];
        for (var i = 0; i < count; i++)
        {
            var orders = random.Next(0, 30);
            yield return new CustomerFeatures
            {
                HasPurchased = orders > 0, OrderCount = orders, TotalSpend = random.Next(0, 200_000), AvgOrderValue = random.Next(0, 30_000),
                DaysSinceLastPurchase = orders > 0 ? random.Next(0, 900) : null, DaysSinceFirstPurchase = orders > 0 ? random.Next(0, 1500) : null,
                MedianDaysBetweenOrders = orders > 1 ? random.Next(1, 200) : null, AccountAgeDays = random.Next(0, 2000),
                Overdue = random.Next(0, 3) * 1000, OldestOverdueDays = random.Next(0, 200), IsBadDebt = random.Next(0, 20) == 0,
                PaidInvoiceCount = random.Next(0, 20), LatePaidInvoiceCount = random.Next(0, 5), CreditUtilisation = random.Next(0, 120) / 100m,
                SpendPercentile = random.Next(0, 100), Region = regions[i % regions.Length], Industry = regions[(i + 1) % regions.Length],
                Size = regions[(i + 2) % regions.Length],
            };
        }
    }

    [Fact]
    public void The_fast_path_agrees_with_the_explanation_on_every_default_dimension()
    {
        foreach (var features in Customers(300))
        {
            foreach (var dimension in Defaults)
            {
                var first = dimension.ClassifyFirst(features);
                var decided = dimension.Explain(features).FirstOrDefault(t => t.Success);
                Assert.Equal(decided?.RuleName ?? "", first.Rule);
            }
        }
    }

    [Fact]
    public void Classifying_allocates_nothing()
    {
        var customers = Customers(50).ToArray();
        var matches = new List<SegmentMatch>(4);
        foreach (var dimension in Defaults)
        {
            dimension.Classify(customers[0], matches);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var features in customers)
        {
            foreach (var dimension in Defaults)
            {
                matches.Clear();
                dimension.Classify(features, matches);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
