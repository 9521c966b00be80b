namespace LedgerGrpc.Ledger.Model;

public enum InvoiceStatus
{
    Open = 1,
    Paid = 2,
    WrittenOff = 3,
}
