namespace LedgerGrpc.Classification.Engine;

/// <summary>Where a re-classification job is.</summary>
public enum ReclassificationState
{
    /// <summary>Waiting behind another job (jobs run one at a time).</summary>
    Queued,

    /// <summary>Computing or storing; <see cref="Reclassification.Processed"/> of <see cref="Reclassification.Total"/> so far.</summary>
    Running,

    /// <summary>Stored and served.</summary>
    Done,

    /// <summary>Ended with an error; nothing of it was stored beyond the chunks a sweep committed.</summary>
    Failed,

    /// <summary>The server stopped before it finished (read back after a restart).</summary>
    Interrupted,
}
