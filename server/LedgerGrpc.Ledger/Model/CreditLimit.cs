namespace LedgerGrpc.Ledger.Model;

/// <summary>A customer's credit limit; credit used is the customer's open receivables.</summary>
public sealed class CreditLimit
{
    public long CustomerId { get; set; }
    public long LimitMinor { get; set; }
    public DateTime SetAt { get; set; }
    public string SetBy { get; set; } = "";
}
