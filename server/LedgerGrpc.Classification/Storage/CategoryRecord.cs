namespace LedgerGrpc.Classification.Storage;

/// <summary>A node of the operator-maintained classification tree; the code encodes the path (01 → 0102 → 010203).</summary>
public sealed class CategoryRecord
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}
