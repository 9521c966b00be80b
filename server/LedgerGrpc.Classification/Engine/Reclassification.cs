namespace LedgerGrpc.Classification.Engine;

/// <summary>Progress of one background re-classification (publish, rollback, delete or sweep).</summary>
public sealed class Reclassification(long id, string dimension, int workflowVersion, ChangeCause cause)
{
    private long _processed;
    private long _total;
    private long _changed;

    public long Id { get; } = id;
    public string Dimension { get; } = dimension;
    public int WorkflowVersion { get; } = workflowVersion;
    public ChangeCause Cause { get; } = cause;
    public long Processed => Interlocked.Read(ref _processed);
    public long Total => Interlocked.Read(ref _total);
    public long Changed => Interlocked.Read(ref _changed);
    public bool Done => Completion.Task.IsCompleted;
    public string Error { get; private set; } = "";

    /// <summary>Completes when the new memberships are stored and served.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A finished job read back from storage (<see cref="Storage.ReclassificationStore"/>).</summary>
    internal static Reclassification Restore(long id, string dimension, int workflowVersion, ChangeCause cause, long total, long processed, long changed, string error)
    {
        var job = new Reclassification(id, dimension, workflowVersion, cause) { _total = total, _processed = processed, _changed = changed, Error = error };
        if (error.Length > 0) job.Completion.TrySetException(new InvalidOperationException(error));
        else job.Completion.TrySetResult();
        return job;
    }

    internal void Start(long total) => Interlocked.Exchange(ref _total, total);

    internal void Advance() => Interlocked.Increment(ref _processed);

    internal void Finish(long changed)
    {
        Interlocked.Exchange(ref _changed, changed);
        Completion.TrySetResult();
    }

    internal void Fail(Exception ex)
    {
        Error = ex.Message;
        Completion.TrySetException(ex);
    }
}
