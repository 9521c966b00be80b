namespace LedgerGrpc.Ledger.Model;

/// <summary>One free-form attribute of a customer; a row each so filters can use an index.</summary>
public sealed class CustomerAttribute
{
    public long CustomerId { get; set; }
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
