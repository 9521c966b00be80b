namespace LedgerGrpc.Classification.Dimensions;

/// <summary>First-match: exactly one segment per customer. Multi-match: every successful rule adds a tag.</summary>
public enum ClassificationMode
{
    FirstMatch,
    MultiMatch,
}
