namespace LedgerGrpc.Classification.Storage;

/// <summary>A re-classification job as stored, so its id keeps naming it (and its outcome) across restarts.
/// <see cref="FinishedAtUnixMs"/> is null for a job the server stopped before it finished.</summary>
public sealed class ReclassificationRecord
{
    public long Id { get; set; }
    public string Cause { get; set; } = "";
    public string Dimension { get; set; } = "";
    public int WorkflowVersion { get; set; }
    public long Total { get; set; }
    public long Processed { get; set; }
    public long Changed { get; set; }
    public string Error { get; set; } = "";
    public long QueuedAtUnixMs { get; set; }
    public long? FinishedAtUnixMs { get; set; }
}
