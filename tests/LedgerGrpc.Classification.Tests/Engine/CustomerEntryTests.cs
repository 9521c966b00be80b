using System.Text.Json;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Tests.Features;

namespace LedgerGrpc.Classification.Tests.Engine;

public sealed class CustomerEntryTests
{
    private static readonly DateTime AsOf = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);
    private readonly FeatureCalculator _calculator = new();

    private static CustomerFacts SomeFacts() => FeatureCalculatorTests.Facts(
        [new PurchaseFact(AsOf.AddDays(-40), 50_000, false, "A"), new PurchaseFact(AsOf.AddDays(-3), 70_000, false, "B")],
        [new InvoiceFact(AsOf.AddDays(-70), AsOf.AddDays(-40), 90_000, 10_000, 0, null)],
        creditLimitMinor: 200_000);

    [Fact]
    public void Features_rebuilt_from_the_entry_equal_the_ones_it_was_made_with_ranks_included()
    {
        var facts = SomeFacts();
        var original = _calculator.Calculate(facts, AsOf);
        (original.SpendPercentile, original.FrequencyPercentile, original.RecencyPercentile) = (81.5, 42, 97.25);

        var entry = new CustomerEntry(facts, original, [], 1, _calculator);

        Assert.Equal(JsonSerializer.Serialize(original), JsonSerializer.Serialize(entry.Features));
        // A scratch record left over from another customer is overwritten completely.
        var scratch = _calculator.Calculate(FeatureCalculatorTests.Facts(), AsOf.AddDays(100));
        scratch.SpendPercentile = 1;
        Assert.Equal(JsonSerializer.Serialize(original), JsonSerializer.Serialize(entry.FeaturesInto(scratch)));
    }

    [Fact]
    public void Refreshed_features_move_the_instant_and_ranks_but_keep_memberships_and_version()
    {
        var facts = SomeFacts();
        var membership = new Membership("value_tier", "high", "High", 1, AsOf);
        var entry = new CustomerEntry(facts, _calculator.Calculate(facts, AsOf), [membership], 5, _calculator);
        var later = _calculator.Calculate(facts, AsOf.AddDays(30));
        later.RecencyPercentile = 12;

        var refreshed = entry.WithFeatures(later);

        Assert.Equal(AsOf.AddDays(30), refreshed.FeaturesAsOf);
        Assert.Equal(33, refreshed.Features.DaysSinceLastPurchase);
        Assert.Equal(12, refreshed.Ranks.Recency);
        Assert.Equal(5, refreshed.Version);
        Assert.Same(entry.Memberships, refreshed.Memberships);
    }

    [Fact]
    public void Ranks_kept_in_hundredths_read_back_as_exactly_the_percentiles_the_sweep_computed()
    {
        // Every value PercentileRanks can produce for populations up to a few thousand, plus a large one.
        foreach (var population in new[] { 1, 3, 7, 100, 997, 1_000_003 })
        {
            for (var below = 0; below <= population; below += Math.Max(1, population / 997))
            {
                var percentile = Math.Round(100.0 * below / population, 2);
                var ranks = new FeatureRanks(percentile, percentile, percentile);
                Assert.Equal(percentile, ranks.Spend);
                Assert.Equal(percentile, ranks.Recency);
            }
        }

        Assert.Equal(new FeatureRanks(1.5, 2, 3), new FeatureRanks(1.5, 2, 3));
        Assert.NotEqual(new FeatureRanks(1.5, 2, 3), new FeatureRanks(1.51, 2, 3));
    }
}
