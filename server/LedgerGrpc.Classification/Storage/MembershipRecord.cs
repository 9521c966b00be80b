namespace LedgerGrpc.Classification.Storage;

/// <summary>A customer's current segment in a dimension (one row per tag for multi-match dimensions).</summary>
public sealed class MembershipRecord
{
    public long CustomerId { get; set; }
    public string Dimension { get; set; } = "";
    public string Segment { get; set; } = "";
    public string Rule { get; set; } = "";
    public int WorkflowVersion { get; set; }
    public long SinceUnixMs { get; set; }
}
