namespace LedgerGrpc.Classification.Storage;

/// <summary>An operator's manual override of a computed segment.</summary>
public sealed class OverrideRecord
{
    public long CustomerId { get; set; }
    public string Dimension { get; set; } = "";
    public string Segment { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Author { get; set; } = "";
    public long CreatedAtUnixMs { get; set; }
    public long? ExpiresAtUnixMs { get; set; }
}
