namespace LedgerGrpc.Plugins;

/// <summary>
/// A read-only view of one customer's features: the same values workflows read as <c>customer</c>. Money is a decimal
/// in major currency units; time-relative values are as of <see cref="AsOf"/>. The host reuses the object behind the
/// view from customer to customer: read what you need during the call and keep no reference to it.
/// </summary>
public interface ICustomerFeatures
{
    /// <summary>Ledger id of the customer.</summary>
    long CustomerId { get; }

    /// <summary>The caller's reference for the customer.</summary>
    string ExternalRef { get; }

    /// <summary>Customer name.</summary>
    string Name { get; }

    /// <summary>The instant time-relative features are computed for.</summary>
    DateTime AsOf { get; }

    /// <summary>Customer type attribute.</summary>
    string Type { get; }

    /// <summary>Industry attribute.</summary>
    string Industry { get; }

    /// <summary>Region attribute.</summary>
    string Region { get; }

    /// <summary>Size attribute.</summary>
    string Size { get; }

    /// <summary>Free tags.</summary>
    IReadOnlyList<string> Tags { get; }

    /// <summary>Custom attributes by name.</summary>
    IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>When the customer was created.</summary>
    DateTime CreatedAt { get; }

    /// <summary>Whole days since creation.</summary>
    int AccountAgeDays { get; }

    /// <summary>True once the customer has bought anything.</summary>
    bool HasPurchased { get; }

    /// <summary>Sales net of refunds, major units.</summary>
    decimal TotalSpend { get; }

    /// <summary>Orders placed.</summary>
    int OrderCount { get; }

    /// <summary>Refunds recorded.</summary>
    int RefundCount { get; }

    /// <summary>Average order value, major units.</summary>
    decimal AvgOrderValue { get; }

    /// <summary>Largest order value, major units.</summary>
    decimal MaxOrderValue { get; }

    /// <summary>First purchase; null when the customer has never bought.</summary>
    DateTime? FirstPurchaseAt { get; }

    /// <summary>Last purchase; null when the customer has never bought.</summary>
    DateTime? LastPurchaseAt { get; }

    /// <summary>Whole days since the first purchase; null when the customer has never bought.</summary>
    int? DaysSinceFirstPurchase { get; }

    /// <summary>Whole days since the last purchase; null when the customer has never bought.</summary>
    int? DaysSinceLastPurchase { get; }

    /// <summary>Spend over the last 30 days, major units.</summary>
    decimal Spend30 { get; }

    /// <summary>Spend over the last 90 days, major units.</summary>
    decimal Spend90 { get; }

    /// <summary>Spend over the last 365 days, major units.</summary>
    decimal Spend365 { get; }

    /// <summary>Orders over the last 30 days.</summary>
    int Orders30 { get; }

    /// <summary>Orders over the last 90 days.</summary>
    int Orders90 { get; }

    /// <summary>Orders over the last 365 days.</summary>
    int Orders365 { get; }

    /// <summary>Distinct products bought.</summary>
    int DistinctProducts { get; }

    /// <summary>Median gap between consecutive orders in days; null with fewer than two orders.</summary>
    double? MedianDaysBetweenOrders { get; }

    /// <summary>Invoices issued.</summary>
    int InvoiceCount { get; }

    /// <summary>Receivables outstanding, major units.</summary>
    decimal Outstanding { get; }

    /// <summary>Receivables past due, major units.</summary>
    decimal Overdue { get; }

    /// <summary>Receivables not yet due, major units.</summary>
    decimal AgingCurrent { get; }

    /// <summary>Receivables 1-30 days overdue, major units.</summary>
    decimal Aging1To30 { get; }

    /// <summary>Receivables 31-60 days overdue, major units.</summary>
    decimal Aging31To60 { get; }

    /// <summary>Receivables 61-90 days overdue, major units.</summary>
    decimal Aging61To90 { get; }

    /// <summary>Receivables over 90 days overdue, major units.</summary>
    decimal AgingOver90 { get; }

    /// <summary>Days the oldest overdue invoice is past due.</summary>
    int OldestOverdueDays { get; }

    /// <summary>Written off, major units.</summary>
    decimal WrittenOff { get; }

    /// <summary>True once a receivable was written off as bad debt.</summary>
    bool IsBadDebt { get; }

    /// <summary>Invoices settled after their due date.</summary>
    int LatePaidInvoiceCount { get; }

    /// <summary>Invoices settled.</summary>
    int PaidInvoiceCount { get; }

    /// <summary>Credit limit, major units.</summary>
    decimal CreditLimit { get; }

    /// <summary>Credit in use, major units.</summary>
    decimal CreditUsed { get; }

    /// <summary>CreditUsed / CreditLimit; 0 without a limit.</summary>
    decimal CreditUtilisation { get; }

    /// <summary>Overpayments kept as the customer's credit balance, major units.</summary>
    decimal CreditBalance { get; }

    /// <summary>Spend rank in the population, 0-100 (refreshed by sweeps).</summary>
    double SpendPercentile { get; }

    /// <summary>Order-count rank in the population, 0-100 (refreshed by sweeps).</summary>
    double FrequencyPercentile { get; }

    /// <summary>Recency rank in the population, 0-100 (refreshed by sweeps).</summary>
    double RecencyPercentile { get; }

    /// <summary>Any feature by the name workflows use (including ones added to the server after this contract
    /// version); false for an unknown name.</summary>
    bool TryGet(string name, out object? value);
}
