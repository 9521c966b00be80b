using System.Collections.Concurrent;
using System.Threading.Channels;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// The re-classification jobs of a server (publish, rollback, delete, plugin, sweep): hands out their ids (going on
/// from the last stored one, so an id a client kept never names another job), keeps this run's jobs and their stored
/// records (so listings span restarts), and runs them one at a time on a loop of their own. What a job does is the
/// engine's (<see cref="ClassificationEngine.EnqueueAsync(Func{ClassifierSnapshot, ClassifierSnapshot}, string, int, ChangeCause, bool)"/>):
/// this type only sees it start, finish or fail.
/// </summary>
public sealed partial class ReclassificationJobs
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Func<CancellationToken, Task>> _queue = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<long, Reclassification> _jobs = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Held while a job id is taken, the job registered and the id published (<see cref="Enqueue"/>).</summary>
    private readonly Lock _ids = new();

    private long _lastId;
    private Task _loop = Task.CompletedTask;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="logger">The engine's: job log lines keep its category.</param>
    internal ReclassificationJobs(string connectionString, TimeProvider time, ILogger logger)
    {
        _connectionString = connectionString;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes the next time a job is queued, starts or finishes (progress in between is not signalled:
    /// watchers poll it at their own pace).</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>The newest job id handed out (ids go on from the last stored one after a restart). Every job up to it
    /// is registered: <see cref="Find"/> finds it and, while it runs, <see cref="Active"/> lists it.</summary>
    public long LastId => Volatile.Read(ref _lastId);

    /// <summary>The job being computed or stored now (progress for metrics and GetServerStats), or null.</summary>
    public Reclassification? Running { get; private set; }

    /// <summary>The last sweep that finished (periodic or at start-up), or null.</summary>
    public Reclassification? LastSweep { get; private set; }

    /// <summary>Tests: called with a new job's id after it is taken and before the job is registered and the id published.</summary>
    internal Action<long>? IdTaken { get; set; }

    /// <summary>A job of this run from memory, or an earlier run's from storage (ids are never reused).</summary>
    public Reclassification? Find(long id) =>
        _jobs.GetValueOrDefault(id) ?? (id > 0 ? Read(c => ReclassificationStore.Find(c, id)) : null);

    /// <summary>The jobs of this run that have not finished (queued or running), oldest first.</summary>
    public List<Reclassification> Active() => [.. _jobs.Values.Where(j => !j.Done).OrderBy(j => j.Id)];

    /// <summary>Jobs newest first, from storage (so earlier runs' jobs are listed, those a stop cut short as
    /// interrupted), with this run's live progress; the page token is the last id of the previous page.</summary>
    public Page<Reclassification> List(PageRequest page)
    {
        var stored = Read(c => ReclassificationStore.Before(c, page.AfterId, page.Size + 1));
        return page.ToPage([.. stored.Select(j => _jobs.GetValueOrDefault(j.Id) ?? j)], j => j.Id);
    }

    /// <summary>At start-up, before any job is queued: ids go on from the last one stored.</summary>
    internal void ContinueIds() => _lastId = Read(ReclassificationStore.LastId);

    /// <summary>Starts running the queued jobs (the engine's load does, once customers are loaded).</summary>
    internal void Start() => _loop = Task.Run(() => RunAllAsync(_stopping.Token), CancellationToken.None);

    /// <summary>Registers and stores a job, then queues <paramref name="work"/> for it. The work starts and finishes the
    /// job (<see cref="Started"/>, <see cref="Finish"/>); a failure or a stop fails it.</summary>
    internal Reclassification Enqueue(string dimension, int version, ChangeCause cause, Func<Reclassification, CancellationToken, Task> work)
    {
        Reclassification job;
        // In memory first, so a listing never reads the stored row of a live job as interrupted; stored before anyone
        // learns the id: after a restart the id still names this job (see Find). The id is published (LastId) only once
        // its job is registered: a watcher that reads LastId and then Active() would otherwise take an id whose job it
        // cannot see yet as already looked at, and never report that job (WatchJobs missed the start-up sweep that way).
        lock (_ids)
        {
            job = new Reclassification(_lastId + 1, dimension, version, cause) { QueuedAt = Now };
            IdTaken?.Invoke(job.Id);
            _jobs[job.Id] = job;
            Volatile.Write(ref _lastId, job.Id);
        }

        try
        {
            // The job's own time, not a second clock read: a restart must list the job as it was listed before.
            Read(c =>
            {
                ReclassificationStore.Queued(c, job, job.QueuedAt);
                return 0;
            });
        }
        catch (Exception ex)
        {
            // The id is handed out to watchers already: it stays, as a failed job.
            job.Fail(ex, Now);
            SignalChanged();
            throw;
        }

        if (!_queue.Writer.TryWrite(ct => RunAsync(job, work, ct)))
        {
            job.Fail(new ObjectDisposedException(nameof(ClassificationEngine), "The server is stopping."), Now);
        }

        SignalChanged();
        return job;
    }

    /// <summary>The job (or a later phase of it) starts with <paramref name="total"/> customers to go.</summary>
    internal void Started(Reclassification job, long total)
    {
        job.Start(total);
        SignalChanged();
    }

    /// <summary>The job's changes are stored and served.</summary>
    internal void Finish(Reclassification job, long changed)
    {
        // Before the job reads as finished, so whoever sees it done also sees it as the last sweep.
        if (job.Cause == ChangeCause.Sweep) LastSweep = job;
        job.Finish(changed, Now);
    }

    /// <summary>At shutdown: takes no more jobs and cuts the running one short (its transaction rolls back; the next
    /// start's sweep does its work). Ledger writes are still classified until the engine is disposed.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping: a job cut short leaves nothing half-written (its transaction rolls back).
        }
    }

    /// <summary>The engine's disposal, after <see cref="StopAsync"/>. Not <see cref="IDisposable"/>: the host's container
    /// hands this instance to services and would dispose it before the engine stops it.</summary>
    internal void Close() => _stopping.Dispose();

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private async Task RunAllAsync(CancellationToken ct)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(ct))
        {
            await job(ct);
        }
    }

    private async Task RunAsync(Reclassification job, Func<Reclassification, CancellationToken, Task> work, CancellationToken ct)
    {
        try
        {
            Running = job;
            await work(job, ct);
        }
        catch (OperationCanceledException ex) when (ct.IsCancellationRequested)
        {
            // The server is stopping: the job is interrupted, not broken (a restart lists it as interrupted).
            LogStopped(job.Id);
            job.Fail(ex, Now);
        }
        catch (Exception ex)
        {
            LogFailed(ex, job.Id);
            job.Fail(ex, Now);
        }

        Running = null;
        ClassificationTelemetry.Jobs.Add(1, new KeyValuePair<string, object?>("cause", ClassificationBatchWriter.CauseText(job.Cause)),
            new KeyValuePair<string, object?>("outcome", job.Error.Length == 0 ? "done" : "failed"));
        StoreOutcome(job);
        SignalChanged();
        // The job's large-cache connection is closed by now: give its freed pages back to the OS (see NativeHeap).
        NativeHeap.Trim();
        job.Ended.TrySetResult();
    }

    /// <summary>Records how the job ended; a failure to record it is logged (the job's work is committed or rolled back
    /// either way, and a job left unfinished in the table reads as interrupted).</summary>
    private void StoreOutcome(Reclassification job)
    {
        try
        {
            Read(c =>
            {
                ReclassificationStore.Finished(c, job, job.FinishedAt ?? Now);
                return 0;
            });
        }
        catch (SqliteException ex)
        {
            LogNotStored(ex, job.Id);
        }
    }

    private void SignalChanged() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>The job records, on a fresh connection.</summary>
    private T Read<T>(Func<SqliteConnection, T> read) => FreshConnection.Run(_connectionString, read);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-classification {Id} failed")]
    private partial void LogFailed(Exception ex, long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-classification {Id} stopped: the server is shutting down")]
    private partial void LogStopped(long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-classification {Id} finished but its outcome could not be stored")]
    private partial void LogNotStored(Exception ex, long id);
}
