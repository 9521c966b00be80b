namespace LedgerGrpc.Classification.Features;

/// <summary>The ledger facts features are computed from, detached from storage so the calculator is pure
/// and the in-memory store can keep them for time-driven re-computation without touching SQLite.</summary>
public sealed class CustomerFacts(
    CustomerProfile profile,
    PurchaseHistory purchases,
    InvoiceFact[] invoices,
    long creditLimitMinor,
    long creditBalanceMinor)
{
    public CustomerFacts(CustomerProfile profile, PurchaseFact[] purchases, InvoiceFact[] invoices, long creditLimitMinor, long creditBalanceMinor)
        : this(profile, PurchaseHistory.Of(purchases), invoices, creditLimitMinor, creditBalanceMinor)
    {
    }

    public CustomerProfile Profile { get; } = profile;

    public PurchaseHistory Purchases { get; } = purchases;

    public InvoiceFact[] Invoices { get; } = invoices;

    public long CreditLimitMinor { get; } = creditLimitMinor;

    public long CreditBalanceMinor { get; } = creditBalanceMinor;

    /// <summary>The same customer with purchases recorded since these facts were read.</summary>
    public CustomerFacts WithPurchases(PurchaseHistory purchases) => new(Profile, purchases, Invoices, CreditLimitMinor, CreditBalanceMinor);
}

public sealed record CustomerProfile(
    long CustomerId,
    string ExternalRef,
    string Name,
    string Type,
    string Industry,
    string Region,
    string Size,
    string[] Tags,
    IReadOnlyDictionary<string, string> Attributes,
    DateTime CreatedAt,
    bool Archived);

/// <summary>A sale or refund; <paramref name="AmountMinor"/> is always positive.</summary>
public readonly record struct PurchaseFact(DateTime OccurredAt, long AmountMinor, bool IsRefund, string Product);

/// <summary>An invoice and how it has been settled so far.</summary>
public readonly record struct InvoiceFact(
    DateTime IssuedAt,
    DateTime DueAt,
    long AmountMinor,
    long PaidMinor,
    long WrittenOffMinor,
    DateTime? SettledAt);
