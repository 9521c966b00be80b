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

    /// <summary>0 for changes stored a few at a time (ledger writes, overrides, small jobs); the changes of a large
    /// re-classification carry the sequence of its first change. The per-customer index leads with it, so a job that
    /// moves a fifth of a million customers appends to the end of that index, in customer order, instead of inserting
    /// into nearly every page of it (migration IndexHistoryByBatch).</summary>
    public long Batch { get; set; }
}
