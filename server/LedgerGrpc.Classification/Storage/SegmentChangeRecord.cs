namespace LedgerGrpc.Classification.Storage;

/// <summary>One membership change; <see cref="Sequence"/> is what WatchChanges resumes from.</summary>
public sealed class SegmentChangeRecord
{
    public long Sequence { get; set; }
    public long CustomerId { get; set; }
    public string Dimension { get; set; } = "";
    public string FromSegment { get; set; } = "";
    public string ToSegment { get; set; } = "";
    public long AtUnixMs { get; set; }

    /// <summary>initial, write, sweep, publish or manual.</summary>
    public string Cause { get; set; } = "";
    public int WorkflowVersion { get; set; }
    public string Rule { get; set; } = "";
}
