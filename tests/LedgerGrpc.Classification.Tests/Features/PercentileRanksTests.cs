using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Features;

public sealed class PercentileRanksTests
{
    [Fact]
    public void Ranks_are_the_share_of_customers_strictly_below()
    {
        var population = Enumerable.Range(0, 10).Select(i => new CustomerFeatures
        {
            TotalSpend = i * 100, Orders365 = i, HasPurchased = i > 0, DaysSinceLastPurchase = i > 0 ? 100 - i : null,
        }).ToList();
        var ranks = new PercentileRanks(population);
        foreach (var f in population) ranks.Apply(f);

        Assert.Equal(90, population[9].SpendPercentile);
        Assert.Equal(0, population[0].SpendPercentile);
        Assert.Equal(50, population[5].FrequencyPercentile);
        // The most recent buyer ranks highest; someone who never bought ranks 0.
        Assert.Equal(90, population[9].RecencyPercentile);
        Assert.Equal(0, population[0].RecencyPercentile);
    }

    [Fact]
    public void Ranks_computed_on_every_core_equal_ranks_from_one_pass_and_leave_out_who_is_excluded()
    {
        // More customers than one partition (4,096), with ties, never-bought customers and some left out (archived).
        var random = new Random(7);
        var population = Enumerable.Range(0, 20_000).Select(i => new CustomerFeatures
        {
            TotalSpend = random.Next(0, 500) * 10.5m, Orders365 = random.Next(0, 40), HasPurchased = i % 7 != 0,
            DaysSinceLastPurchase = i % 7 != 0 ? random.Next(0, 900) : null,
        }).ToList();
        bool Excluded(int i) => i % 11 == 0;
        var oracle = new PercentileRanks(population.Where((_, i) => !Excluded(i)));

        var ranks = PercentileRanks.Compute(population.Count, (i, scratch) =>
        {
            if (Excluded(i)) return false;
            (scratch.TotalSpend, scratch.Orders365, scratch.HasPurchased, scratch.DaysSinceLastPurchase) =
                (population[i].TotalSpend, population[i].Orders365, population[i].HasPurchased, population[i].DaysSinceLastPurchase);
            return true;
        });

        foreach (var f in population)
        {
            var expected = new CustomerFeatures { TotalSpend = f.TotalSpend, Orders365 = f.Orders365, HasPurchased = f.HasPurchased, DaysSinceLastPurchase = f.DaysSinceLastPurchase };
            oracle.Apply(expected);
            ranks.Apply(f);
            Assert.Equal((expected.SpendPercentile, expected.FrequencyPercentile, expected.RecencyPercentile), (f.SpendPercentile, f.FrequencyPercentile, f.RecencyPercentile));
        }

        Assert.Contains(population, f => f.SpendPercentile > 50);
    }

    [Fact]
    public void Ranks_of_no_customers_are_zero()
    {
        var f = new CustomerFeatures { TotalSpend = 10, Orders365 = 1, HasPurchased = true, DaysSinceLastPurchase = 1 };
        PercentileRanks.Compute(0, (_, _) => true).Apply(f);
        Assert.Equal((0d, 0d, 0d), (f.SpendPercentile, f.FrequencyPercentile, f.RecencyPercentile));
    }
}
