namespace LedgerGrpc.Classification.Features;

/// <summary>The ledger facts features are computed from, detached from storage so the calculator is pure
/// and the in-memory store can keep them for time-driven re-computation without touching SQLite.</summary>
public sealed record CustomerFacts(
    CustomerProfile Profile,
    PurchaseFact[] Purchases,
    InvoiceFact[] Invoices,
    long CreditLimitMinor,
    long CreditBalanceMinor);

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
