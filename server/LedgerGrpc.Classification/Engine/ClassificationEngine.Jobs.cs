using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Engine;

// Background re-classification of the whole ledger (publish, rollback, delete, sweep), one job at a time.
public sealed partial class ClassificationEngine
{
    /// <summary>Queues a re-classification of every customer under <paramref name="snapshot"/> (null: the snapshot
    /// current when the job runs). Reads keep using the current snapshot until the job has committed.</summary>
    public Task<Reclassification> EnqueueAsync(ClassifierSnapshot? snapshot, string dimension, int version, ChangeCause cause, bool refreshFeatures = false) =>
        EnqueueAsync(_ => snapshot ?? _snapshot, dimension, version, cause, refreshFeatures);

    /// <summary>As above, with the new snapshot built from the one current when the job runs (so queued publishes of
    /// different dimensions all take effect).</summary>
    public Task<Reclassification> EnqueueAsync(Func<ClassifierSnapshot, ClassifierSnapshot> nextSnapshot, string dimension, int version, ChangeCause cause, bool refreshFeatures = false) =>
        Task.FromResult(Jobs.Enqueue(dimension, version, cause, (job, ct) => RunReclassificationAsync(job, nextSnapshot, refreshFeatures, ct)));

    private async Task RunReclassificationAsync(Reclassification job, Func<ClassifierSnapshot, ClassifierSnapshot> nextSnapshot, bool refreshFeatures, CancellationToken ct)
    {
        var snapshot = nextSnapshot(_snapshot);
        var now = Now;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var entries = State.Entries.ToList();
        Jobs.Started(job, entries.Count);
        PercentileRanks? ranks = null;
        if (refreshFeatures)
        {
            // Time-driven features first, then ranks over the refreshed population. One scratch record: entries
            // keep only what features are computed from, not a million records.
            ranks = PopulationRanks(entries, now);
            _ranks = ranks;
            entries = WithRefreshedFeatures(entries, ranks, now);
            // Plugins with a population step see the refreshed population before anyone is classified with it.
            foreach (var plugin in snapshot.Plugins) plugin.Prepare(Population(entries));
            LogFeaturesRefreshed(job.Id, entries.Count, clock.ElapsedMilliseconds, (long)Environment.CpuUsage.TotalTime.TotalMilliseconds);
        }

        // A sweep keeps the rules in force, so it may store customers a chunk at a time: each chunk is whole
        // customers in its own transaction, memory holds one chunk's plan, ledger writes get the write lock between
        // chunks, and a first start cut short resumes where it stopped (stored customers compute no change). A
        // publish, rollback or delete switches rules: its customers switch in one transaction with the snapshot.
        var chunked = job.Cause == ChangeCause.Sweep;
        var chunkSize = chunked ? Math.Max(1, _options.SweepChunkSize) : int.MaxValue;
        if (chunked) entries.Sort(ByCustomerId);
        long changed = 0, computeMs = 0, storeMs = 0;
        var start = 0;
        // One connection for the whole job, so its page cache stays warm from chunk to chunk.
        using var connection = BulkWriteConnection.Open(_store.ConnectionString);
        // The history batch of this job's large commits (0 until one starts it; see SegmentChangeRecord.Batch).
        var batch = new System.Runtime.CompilerServices.StrongBox<long>();
        // The start-up sweep of a first start (customers with nothing stored): served from memory, stored behind.
        var storeBehind = chunked && Interlocked.Exchange(ref _storeBehind, 0) != 0;
        if (storeBehind) (changed, computeMs, storeMs) = await ServeThenStoreAsync(job, connection, snapshot, entries, ranks, batch, now, ct);
        else do
        {
            var count = Math.Min(chunkSize, entries.Count - start);
            var lap = clock.ElapsedMilliseconds;
            var plan = Plan(snapshot, entries.GetRange(start, count), refreshFeatures, job, now, ct);
            computeMs += clock.ElapsedMilliseconds - lap;
            lap = clock.ElapsedMilliseconds;
            changed += job.Cause == ChangeCause.Plugin
                ? await CommitInStepsAsync(connection, snapshot, plan, job.Cause, ranks, batch, ct)
                : await CommitPlanAsync(connection, snapshot, plan, job.Cause, ranks, batch, ct);
            start += count;
            // Between chunks, so the WAL does not grow by a whole start-up's worth of pages.
            if (start < entries.Count) Checkpoint(job, connection);
            storeMs += clock.ElapsedMilliseconds - lap;
            ChunkStored?.Invoke(start);
        }
        while (start < entries.Count);

        Jobs.Finish(job, changed);
        LogReclassified(job.Id, job.Cause, job.Dimension, changed, job.Total, computeMs, storeMs);
        // The job is done once committed (durable) and swapped in (served); copying the WAL back into the
        // database is not part of it. It would otherwise fall to whichever connection commits next: this
        // connection's automatic checkpoints are off (BulkWriteConnection).
        Checkpoint(job, connection);
        // A sweep leaves every customer current: a good moment for the snapshot a restart starts from.
        if (job.Cause == ChangeCause.Sweep) await SaveSnapshotLoggedAsync(ct);
    }

    /// <summary>Copies the WAL back; a failure is only logged (what is committed is durable in the WAL, and the next
    /// automatic checkpoint of another connection copies it).</summary>
    private void Checkpoint(Reclassification job, SqliteConnection connection)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = BulkWriteConnection.Checkpoint(connection);
            LogCheckpoint(job.Id, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, result);
        }
        catch (SqliteException ex)
        {
            LogCheckpointFailed(ex, job.Id);
        }
    }

    /// <summary>Tests: called after each stored chunk (or step of a first start's background store) with the number of
    /// customers stored so far in the job.</summary>
    internal Action<int>? ChunkStored { get; set; }

    /// <summary>Off-lock: finds who would change. The plan remembers the entry version it was computed from.</summary>
    private List<(CustomerEntry Entry, long SeenVersion, Membership[] After)> Plan(
        ClassifierSnapshot snapshot, List<CustomerEntry> entries, bool refreshFeatures, Reclassification? progress, DateTime now, CancellationToken ct)
    {
        // Customers are independent: compute on every core, each thread with its own scratch features record and
        // its own part of the plan.
        List<(CustomerEntry Entry, long SeenVersion, Membership[] After)> PlanRange(int from, int to)
        {
            var part = new List<(CustomerEntry Entry, long SeenVersion, Membership[] After)>();
            // Plugins answer a batch of customers per call, so with plugins the range is walked in batches of distinct
            // feature records; without, one scratch record does.
            var verdicts = snapshot.RunsPluginCode ? new PluginVerdicts(snapshot) : null;
            var batch = new CustomerFeatures[verdicts is null ? 1 : PluginBatchSize];
            for (var k = 0; k < batch.Length; k++) batch[k] = new CustomerFeatures();
            for (var start = from; start < to; start += batch.Length)
            {
                var count = Math.Min(batch.Length, to - start);
                for (var k = 0; k < count; k++) entries[start + k].FeaturesInto(batch[k]);
                verdicts?.Fill(new ArraySegment<CustomerFeatures>(batch, 0, count));
                // Abandoned by the watchdog (a plugin call overran): this range is computed again elsewhere.
                if (WatchedThread.Current is { Abandoned: true }) return part;
                for (var k = 0; k < count; k++)
                {
                    var entry = entries[start + k];
                    var after = entry.Archived ? [] : MembershipCalculator.Compute(snapshot, batch[k], entry.Memberships, d => State.OverrideFor(entry.CustomerId, d), now, new PluginVerdictRow(verdicts, k));
                    if (refreshFeatures || !MembershipCalculator.SameAssignments(entry.Memberships, after))
                    {
                        part.Add((entry, entry.Version, after));
                    }

                    progress?.Advance();
                }
            }

            return part;
        }

        IEnumerable<List<(CustomerEntry Entry, long SeenVersion, Membership[] After)>> parts;
        if (snapshot.RunsPluginCode)
        {
            // Plugins (and workflows calling their expression helpers) are called inline on watched threads (one
            // hand-off per range instead of one per batch); this thread is their watchdog.
            parts = WatchedRanges.Run(entries.Count, LedgerPartitions.RangeSize(entries.Count), Environment.ProcessorCount, PlanRange, ct);
        }
        else
        {
            var bag = new System.Collections.Concurrent.ConcurrentBag<List<(CustomerEntry Entry, long SeenVersion, Membership[] After)>>();
            Parallel.ForEach(LedgerPartitions.Of(entries.Count), new ParallelOptions { CancellationToken = ct }, range => bag.Add(PlanRange(range.Item1, range.Item2)));
            parts = bag;
        }

        var plan = new List<(CustomerEntry Entry, long SeenVersion, Membership[] After)>(parts.Sum(p => p.Count));
        foreach (var part in parts) plan.AddRange(part);

        // Customer-id order (the in-memory state is a hash map): memberships are keyed (dimension, customer) and the
        // history is indexed by customer, so the writes walk those B-trees forward instead of hopping between pages.
        plan.Sort((a, b) => ByCustomerId(a.Entry, b.Entry));
        return plan;
    }

    /// <summary>Customers per plugin call in a re-classification.</summary>
    internal const int PluginBatchSize = 256;

    /// <summary>The active customers' features, one reused record (the population step's contract says so).</summary>
    private static IEnumerable<CustomerFeatures> Population(List<CustomerEntry> entries)
    {
        var scratch = new CustomerFeatures();
        foreach (var entry in entries)
        {
            if (!entry.Archived) yield return entry.FeaturesInto(scratch);
        }
    }

    private static int ByCustomerId(CustomerEntry a, CustomerEntry b) => a.CustomerId.CompareTo(b.CustomerId);

    /// <summary>Commits moving at least this many customers store their changes in the job's own history batch.</summary>
    internal const int LargeCommitMoves = 10_000;

    /// <summary>Customers per transaction when a plugin's dimensions go live, change version or retire (tests set
    /// fewer).</summary>
    internal int PluginCommitCustomers { get; set; } = 1_000;

    /// <summary>Tests: called after each step of a plugin job is stored, before the next one.</summary>
    internal Func<Task>? PluginStepStored { get; set; }

    /// <summary>
    /// A plugin job (load, hot reload, enable, retire) stores its plan in steps of <see cref="PluginCommitCustomers"/>
    /// customers, each in its own transaction, the first one swapping in the snapshot: the plugin's dimensions are
    /// re-classified in the background after the snapshot changed, and the ledger writer waits for one step at most
    /// instead of the whole plan (a hot reload under load moved every customer in one transaction: 0.5-0.8 s of
    /// blocked writes). Publishes keep one transaction: a workflow version switches atomically.
    /// </summary>
    private Task<long> CommitInStepsAsync(
        SqliteConnection connection, ClassifierSnapshot snapshot, List<(CustomerEntry Entry, long SeenVersion, Membership[] After)> plan, ChangeCause cause, PercentileRanks? ranks,
        System.Runtime.CompilerServices.StrongBox<long> batch, CancellationToken ct) =>
        CommitInStepsAsync(connection, snapshot, plan, cause, ranks, batch, PluginCommitCustomers, plan.Count(p => !MembershipCalculator.SameSegments(p.Entry.Memberships, p.After)),
            _ => PluginStepStored is { } stored ? stored() : Task.CompletedTask, ct);

    /// <summary>Stores <paramref name="plan"/> <paramref name="stepCustomers"/> customers per transaction, letting a busy
    /// ledger writer commit between steps; <paramref name="moves"/> are the plan's moves (they decide the history batch);
    /// <paramref name="stepStored"/> runs after each step with the customers stored in it.</summary>
    private async Task<long> CommitInStepsAsync(
        SqliteConnection connection, ClassifierSnapshot snapshot, List<(CustomerEntry Entry, long SeenVersion, Membership[] After)> plan, ChangeCause cause, PercentileRanks? ranks,
        System.Runtime.CompilerServices.StrongBox<long> batch, int stepCustomers, int moves, Func<int, Task> stepStored, CancellationToken ct)
    {
        long changed = 0;
        var from = 0;
        // At least one step, empty or not: its commit swaps in the snapshot.
        do
        {
            var step = plan.GetRange(from, Math.Min(Math.Max(1, stepCustomers), plan.Count - from));
            var writerActive = LedgerWriterActive;
            changed += await CommitPlanAsync(connection, snapshot, step, cause, ranks, batch, ct, moves);
            var committed = LedgerCommittedSignal;
            from += step.Count;
            await stepStored(step.Count);
            // A busy writer gets the lock between steps: it may be waiting out the SQLite driver's busy retry, so this
            // job begins its next step once the writer has committed a batch (or after the retry's period).
            if (from < plan.Count && writerActive) await WaitForLedgerCommitAsync(committed, ct);
        }
        while (from < plan.Count);

        return changed;
    }

    /// <summary>Writes the plan in one transaction and swaps in the snapshot. Customers a write changed since the plan
    /// was made are re-computed from their current entry under the lock. A commit moving many customers stores its
    /// changes in the job's history batch (<paramref name="batch"/>, started by the job's first large commit): they
    /// are appended to the per-customer index in customer order; a few moves go to batch 0 like ledger writes, so
    /// periodic sweeps do not multiply the batches a history read visits.</summary>
    private async Task<long> CommitPlanAsync(
        SqliteConnection connection, ClassifierSnapshot snapshot, List<(CustomerEntry Entry, long SeenVersion, Membership[] After)> plan, ChangeCause cause, PercentileRanks? ranks,
        System.Runtime.CompilerServices.StrongBox<long> batch, CancellationToken ct, int? movesInJob = null)
    {
        var moves = 0;
        foreach (var p in plan)
        {
            if (!MembershipCalculator.SameSegments(p.Entry.Memberships, p.After)) moves++;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction(deferred: false);
        await _gate.WaitAsync(ct);
        try
        {
            var locked = clock.ElapsedMilliseconds;
            var cpu = Environment.CpuUsage.TotalTime;
            var now = Now;
            var staged = new List<(CustomerEntry, List<SegmentChange>)>(plan.Count);
            long changedCustomers = 0;
            string timings;
            using (var writer = new ClassificationBatchWriter(new TransactionStatements(connection, transaction)))
            {
                // A job stored in steps is large by all its moves: its steps share one history batch.
                if ((movesInJob ?? moves) >= LargeCommitMoves)
                {
                    if (batch.Value == 0) batch.Value = writer.NewBatch();
                    else writer.Batch = batch.Value;
                }

                foreach (var (planned, seenVersion, plannedAfter) in plan)
                {
                    var current = State.Get(planned.CustomerId);
                    if (current is null) continue;
                    var entryCause = current.Memberships.Length == 0 ? ChangeCause.Initial : cause;
                    (CustomerEntry Entry, List<SegmentChange> Changes) result;
                    if (current.Version == seenVersion && !current.Unstored && MembershipCalculator.SameSegments(current.Memberships, plannedAfter))
                    {
                        // No segment moved (a sweep refreshing features, or a new version matching by another rule):
                        // stored rows change only where a segment changed, so this is memory only, as Store would
                        // conclude slower.
                        result = (planned.WithMemberships(plannedAfter, State.NextVersion()), []);
                    }
                    else if (current.Version == seenVersion)
                    {
                        // Nothing wrote to this customer since the plan: its computed memberships stand, and the planned
                        // entry (same facts, features as planned) carries them.
                        var changes = StoreChangesFrom(writer, planned.CustomerId, current, plannedAfter, entryCause, now);
                        result = (planned.WithMemberships(plannedAfter, State.NextVersion()), changes);
                    }
                    else
                    {
                        var features = _calculator.Calculate(current.Facts, now);
                        CarryRanks(ranks ?? _ranks, current, features);
                        result = Reclassify(writer, snapshot, current.Facts, features, current, entryCause, now);
                    }

                    if (result.Changes.Count > 0) changedCustomers++;
                    staged.Add(result);
                }

                writer.Flush();
                timings = writer.Timings;
            }

            var written = clock.ElapsedMilliseconds;
            var stagingCpu = Environment.CpuUsage.TotalTime - cpu;
            transaction.Commit();
            var committed = clock.ElapsedMilliseconds;
            _snapshot = snapshot;
            Apply(staged);
            LogCommitBreakdown(plan.Count, moves, locked, written - locked, (long)stagingCpu.TotalMilliseconds, timings, committed - written, clock.ElapsedMilliseconds - committed);
            return changedCustomers;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> and re-classifies one customer in one transaction (manual overrides).</summary>
    internal async Task<List<SegmentChange>> ApplyManualAsync(long customerId, Action<SqliteConnection, SqliteTransaction> work, Action afterCommit, CancellationToken ct)
    {
        using var connection = _store.OpenWriterConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        await _gate.WaitAsync(ct);
        try
        {
            work(connection, transaction);
            afterCommit();
            var current = State.Get(customerId) ?? throw new ClassificationException(ClassificationError.NotFound, $"Customer {customerId} does not exist.");
            (CustomerEntry, List<SegmentChange>) result;
            using (var writer = new ClassificationBatchWriter(new TransactionStatements(connection, transaction)))
            {
                result = Reclassify(writer, _snapshot, current.Facts, current.Features, current, ChangeCause.Manual, Now);
            }

            transaction.Commit();
            Apply([result]);
            return result.Item2;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored a plan of {Planned} customers ({Moves} moved): waiting for the lock {LockMs} ms, staging {StageMs} ms (process CPU {StageCpuMs} ms; in SQLite: {WriterTimings}), commit {CommitMs} ms, in memory {ApplyMs} ms")]
    private partial void LogCommitBreakdown(int planned, int moves, long lockMs, long stageMs, long stageCpuMs, string writerTimings, long commitMs, long applyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-classification {Id} refreshed the features and ranks of {Customers} customers in {Ms} ms (process CPU now {ProcessCpuMs} ms)")]
    private partial void LogFeaturesRefreshed(long id, int customers, long ms, long processCpuMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Re-classification {Id} checkpointed the WAL in {Ms} ms ({Result})")]
    private partial void LogCheckpoint(long id, long ms, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-classification {Id} could not checkpoint the WAL")]
    private partial void LogCheckpointFailed(Exception ex, long id);
}
