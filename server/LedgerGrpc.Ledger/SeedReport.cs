namespace LedgerGrpc.Ledger;

/// <summary>What a seed run wrote.</summary>
public sealed record SeedReport(
    int Customers,
    long Transactions,
    long Invoices,
    long Payments,
    long WrittenOffInvoices,
    int NearDuplicates,
    TimeSpan Elapsed);
