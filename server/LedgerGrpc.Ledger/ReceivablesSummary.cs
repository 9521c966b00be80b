namespace LedgerGrpc.Ledger;

/// <summary>A customer's receivables as of a date, with aging by days past due.</summary>
public sealed record ReceivablesSummary
{
    public long CustomerId { get; init; }
    public DateOnly AsOf { get; init; }
    public long OutstandingMinor { get; init; }
    public long OverdueMinor { get; init; }
    public long CurrentMinor { get; init; }
    public long Days1To30Minor { get; init; }
    public long Days31To60Minor { get; init; }
    public long Days61To90Minor { get; init; }
    public long DaysOver90Minor { get; init; }
    public int OldestOverdueDays { get; init; }
    public long WrittenOffMinor { get; init; }
    public long CreditBalanceMinor { get; init; }
    public int OpenInvoiceCount { get; init; }
}
