namespace LedgerGrpc.Ledger.Model;

public enum TransactionKind
{
    Sale = 1,
    Refund = 2,
}
