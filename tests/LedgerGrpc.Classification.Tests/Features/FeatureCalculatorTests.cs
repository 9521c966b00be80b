using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Features;

public sealed class FeatureCalculatorTests
{
    private static readonly DateTime AsOf = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);
    private readonly FeatureCalculator _calculator = new();

    internal static CustomerFacts Facts(PurchaseFact[]? purchases = null, InvoiceFact[]? invoices = null, long creditLimitMinor = 0, DateTime? createdAt = null) =>
        new(new CustomerProfile(7, "ext-7", "Acme 有限公司", "enterprise", "Manufacturing", "East China", "Large", ["vip"],
                new Dictionary<string, string> { ["channel"] = "direct" }, createdAt ?? AsOf.AddDays(-400), false),
            purchases ?? [], invoices ?? [], creditLimitMinor, 0);

    [Fact]
    public void Money_is_in_major_units_and_refunds_reduce_spend_but_not_order_count()
    {
        var f = _calculator.Calculate(Facts(
        [
            new PurchaseFact(AsOf.AddDays(-10), 12_000_000, false, "A"),
            new PurchaseFact(AsOf.AddDays(-5), 100_050, false, "B"),
            new PurchaseFact(AsOf.AddDays(-2), 50, true, "B"),
        ]), AsOf);

        Assert.Equal(121_000.00m, f.TotalSpend);
        Assert.Equal(2, f.OrderCount);
        Assert.Equal(1, f.RefundCount);
        Assert.Equal(60_500.00m, f.AvgOrderValue);
        Assert.Equal(120_000m, f.MaxOrderValue);
        Assert.Equal(2, f.DistinctProducts);
        Assert.Equal(5, f.DaysSinceLastPurchase);
        Assert.Equal(10, f.DaysSinceFirstPurchase);
    }

    [Fact]
    public void Windows_count_only_recent_orders()
    {
        var f = _calculator.Calculate(Facts(
        [
            new PurchaseFact(AsOf.AddDays(-400), 100, false, "A"),
            new PurchaseFact(AsOf.AddDays(-200), 200, false, "A"),
            new PurchaseFact(AsOf.AddDays(-60), 300, false, "A"),
            new PurchaseFact(AsOf.AddDays(-1), 400, false, "A"),
        ]), AsOf);

        Assert.Equal((1, 2, 3), (f.Orders30, f.Orders90, f.Orders365));
        Assert.Equal((4m, 7m, 9m), (f.Spend30, f.Spend90, f.Spend365));
        // Gaps 200, 140, 59 days: the median is 140.
        Assert.Equal(140, f.MedianDaysBetweenOrders);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(23)]
    public void Windows_of_a_long_grown_history_match_counting_by_calendar_days(int asOfHour)
    {
        // Purchases on every day around the window edges (29-31, 89-91, 364-366 days back), some in the future, some
        // refunds, at all hours; appended in batches (running sums) and built at once (walk) must agree with counting.
        var asOf = new DateTime(2026, 6, 30, asOfHour, 30, 0, DateTimeKind.Utc);
        var random = new Random(asOfHour);
        var all = Enumerable.Range(0, 2000)
            .Select(i => new PurchaseFact(asOf.Date.AddDays(-380 + (i / 5)).AddMinutes(random.Next(0, 24 * 60)), 1 + random.Next(0, 5000), random.Next(0, 6) == 0, "P"))
            .OrderBy(p => p.OccurredAt)
            .ToArray();
        var grown = PurchaseHistory.Empty;
        for (var i = 0; i < all.Length; i += 37)
        {
            grown = grown.Append(all[i..Math.Min(i + 37, all.Length)], i + 37);
        }

        foreach (var history in new[] { grown, PurchaseHistory.Of(all, all.Length) })
        {
            var f = _calculator.Calculate(Facts().WithPurchases(history), asOf);
            foreach (var (days, spend, orders) in new[] { (30, f.Spend30, f.Orders30), (90, f.Spend90, f.Orders90), (365, f.Spend365, f.Orders365) })
            {
                var inWindow = all.Where(p => (asOf.Date - p.OccurredAt.Date).TotalDays < days).ToList();
                Assert.Equal(inWindow.Sum(p => p.IsRefund ? -p.AmountMinor : p.AmountMinor) / 100m, spend);
                Assert.Equal(inWindow.Count(p => !p.IsRefund), orders);
            }
        }
    }

    [Fact]
    public void A_customer_who_never_bought_has_no_recency()
    {
        var f = _calculator.Calculate(Facts(), AsOf);

        Assert.False(f.HasPurchased);
        Assert.Null(f.DaysSinceLastPurchase);
        Assert.Null(f.MedianDaysBetweenOrders);
        Assert.Equal(400, f.AccountAgeDays);
    }

    [Fact]
    public void Receivables_are_aged_by_days_past_due()
    {
        var f = _calculator.Calculate(Facts(invoices:
        [
            Open(dueDaysAgo: -5, amount: 1_000_00),   // not yet due
            Open(dueDaysAgo: 10, amount: 2_000_00),
            Open(dueDaysAgo: 45, amount: 3_000_00),
            Open(dueDaysAgo: 75, amount: 4_000_00),
            Open(dueDaysAgo: 120, amount: 5_000_00),
            new InvoiceFact(AsOf.AddDays(-100), AsOf.AddDays(-70), 9_000_00, 9_000_00, 0, AsOf.AddDays(-60)),
        ], creditLimitMinor: 30_000_00), AsOf);

        Assert.Equal(15_000m, f.Outstanding);
        Assert.Equal(14_000m, f.Overdue);
        Assert.Equal((1_000m, 2_000m, 3_000m, 4_000m, 5_000m), (f.AgingCurrent, f.Aging1To30, f.Aging31To60, f.Aging61To90, f.AgingOver90));
        Assert.Equal(120, f.OldestOverdueDays);
        Assert.Equal(120, f.MaxDaysOverdue);
        Assert.False(f.IsBadDebt);
        Assert.Equal((1, 1), (f.PaidInvoiceCount, f.LatePaidInvoiceCount));
        Assert.Equal(15_000m, f.CreditUsed);
        Assert.Equal(0.5m, f.CreditUtilisation);
    }

    [Fact]
    public void A_write_off_or_half_a_year_past_due_is_bad_debt()
    {
        var writtenOff = _calculator.Calculate(Facts(invoices: [new InvoiceFact(AsOf.AddDays(-90), AsOf.AddDays(-60), 500_00, 0, 500_00, null)]), AsOf);
        var ancient = _calculator.Calculate(Facts(invoices: [Open(dueDaysAgo: 181, amount: 100)]), AsOf);

        Assert.True(writtenOff.IsBadDebt);
        Assert.Equal(500m, writtenOff.WrittenOff);
        Assert.Equal(0m, writtenOff.Outstanding);
        Assert.True(ancient.IsBadDebt);
    }

    [Fact]
    public void Attributes_reach_the_features_as_a_dictionary_of_their_own()
    {
        var facts = Facts();
        var reused = _calculator.Calculate(facts, AsOf);
        reused.Attributes["channel"] = "changed by a caller";
        reused.Attributes["extra"] = "x";

        // The facts are untouched, and a reused record is refilled, not merged into.
        Assert.Equal([KeyValuePair.Create("channel", "direct")], facts.Profile.Attributes);
        var again = _calculator.Calculate(facts, AsOf, reused);
        Assert.Same(reused, again);
        Assert.Equal(new Dictionary<string, string> { ["channel"] = "direct" }, again.Attributes);
        Assert.Equal(new Dictionary<string, string> { ["channel"] = "direct" }, _calculator.Calculate(facts, AsOf).Attributes);
    }

    [Fact]
    public void Refunds_keep_their_amount_and_flag_including_zero_and_the_largest_amount()
    {
        PurchaseFact[] facts = [new(AsOf, 0, true, "p"), new(AsOf, 0, false, "p"), new(AsOf, long.MaxValue, true, "p"), new(AsOf, 123, false, "p")];

        Assert.Equal([(0L, true), (0L, false), (long.MaxValue, true), (123L, false)], facts.Select(f => (f.AmountMinor, f.IsRefund)));
        Assert.NotEqual(facts[0], facts[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PurchaseFact(AsOf, -1, false, "p"));
    }

    private static InvoiceFact Open(int dueDaysAgo, long amount) =>
        new(AsOf.AddDays(-dueDaysAgo - 30), AsOf.AddDays(-dueDaysAgo), amount, 0, 0, null);
}
