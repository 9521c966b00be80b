namespace LedgerGrpc.Ledger.Model;

public enum NoteChannel
{
    Phone = 1,
    Email = 2,
    Visit = 3,
    Message = 4,
    Other = 5,
}
