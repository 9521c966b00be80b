namespace LedgerGrpc.Classification.Features;

/// <summary>Computes <see cref="CustomerFeatures"/> from ledger facts as of a given instant.
/// Pure and allocation-light: called for every write and, during sweeps, for every customer.</summary>
public sealed class FeatureCalculator(int minorUnitsPerMajor = 100)
{
    /// <summary>An invoice this many days past due (or any write-off) marks the customer as bad debt.</summary>
    public const int BadDebtDaysPastDue = 180;

    public CustomerFeatures Calculate(CustomerFacts facts, DateTime asOf, CustomerFeatures? reuse = null)
    {
        var f = reuse ?? new CustomerFeatures();
        var p = facts.Profile;
        f.CustomerId = p.CustomerId;
        f.ExternalRef = p.ExternalRef;
        f.Name = p.Name;
        f.AsOf = asOf;
        f.Type = p.Type;
        f.Industry = p.Industry;
        f.Region = p.Region;
        f.Size = p.Size;
        f.Tags = p.Tags;
        f.Attributes = p.Attributes as Dictionary<string, string> ?? new Dictionary<string, string>(p.Attributes, StringComparer.Ordinal);
        f.CreatedAt = p.CreatedAt;
        f.AccountAgeDays = Math.Max(0, DaysBetween(p.CreatedAt, asOf));
        CalculatePurchases(f, facts.Purchases, asOf);
        CalculateReceivables(f, facts.Invoices, asOf);
        f.CreditLimit = Major(facts.CreditLimitMinor);
        f.CreditUsed = f.Outstanding;
        f.CreditUtilisation = f.CreditLimit > 0 ? Math.Round(f.CreditUsed / f.CreditLimit, 4) : 0m;
        f.CreditBalance = Major(facts.CreditBalanceMinor);
        return f;
    }

    private void CalculatePurchases(CustomerFeatures f, PurchaseFact[] purchases, DateTime asOf)
    {
        long total = 0, s30 = 0, s90 = 0, s365 = 0, max = 0;
        int orders = 0, refunds = 0, o30 = 0, o90 = 0, o365 = 0;
        DateTime? first = null, last = null;
        HashSet<string>? products = null;
        List<DateTime>? saleDates = null;
        foreach (var purchase in purchases)
        {
            var signed = purchase.IsRefund ? -purchase.AmountMinor : purchase.AmountMinor;
            total = checked(total + signed);
            var age = DaysBetween(purchase.OccurredAt, asOf);
            if (age < 30) s30 += signed;
            if (age < 90) s90 += signed;
            if (age < 365) s365 += signed;
            if (purchase.IsRefund)
            {
                refunds++;
                continue;
            }

            orders++;
            if (age < 30) o30++;
            if (age < 90) o90++;
            if (age < 365) o365++;
            max = Math.Max(max, purchase.AmountMinor);
            if (first is null || purchase.OccurredAt < first) first = purchase.OccurredAt;
            if (last is null || purchase.OccurredAt > last) last = purchase.OccurredAt;
            if (purchase.Product.Length > 0) (products ??= new HashSet<string>(StringComparer.Ordinal)).Add(purchase.Product);
            (saleDates ??= []).Add(purchase.OccurredAt);
        }

        f.HasPurchased = orders > 0;
        f.TotalSpend = Major(total);
        f.OrderCount = orders;
        f.RefundCount = refunds;
        f.AvgOrderValue = orders > 0 ? Math.Round(Major(total) / orders, 2) : 0m;
        f.MaxOrderValue = Major(max);
        f.FirstPurchaseAt = first;
        f.LastPurchaseAt = last;
        f.DaysSinceFirstPurchase = first is { } fp ? Math.Max(0, DaysBetween(fp, asOf)) : null;
        f.DaysSinceLastPurchase = last is { } l ? Math.Max(0, DaysBetween(l, asOf)) : null;
        f.Spend30 = Major(s30);
        f.Spend90 = Major(s90);
        f.Spend365 = Major(s365);
        f.Orders30 = o30;
        f.Orders90 = o90;
        f.Orders365 = o365;
        f.DistinctProducts = products?.Count ?? 0;
        f.MedianDaysBetweenOrders = saleDates is { Count: >= 2 } ? MedianGapDays(saleDates) : null;
    }

    private void CalculateReceivables(CustomerFeatures f, InvoiceFact[] invoices, DateTime asOf)
    {
        long outstanding = 0, overdue = 0, current = 0, a30 = 0, a60 = 0, a90 = 0, over90 = 0, writtenOff = 0;
        int oldest = 0, paid = 0, latePaid = 0, maxPastDue = 0;
        foreach (var invoice in invoices)
        {
            writtenOff = checked(writtenOff + invoice.WrittenOffMinor);
            var open = invoice.AmountMinor - invoice.PaidMinor - invoice.WrittenOffMinor;
            if (invoice.SettledAt is { } settled && invoice.WrittenOffMinor == 0)
            {
                paid++;
                if (settled.Date > invoice.DueAt.Date) latePaid++;
            }

            if (open <= 0) continue;
            outstanding = checked(outstanding + open);
            var pastDue = DaysBetween(invoice.DueAt, asOf);
            maxPastDue = Math.Max(maxPastDue, pastDue);
            if (pastDue <= 0)
            {
                current += open;
                continue;
            }

            overdue += open;
            oldest = Math.Max(oldest, pastDue);
            if (pastDue <= 30) a30 += open;
            else if (pastDue <= 60) a60 += open;
            else if (pastDue <= 90) a90 += open;
            else over90 += open;
        }

        f.InvoiceCount = invoices.Length;
        f.Outstanding = Major(outstanding);
        f.Overdue = Major(overdue);
        f.AgingCurrent = Major(current);
        f.Aging1To30 = Major(a30);
        f.Aging31To60 = Major(a60);
        f.Aging61To90 = Major(a90);
        f.AgingOver90 = Major(over90);
        f.OldestOverdueDays = oldest;
        f.WrittenOff = Major(writtenOff);
        f.IsBadDebt = writtenOff > 0 || maxPastDue > BadDebtDaysPastDue;
        f.PaidInvoiceCount = paid;
        f.LatePaidInvoiceCount = latePaid;
    }

    private decimal Major(long minor) => (decimal)minor / minorUnitsPerMajor;

    /// <summary>Calendar days from <paramref name="from"/> to <paramref name="to"/> (UTC dates), negative when in the future.</summary>
    private static int DaysBetween(DateTime from, DateTime to) => (int)(to.Date - from.Date).TotalDays;

    private static double MedianGapDays(List<DateTime> dates)
    {
        dates.Sort();
        var gaps = new double[dates.Count - 1];
        for (var i = 1; i < dates.Count; i++) gaps[i - 1] = (dates[i] - dates[i - 1]).TotalDays;
        Array.Sort(gaps);
        var mid = gaps.Length / 2;
        var median = gaps.Length % 2 == 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
        return Math.Round(median, 2);
    }
}
