namespace LedgerGrpc.Ledger.Model;

/// <summary>A purchase (sale) or refund. Amounts are positive minor units; the kind gives the sign.</summary>
public sealed class Transaction
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public TransactionKind Kind { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public string Product { get; set; } = "";
    public int Quantity { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? IdempotencyKey { get; set; }
}
