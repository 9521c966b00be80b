namespace LedgerGrpc.Classification.Engine;

/// <summary>One stored membership change. An empty <see cref="From"/> means the customer entered the dimension (or
/// gained a tag); an empty <see cref="To"/> means it left it (or lost a tag).</summary>
public sealed record SegmentChange(
    long Sequence,
    long CustomerId,
    string Dimension,
    string From,
    string To,
    DateTime At,
    ChangeCause Cause,
    int WorkflowVersion,
    string Rule);

/// <summary>Why a membership changed.</summary>
public enum ChangeCause
{
    Initial,
    Write,
    Sweep,
    Publish,
    Manual,

    /// <summary>A plugin was loaded, reloaded, disabled or removed (the rule names the plugin and its version).</summary>
    Plugin,
}
