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
}
