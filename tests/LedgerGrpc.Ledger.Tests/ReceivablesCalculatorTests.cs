using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Tests;

public sealed class ReceivablesCalculatorTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    private static Invoice Open(long id, long amount, DateOnly due) =>
        new() { Id = id, AmountMinor = amount, IssueDate = due.AddDays(-30), DueDate = due, Status = InvoiceStatus.Open };

    [Theory]
    [InlineData(0, "current")]
    [InlineData(-5, "current")]
    [InlineData(1, "1-30")]
    [InlineData(30, "1-30")]
    [InlineData(31, "31-60")]
    [InlineData(60, "31-60")]
    [InlineData(61, "61-90")]
    [InlineData(90, "61-90")]
    [InlineData(91, ">90")]
    [InlineData(400, ">90")]
    public void Invoice_lands_in_the_bucket_of_its_days_past_due(int daysPastDue, string bucket)
    {
        var r = ReceivablesCalculator.Compute(1, AsOf, [Open(1, 700, AsOf.AddDays(-daysPastDue))], Array.Empty<PaymentAllocation>().ToLookup(a => a.InvoiceId), []);
        var buckets = new Dictionary<string, long>
        {
            ["current"] = r.CurrentMinor, ["1-30"] = r.Days1To30Minor, ["31-60"] = r.Days31To60Minor,
            ["61-90"] = r.Days61To90Minor, [">90"] = r.DaysOver90Minor,
        };
        Assert.Equal(700, buckets[bucket]);
        Assert.Equal(700, buckets.Values.Sum());
        Assert.Equal(Math.Max(0, daysPastDue), r.OldestOverdueDays);
        Assert.Equal(daysPastDue > 0 ? 700 : 0, r.OverdueMinor);
    }

    [Fact]
    public void As_of_date_ignores_later_invoices_payments_and_write_offs()
    {
        var paidLater = Open(1, 1000, new DateOnly(2026, 5, 1));
        var writtenOffLater = Open(2, 500, new DateOnly(2026, 4, 1));
        writtenOffLater.Status = InvoiceStatus.WrittenOff;
        writtenOffLater.WrittenOffMinor = 500;
        writtenOffLater.WrittenOffOn = new DateOnly(2026, 7, 15);
        var issuedLater = Open(3, 900, new DateOnly(2026, 8, 30));
        var allocations = new[]
        {
            new PaymentAllocation { InvoiceId = 1, AmountMinor = 400, AppliedOn = new DateOnly(2026, 6, 1) },
            new PaymentAllocation { InvoiceId = 1, AmountMinor = 600, AppliedOn = new DateOnly(2026, 7, 1) },
        }.ToLookup(a => a.InvoiceId);
        var payments = new[] { new Payment { ReceivedDate = new DateOnly(2026, 6, 1), UnappliedMinor = 50 }, new Payment { ReceivedDate = new DateOnly(2026, 7, 1), UnappliedMinor = 70 } };

        var r = ReceivablesCalculator.Compute(1, AsOf, [paidLater, writtenOffLater, issuedLater], allocations, payments);

        Assert.Equal(600 + 500, r.OutstandingMinor);
        Assert.Equal(600, r.Days31To60Minor);   // due 05-01, 60 days
        Assert.Equal(500, r.Days61To90Minor);   // due 04-01, 90 days
        Assert.Equal(0, r.WrittenOffMinor);
        Assert.Equal(50, r.CreditBalanceMinor);
        Assert.Equal(2, r.OpenInvoiceCount);

        var later = ReceivablesCalculator.Compute(1, new DateOnly(2026, 7, 20), [paidLater, writtenOffLater, issuedLater], allocations, payments);
        Assert.Equal(0, later.OverdueMinor);
        Assert.Equal(500, later.WrittenOffMinor);
        Assert.Equal(120, later.CreditBalanceMinor);
    }

    [Fact]
    public void Totals_that_overflow_are_refused_not_wrapped()
    {
        var huge = new[] { Open(1, long.MaxValue, AsOf), Open(2, 1, AsOf) };
        var error = Assert.Throws<LedgerException>(() => ReceivablesCalculator.Compute(1, AsOf, huge, Array.Empty<PaymentAllocation>().ToLookup(a => a.InvoiceId), []));
        Assert.Equal(LedgerErrorCode.OutOfRange, error.Code);
    }
}
