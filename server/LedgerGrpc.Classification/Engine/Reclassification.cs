namespace LedgerGrpc.Classification.Engine;

/// <summary>Progress of one background re-classification (publish, rollback, delete or sweep).</summary>
public sealed class Reclassification(long id, string dimension, int workflowVersion, ChangeCause cause)
{
    private long _processed;
    private long _total;
    private long _changed;
    private int _started;

    public long Id { get; } = id;
    public string Dimension { get; } = dimension;
    public int WorkflowVersion { get; } = workflowVersion;
    public ChangeCause Cause { get; } = cause;
    public long Processed => Interlocked.Read(ref _processed);
    public long Total => Interlocked.Read(ref _total);
    public long Changed => Interlocked.Read(ref _changed);
    public bool Done => Completion.Task.IsCompleted;
    public string Error { get; private set; } = "";

    /// <summary>When the job was queued (its id handed out). Instants are kept to the millisecond, as stored, so a
    /// job reads the same before and after a restart.</summary>
    public DateTime QueuedAt { get; internal init => field = ToMs(value); }

    /// <summary>When the job finished (done or failed), or null while it is queued or running.</summary>
    public DateTime? FinishedAt { get; private set; }

    /// <summary>True for a stored job the server stopped before it finished (its <see cref="Error"/> says so).</summary>
    public bool Interrupted { get; private init; }

    /// <summary>Where the job is: queued, running, done, failed or interrupted.</summary>
    public ReclassificationState State =>
        Interrupted ? ReclassificationState.Interrupted
        : Done ? (Error.Length > 0 ? ReclassificationState.Failed : ReclassificationState.Done)
        : Volatile.Read(ref _started) != 0 ? ReclassificationState.Running
        : ReclassificationState.Queued;

    /// <summary>Completes when the new memberships are stored and served.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after <see cref="Completion"/>, once the job has let go of everything it held (its large-cache
    /// connection closed, its snapshot written, its outcome stored): what is in memory then is the server at rest.</summary>
    internal TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A finished (or interrupted) job read back from storage (<see cref="Storage.ReclassificationStore"/>).</summary>
    internal static Reclassification Restore(long id, string dimension, int workflowVersion, ChangeCause cause, long total, long processed, long changed,
        string error, DateTime queuedAt, DateTime? finishedAt, bool interrupted)
    {
        var job = new Reclassification(id, dimension, workflowVersion, cause)
        {
            _total = total, _processed = processed, _changed = changed, _started = 1, Error = error, QueuedAt = queuedAt, FinishedAt = finishedAt, Interrupted = interrupted,
        };
        if (error.Length > 0) job.Completion.TrySetException(new InvalidOperationException(error));
        else job.Completion.TrySetResult();
        return job;
    }

    /// <summary>Starts the job (or a later phase of it: the start-up sweep of a first start counts the customers it
    /// classified, then those it stored) with <paramref name="total"/> customers to go.</summary>
    internal void Start(long total)
    {
        Interlocked.Exchange(ref _processed, 0);
        Interlocked.Exchange(ref _total, total);
        Volatile.Write(ref _started, 1);
    }

    internal void Advance() => Interlocked.Increment(ref _processed);

    internal void Advance(long customers) => Interlocked.Add(ref _processed, customers);

    internal void Finish(long changed, DateTime at)
    {
        Interlocked.Exchange(ref _changed, changed);
        FinishedAt = ToMs(at);
        Completion.TrySetResult();
    }

    internal void Fail(Exception ex, DateTime at)
    {
        Error = ex.Message;
        FinishedAt = ToMs(at);
        Completion.TrySetException(ex);
    }

    private static DateTime ToMs(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
