namespace LedgerGrpc.Classification.Storage;

/// <summary>The leaf of the classification tree a customer is assigned to.</summary>
public sealed class CustomerCategoryRecord
{
    public long CustomerId { get; set; }
    public string Code { get; set; } = "";
}
