using System.Threading.Channels;
using LedgerGrpc.Ledger.Internal;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Ledger;

/// <summary>
/// The ledger's single writer (group commit). Callers queue commands; one loop drains whatever is
/// queued, applies each command under its own savepoint inside ONE transaction, runs the commit
/// hooks, commits (one WAL fsync for the whole batch), and only then completes each caller's task.
/// A refused command rolls back to its savepoint and fails alone; a failed commit fails every caller
/// of the batch, none of whose writes are then in the file.
/// </summary>
public sealed partial class LedgerWriter : IAsyncDisposable
{
    private readonly LedgerStore _store;
    private readonly TimeProvider _clock;
    private readonly ILedgerCommitHook[] _hooks;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public LedgerWriter(LedgerStore store, TimeProvider clock, IEnumerable<ILedgerCommitHook> hooks, ILogger<LedgerWriter> logger)
    {
        _store = store;
        _clock = clock;
        _hooks = hooks.ToArray();
        _logger = logger;
        Stats = new LedgerWriterStats(clock);
        LedgerTelemetry.Observe(this);
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public LedgerOptions Options => _store.Options;

    /// <summary>Queue depth, totals and recent rates, for GetServerStats.</summary>
    public LedgerWriterStats Stats { get; }

    /// <summary>
    /// Validates, queues and waits for the command's batch to commit. Once queued a command is not
    /// cancelled (it may already be durable); callers retry with an idempotency key instead.
    /// </summary>
    public Task<T> ExecuteAsync<T>(LedgerCommand<T> command, string actor)
    {
        command.Validate(_store.Options);
        // The span's name is only built when someone traces (a string per call otherwise).
        var item = new WorkItem<T>(command, actor) { Activity = LedgerTelemetry.Source.HasListeners() ? LedgerTelemetry.Source.StartActivity("ledger.write " + command.Name) : null };
        // Counted before it can be taken, so the depth never reads below zero.
        Stats.Queued();
        if (!_queue.Writer.TryWrite(item))
        {
            Stats.Taken(1);
            item.Activity?.Stop();
            throw new ObjectDisposedException(nameof(LedgerWriter), "The ledger writer has stopped.");
        }

        return item.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        using var connection = _store.OpenWriterConnection();
        using var session = new LedgerWriteSession(_store, connection, _clock);
        var batch = new List<WorkItem>(_store.Options.MaxBatchSize);
        var single = new List<WorkItem>(1);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _store.Options.MaxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            Stats.Taken(batch.Count);

            if (_store.Options.GroupCommit)
            {
                await RunBatchAsync(session, batch).ConfigureAwait(false);
                continue;
            }

            foreach (var item in batch)
            {
                single.Clear();
                single.Add(item);
                await RunBatchAsync(session, single).ConfigureAwait(false);
            }
        }
    }

    private async Task RunBatchAsync(LedgerWriteSession session, List<WorkItem> batch)
    {
        var applied = new List<WorkItem>(batch.Count);
        LedgerCommitContext? context = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = StartCommitSpan(batch);
        try
        {
            session.Begin();
            foreach (var item in batch)
            {
                ApplyOne(session, item, applied);
            }

            session.FlushTotals();
            if (session.Changes.Count > 0 && _hooks.Length > 0)
            {
                context = new LedgerCommitContext(() => session.Db, session.Connection, session.Transaction, session.Changes.ToArray());
                foreach (var hook in _hooks)
                {
                    await hook.BeforeCommitAsync(context, CancellationToken.None).ConfigureAwait(false);
                }
            }

            session.Transaction.Commit();
        }
        catch (Exception ex)
        {
            LogBatchFailed(ex, batch.Count);
            try
            {
                session.Transaction?.Rollback();
            }
            catch (Exception rollbackError)
            {
                LogRollbackFailed(rollbackError);
            }

            if (context is not null)
            {
                foreach (var hook in _hooks)
                {
                    hook.AfterRollback(context);
                }
            }

            session.EndBatch();
            LedgerTelemetry.BatchesFailed.Add(1);
            Stats.Failed();
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            foreach (var item in applied)
            {
                item.Fail(ex);
            }

            return;
        }

        var commitSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        LedgerTelemetry.CommitDuration.Record(commitSeconds);
        Stats.Committed(applied.Count, commitSeconds);
        LedgerTelemetry.BatchSize.Record(applied.Count);
        RecordCommitted(applied);

        if (context is not null)
        {
            foreach (var hook in _hooks)
            {
                try
                {
                    hook.AfterCommit(context);
                }
                catch (Exception ex)
                {
                    // The batch is durable; a hook's after-commit failure must not un-acknowledge it.
                    LogAfterCommitFailed(ex, hook.GetType().Name);
                }
            }
        }

        session.EndBatch();
        foreach (var item in applied)
        {
            item.Complete();
        }
    }

    /// <summary>The batch's span, linked to each command's "ledger.write" span (only when someone traces).</summary>
    private static System.Diagnostics.Activity? StartCommitSpan(List<WorkItem> batch)
    {
        if (!LedgerTelemetry.Source.HasListeners()) return null;
        var links = new List<System.Diagnostics.ActivityLink>(batch.Count);
        foreach (var item in batch)
        {
            if (item.Activity is { } write) links.Add(new System.Diagnostics.ActivityLink(write.Context));
        }

        var span = LedgerTelemetry.Source.StartActivity("ledger.commit", System.Diagnostics.ActivityKind.Internal, parentContext: default, links: links);
        span?.SetTag("ledger.batch.size", batch.Count);
        return span;
    }

    /// <summary>Commands committed, by command name (one counter add per name in the batch, not per command).</summary>
    private static void RecordCommitted(List<WorkItem> applied)
    {
        if (!LedgerTelemetry.CommandsCommitted.Enabled) return;
        var i = 0;
        while (i < applied.Count)
        {
            var name = applied[i].Name;
            var count = 0;
            while (i < applied.Count && applied[i].Name == name)
            {
                count++;
                i++;
            }

            LedgerTelemetry.CommandsCommitted.Add(count, new KeyValuePair<string, object?>("command", name));
        }
    }

    private void ApplyOne(LedgerWriteSession session, WorkItem item, List<WorkItem> applied)
    {
        session.Actor = item.Actor;
        var changesBefore = session.Changes.Count;
        if (!item.NeedsSavepoint)
        {
            // Refusals come before any write; anything else propagates and fails the batch.
            try
            {
                item.Apply(session);
                applied.Add(item);
            }
            catch (LedgerException ex)
            {
                item.Fail(ex);
            }

            return;
        }

        // EF-based commands read customer rows: bring them up to date first.
        session.FlushTotals();
        session.Savepoint();
        try
        {
            item.Apply(session);
            session.Release();
            applied.Add(item);
        }
        catch (Exception ex) when (ex is LedgerException or Microsoft.Data.Sqlite.SqliteException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Only this command's effects go; the rest of the batch carries on.
            session.RollbackCommand();
            session.Changes.RemoveRange(changesBefore, session.Changes.Count - changesBefore);
            if (ex is not LedgerException)
            {
                LogCommandFailed(ex, item.Name);
            }

            item.Fail(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger batch of {Count} commands failed and was rolled back")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger batch rollback failed")]
    private partial void LogRollbackFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Commit hook {Hook} failed after commit")]
    private partial void LogAfterCommitFailed(Exception ex, string hook);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger command {Command} failed in storage and was rolled back alone")]
    private partial void LogCommandFailed(Exception ex, string command);
}
