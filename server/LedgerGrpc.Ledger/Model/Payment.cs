namespace LedgerGrpc.Ledger.Model;

/// <summary>Money received. What is not allocated to invoices stays as customer credit.</summary>
public sealed class Payment
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly ReceivedDate { get; set; }
    public string Reference { get; set; } = "";
    public long UnappliedMinor { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? IdempotencyKey { get; set; }
    public List<PaymentAllocation> Allocations { get; set; } = [];
}
