using LedgerGrpc.Plugins;

namespace LedgerGrpc.Classification.Features;

/// <summary>
/// Everything a classification rule can read about one customer, as <c>customer</c> (and <c>input1</c>).
/// Money is a decimal in major currency units (100000 means 100,000 yuan) so rules read naturally;
/// the ledger itself keeps integer minor units. Time-relative values are as of <see cref="AsOf"/>.
/// </summary>
public sealed class CustomerFeatures : ICustomerFeatures
{
    public long CustomerId { get; set; }
    public string ExternalRef { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime AsOf { get; set; }

    // Attributes.
    public string Type { get; set; } = "";
    public string Industry { get; set; } = "";
    public string Region { get; set; } = "";
    public string Size { get; set; } = "";
    public string[] Tags { get; set; } = [];
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);
    public DateTime CreatedAt { get; set; }
    public int AccountAgeDays { get; set; }

    // Purchases (sales net of refunds).
    public bool HasPurchased { get; set; }
    public decimal TotalSpend { get; set; }
    public int OrderCount { get; set; }
    public int RefundCount { get; set; }
    public decimal AvgOrderValue { get; set; }
    public decimal MaxOrderValue { get; set; }
    public DateTime? FirstPurchaseAt { get; set; }
    public DateTime? LastPurchaseAt { get; set; }

    /// <summary>Whole days since the first purchase; null when the customer has never bought.</summary>
    public int? DaysSinceFirstPurchase { get; set; }

    /// <summary>Whole days since the last purchase; null when the customer has never bought.</summary>
    public int? DaysSinceLastPurchase { get; set; }
    public decimal Spend30 { get; set; }
    public decimal Spend90 { get; set; }
    public decimal Spend365 { get; set; }
    public int Orders30 { get; set; }
    public int Orders90 { get; set; }
    public int Orders365 { get; set; }
    public int DistinctProducts { get; set; }

    /// <summary>Median gap between consecutive orders in days; null with fewer than two orders.
    /// Lifecycle rules compare silence against it (the customer's own rhythm).</summary>
    public double? MedianDaysBetweenOrders { get; set; }

    // Receivables.
    public int InvoiceCount { get; set; }
    public decimal Outstanding { get; set; }
    public decimal Overdue { get; set; }
    public decimal AgingCurrent { get; set; }
    public decimal Aging1To30 { get; set; }
    public decimal Aging31To60 { get; set; }
    public decimal Aging61To90 { get; set; }
    public decimal AgingOver90 { get; set; }
    public int OldestOverdueDays { get; set; }
    public decimal WrittenOff { get; set; }
    public bool IsBadDebt { get; set; }

    /// <summary>Invoices settled after their due date (payment history for the credit dimension).</summary>
    public int LatePaidInvoiceCount { get; set; }
    public int PaidInvoiceCount { get; set; }

    // Credit.
    public decimal CreditLimit { get; set; }
    public decimal CreditUsed { get; set; }

    /// <summary>CreditUsed / CreditLimit; 0 without a limit.</summary>
    public decimal CreditUtilisation { get; set; }

    /// <summary>Overpayments kept as the customer's credit balance.</summary>
    public decimal CreditBalance { get; set; }

    // Population-relative ranks (0–100), refreshed by the periodic sweep.
    public double SpendPercentile { get; set; }
    public double FrequencyPercentile { get; set; }
    public double RecencyPercentile { get; set; }

    // Names used by existing RulesEngine workflows (../shared/bench/customer-tiering.workflow.json).
    public decimal OverdueAmount => Overdue;
    public int MaxDaysOverdue => OldestOverdueDays;

    // Plugins see the same record read-only (see ICustomerFeatures).
    IReadOnlyList<string> ICustomerFeatures.Tags => Tags;

    IReadOnlyDictionary<string, string> ICustomerFeatures.Attributes => Attributes;

    bool ICustomerFeatures.TryGet(string name, out object? value) => FeatureNames.TryGet(this, name, out value);
}
