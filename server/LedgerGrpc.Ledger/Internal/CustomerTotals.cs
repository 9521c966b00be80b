namespace LedgerGrpc.Ledger.Internal;

/// <summary>
/// A customer's purchase totals held by the writer for the rest of a batch, so a hot customer is
/// read once and written once per batch instead of once per transaction.
/// </summary>
internal sealed class CustomerTotals
{
    public long SalesTotalMinor;
    public long RefundTotalMinor;
    public long TransactionCount;
    public DateTime? FirstPurchaseAt;
    public DateTime? LastPurchaseAt;
    public bool Dirty;
}
