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
        // The record's own dictionary, refilled: features never share a dictionary with the facts, so a caller that
        // changes them cannot change the customer, and a reused record allocates nothing here.
        f.Attributes.Clear();
        foreach (var (key, value) in p.Attributes) f.Attributes[key] = value;
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

    private void CalculatePurchases(CustomerFeatures f, PurchaseHistory history, DateTime asOf)
    {
        // Only the windows depend on "now". A purchase is in the N-day window when its calendar day is less than N
        // days before asOf's, i.e. from midnight N-1 days back; purchases dated after asOf count in every window.
        Span<DateTime> cutoffs = [WindowStart(asOf, 365), WindowStart(asOf, 90), WindowStart(asOf, 30)];
        Span<long> spend = stackalloc long[3];
        Span<int> windowOrders = stackalloc int[3];
        history.TotalsSince(cutoffs, spend, windowOrders);
        var (s365, s90, s30) = (spend[0], spend[1], spend[2]);
        var (o365, o90, o30) = (windowOrders[0], windowOrders[1], windowOrders[2]);

        var orders = history.OrderCount;
        f.HasPurchased = orders > 0;
        f.TotalSpend = Major(history.TotalMinor);
        f.OrderCount = orders;
        f.RefundCount = history.RefundCount;
        f.AvgOrderValue = orders > 0 ? Math.Round(Major(history.TotalMinor) / orders, 2) : 0m;
        f.MaxOrderValue = Major(history.MaxOrderMinor);
        f.FirstPurchaseAt = history.FirstSaleAt;
        f.LastPurchaseAt = history.LastSaleAt;
        f.DaysSinceFirstPurchase = history.FirstSaleAt is { } fp ? Math.Max(0, DaysBetween(fp, asOf)) : null;
        f.DaysSinceLastPurchase = history.LastSaleAt is { } l ? Math.Max(0, DaysBetween(l, asOf)) : null;
        f.Spend30 = Major(s30);
        f.Spend90 = Major(s90);
        f.Spend365 = Major(s365);
        f.Orders30 = o30;
        f.Orders90 = o90;
        f.Orders365 = o365;
        f.DistinctProducts = history.DistinctProducts;
        f.MedianDaysBetweenOrders = history.MedianDaysBetweenOrders;
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

    /// <summary>The earliest instant whose <see cref="DaysBetween"/> to <paramref name="asOf"/> is below <paramref name="days"/>.</summary>
    private static DateTime WindowStart(DateTime asOf, int days)
    {
        var back = TimeSpan.FromDays(days - 1);
        return asOf.Date.Ticks >= back.Ticks ? asOf.Date - back : DateTime.MinValue;
    }
}
