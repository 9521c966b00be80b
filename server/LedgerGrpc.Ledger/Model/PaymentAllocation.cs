namespace LedgerGrpc.Ledger.Model;

/// <summary>The part of a payment applied to one invoice, on the payment's received date.</summary>
public sealed class PaymentAllocation
{
    public long Id { get; set; }
    public long PaymentId { get; set; }
    public long InvoiceId { get; set; }
    public long AmountMinor { get; set; }
    public DateOnly AppliedOn { get; set; }
}
