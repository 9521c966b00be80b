using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Features;

public sealed class PurchaseHistoryTests
{
    private static readonly DateTime Day0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(101)]
    [InlineData(1000)]
    public void Aggregates_match_a_plain_computation_over_random_histories(int count)
    {
        var random = new Random(count);
        var purchases = Enumerable.Range(0, count)
            .Select(_ => new PurchaseFact(Day0.AddHours(random.Next(0, 24 * 400)), random.Next(1, 10_000), random.Next(0, 8) == 0, "P" + random.Next(0, 5)))
            .ToArray();

        var history = PurchaseHistory.Of(purchases, lastTransactionId: count);

        var sales = purchases.Where(p => !p.IsRefund).OrderBy(p => p.OccurredAt).ToList();
        Assert.Equal(purchases.Sum(p => p.IsRefund ? -p.AmountMinor : p.AmountMinor), history.TotalMinor);
        Assert.Equal(sales.Count, history.OrderCount);
        Assert.Equal(count - sales.Count, history.RefundCount);
        Assert.Equal(sales.Select(s => (long?)s.AmountMinor).Max() ?? 0, history.MaxOrderMinor);
        Assert.Equal(sales.FirstOrDefault().OccurredAt is var f && sales.Count > 0 ? f : null, history.FirstSaleAt);
        Assert.Equal(sales.Count > 0 ? sales[^1].OccurredAt : null, history.LastSaleAt);
        Assert.Equal(sales.Select(s => s.Product).Distinct().Count(), history.DistinctProducts);
        Assert.Equal(ReferenceMedianGap(sales), history.MedianDaysBetweenOrders);
        Assert.True(history.ByTime.ToArray().Zip(history.ByTime.ToArray().Skip(1)).All(pair => pair.First.OccurredAt <= pair.Second.OccurredAt));
    }

    [Fact]
    public void Appending_in_order_or_back_dated_gives_the_same_history_as_building_it_at_once()
    {
        var random = new Random(7);
        var all = Enumerable.Range(0, 200)
            .Select(i => new PurchaseFact(Day0.AddDays(i < 150 ? i : random.Next(0, 200)), 100 + i, i % 13 == 0, "P" + (i % 3)))
            .ToArray();

        var grown = PurchaseHistory.Empty;
        for (var i = 0; i < all.Length; i += 25)
        {
            grown = grown.Append(all[i..Math.Min(i + 25, all.Length)], lastTransactionId: i + 25);
        }

        var once = PurchaseHistory.Of(all, 200);
        Assert.Equal(200, grown.LastTransactionId);
        Assert.Equal(once.ByTime.ToArray().Select(p => (p.OccurredAt, p.AmountMinor)).Order(), grown.ByTime.ToArray().Select(p => (p.OccurredAt, p.AmountMinor)).Order());
        Assert.True(grown.ByTime.ToArray().Zip(grown.ByTime.ToArray().Skip(1)).All(pair => pair.First.OccurredAt <= pair.Second.OccurredAt));
        Assert.Equal((once.TotalMinor, once.OrderCount, once.RefundCount, once.MaxOrderMinor, once.FirstSaleAt, once.LastSaleAt, once.DistinctProducts, once.MedianDaysBetweenOrders),
            (grown.TotalMinor, grown.OrderCount, grown.RefundCount, grown.MaxOrderMinor, grown.FirstSaleAt, grown.LastSaleAt, grown.DistinctProducts, grown.MedianDaysBetweenOrders));
    }

    [Fact]
    public void Appending_nothing_keeps_the_history_and_moves_the_watermark_forward_only()
    {
        var history = PurchaseHistory.Of([new PurchaseFact(Day0, 5, false, "A")], 10);
        Assert.Same(history, history.Append([], 10));
        Assert.Equal(12, history.Append([], 12).LastTransactionId);
        Assert.Equal(10, history.Append([], 3).LastTransactionId);
    }

    [Fact]
    public void A_long_history_grown_in_order_matches_one_built_at_once_even_when_an_older_version_is_appended_to_again()
    {
        var random = new Random(11);
        var all = Enumerable.Range(0, 3000)
            .Select(i => new PurchaseFact(Day0.AddHours(i * 7 + random.Next(0, 5)), 50 + random.Next(0, 900), i % 17 == 5, "P" + random.Next(0, 40)))
            .ToArray();

        var grown = PurchaseHistory.Empty;
        PurchaseHistory? abandoned = null;
        var i = 0;
        while (i < all.Length)
        {
            var size = Math.Min(1 + random.Next(0, 60), all.Length - i);
            if (i > 500 && abandoned is null)
            {
                // A batch that rolled back: its history is dropped and the next batch appends to the older one.
                abandoned = grown.Append(all[i..(i + size)], i + size);
                Assert.Equal(i + size, abandoned.Count);
            }

            grown = grown.Append(all[i..(i + size)], i + size);
            i += size;
        }

        AssertSameAggregates(PurchaseHistory.Of(all, all.Length), grown);
        Assert.Equal(all.Select(p => (p.OccurredAt, p.AmountMinor)), grown.ByTime.ToArray().Select(p => (p.OccurredAt, p.AmountMinor)));

        // An older history read after later appends still sees exactly its own purchases.
        Assert.NotNull(abandoned);
        AssertSameAggregates(PurchaseHistory.Of(all[..abandoned.Count], abandoned.Count), abandoned);
        Assert.Equal(all[..abandoned.Count].Select(p => p.AmountMinor), abandoned.ByTime.ToArray().Select(p => p.AmountMinor));
    }

    private static void AssertSameAggregates(PurchaseHistory expected, PurchaseHistory actual) =>
        Assert.Equal(
            (expected.Count, expected.TotalMinor, expected.OrderCount, expected.RefundCount, expected.MaxOrderMinor, expected.FirstSaleAt, expected.LastSaleAt, expected.DistinctProducts, expected.MedianDaysBetweenOrders),
            (actual.Count, actual.TotalMinor, actual.OrderCount, actual.RefundCount, actual.MaxOrderMinor, actual.FirstSaleAt, actual.LastSaleAt, actual.DistinctProducts, actual.MedianDaysBetweenOrders));

    private static double? ReferenceMedianGap(List<PurchaseFact> sales)
    {
        if (sales.Count < 2) return null;
        var gaps = sales.Zip(sales.Skip(1)).Select(p => (p.Second.OccurredAt - p.First.OccurredAt).TotalDays).Order().ToArray();
        var mid = gaps.Length / 2;
        return Math.Round(gaps.Length % 2 == 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2, 2);
    }
}
