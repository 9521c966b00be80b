namespace LedgerGrpc.Ledger.Model;

/// <summary>A merge of one customer into another, with what was moved.</summary>
public sealed class MergeRecord
{
    public long Id { get; set; }
    public long SurvivingCustomerId { get; set; }
    public long MergedCustomerId { get; set; }
    public string Reason { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTime At { get; set; }
    public int MovedTransactions { get; set; }
    public int MovedInvoices { get; set; }
    public int MovedPayments { get; set; }
    public int MovedNotes { get; set; }
}
