using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>The three sample plugins, loaded from their real builds, against facts computed independently here.</summary>
public sealed class SamplePluginTests
{
    [Fact]
    public async Task Abc_puts_the_customers_making_the_top_80_percent_of_revenue_in_A_and_the_next_15_percent_in_B()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.Abc);
        var customers = bed.Active.Select(e => (Spend: e.Features.TotalSpend, Segment: bed.Segment(e.CustomerId, "abc"))).ToList();
        var revenue = customers.Where(c => c.Spend > 0).Sum(c => c.Spend);
        var ranked = customers.OrderByDescending(c => c.Spend).ToList();

        // Walking from the biggest spender: everyone who starts before 80% of revenue is A, before 95% B, the rest C.
        decimal running = 0;
        foreach (var c in ranked)
        {
            var expected = c.Spend <= 0 ? "C" : running < 0.80m * revenue ? "A" : running < 0.95m * revenue ? "B" : "C";
            // Ties at a threshold spend share the better class.
            if (expected != c.Segment) Assert.Contains(ranked, o => o.Spend == c.Spend && o.Segment == c.Segment && o != c);
            running += Math.Max(0, c.Spend);
        }

        Assert.Contains(customers, c => c.Segment == "A");
        Assert.Contains(customers, c => c.Segment == "B");
        Assert.Contains(customers, c => c.Segment == "C");
        Assert.True(customers.Where(c => c.Segment == "A").Sum(c => c.Spend) >= 0.80m * revenue);
    }

    [Fact]
    public async Task Churn_risk_compares_days_since_the_last_purchase_with_the_customers_own_interval()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.ChurnRisk);

        foreach (var e in bed.Active)
        {
            var f = e.Features;
            var expected = f.MedianDaysBetweenOrders is not { } interval || f.DaysSinceLastPurchase is not { } days
                ? "unknown"
                : (days / Math.Max(1.0, interval)) switch { <= 1.5 => "low", <= 3.0 => "medium", _ => "high" };
            Assert.Equal(expected, bed.Segment(e.CustomerId, "churn_risk"));
        }

        Assert.True(bed.Active.Select(e => bed.Segment(e.CustomerId, "churn_risk")).Distinct().Count() >= 3);
    }

    [Fact]
    public async Task Rfm_scores_quintiles_over_the_buying_population_and_names_the_segment()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.Rfm);
        var buyers = bed.Active.Select(e => e.Features).Where(f => f.HasPurchased && f.DaysSinceLastPurchase is not null).ToList();
        int Quintile(int atOrBelow) => Math.Clamp((int)Math.Ceiling(5.0 * atOrBelow / buyers.Count), 1, 5);

        foreach (var e in bed.Active)
        {
            var f = e.Features;
            var segment = bed.Segment(e.CustomerId, "rfm");
            if (!f.HasPurchased || f.DaysSinceLastPurchase is not { } days)
            {
                Assert.Equal("no_purchases", segment);
                continue;
            }

            var r = Quintile(buyers.Count(b => b.DaysSinceLastPurchase >= days));
            var fq = Quintile(buyers.Count(b => b.OrderCount < f.OrderCount) + 1);
            var m = Quintile(buyers.Count(b => b.TotalSpend < f.TotalSpend) + 1);
            Assert.Equal(ExpectedRfm(r, (fq + m + 1) / 2), segment);
        }

        Assert.True(bed.Active.Select(e => bed.Segment(e.CustomerId, "rfm")).Distinct().Count() >= 5);
        // Explain shows the plugin's reason with the scores.
        var sample = bed.Active.First(e => e.Features.HasPurchased);
        var trace = bed.Engine.GetDimension("rfm").Explain(sample.Features).Single();
        Assert.True(trace.Success);
        Assert.Matches(@"^\w+: R[1-5] F[1-5] M[1-5]: last bought \d+ days ago", trace.Steps.Single());
        Assert.Equal("Rfm 1.0.0.0", trace.RuleName);
    }

    // The RFM grid written out as a table (recency score rows, frequency-monetary score columns).
    private static string ExpectedRfm(int r, int fm) => new[,]
    {
        { "lost", "hibernating", "at_risk", "at_risk", "cant_lose" },
        { "hibernating", "hibernating", "at_risk", "at_risk", "at_risk" },
        { "about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal" },
        { "promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal" },
        { "new", "potential_loyalist", "potential_loyalist", "champions", "champions" },
    }[r - 1, fm - 1];

    [Fact]
    public async Task The_three_samples_load_together_with_their_declared_segments_and_count_their_calls()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.Rfm, PluginBuilds.Abc, PluginBuilds.ChurnRisk);

        var list = bed.Host.List();
        Assert.Equal(["Abc", "ChurnRisk", "Rfm"], list.Select(p => p.Name));
        Assert.All(list, p => Assert.Equal(PluginStatus.Loaded, p.Status));
        Assert.All(list, p => Assert.True(p.Calls >= PluginTestBed.Customers));
        Assert.All(list, p => Assert.Equal(0, p.Errors));
        Assert.All(list, p => Assert.Equal(64, p.Hash.Length));
        Assert.Equal(12, bed.Engine.Snapshot.Find("rfm")!.SegmentKeys.Count());
        Assert.Equal("Can't lose", bed.Engine.Snapshot.Find("rfm")!.DisplayNameOf("cant_lose"));
    }
}
