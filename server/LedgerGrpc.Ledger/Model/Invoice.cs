namespace LedgerGrpc.Ledger.Model;

/// <summary>A receivable. Outstanding = amount − paid − written off.</summary>
public sealed class Invoice
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string Number { get; set; } = "";
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly IssueDate { get; set; }
    public DateOnly DueDate { get; set; }
    public long PaidMinor { get; set; }
    public long WrittenOffMinor { get; set; }
    public InvoiceStatus Status { get; set; }
    public string WriteOffReason { get; set; } = "";
    public DateOnly? WrittenOffOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? IdempotencyKey { get; set; }

    public long OutstandingMinor => AmountMinor - PaidMinor - WrittenOffMinor;
}
