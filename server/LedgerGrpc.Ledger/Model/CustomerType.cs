namespace LedgerGrpc.Ledger.Model;

public enum CustomerType
{
    Individual = 1,
    Enterprise = 2,
}
