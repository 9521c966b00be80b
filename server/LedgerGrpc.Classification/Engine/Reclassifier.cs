using System.Runtime.CompilerServices;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// What a re-classification job does (publish, rollback, delete, plugin, sweep), run by <see cref="ReclassificationJobs"/>
/// one at a time: refreshes features and ranks for a sweep, plans off-lock who would change, and stores the plan through
/// the engine (<see cref="ClassificationEngine.CommitPlanAsync"/>, which takes the SQLite write lock and then the engine's
/// gate) in chunks or steps, letting a busy ledger writer commit in between (<see cref="LedgerWriterPace"/>).
/// </summary>
/// <param name="logger">The engine's: job log lines keep its category.</param>
internal sealed partial class Reclassifier(
    ClassificationEngine engine, ReclassificationJobs jobs, ClassificationOptions options, TimeProvider time, LedgerWriterPace pace, ILogger logger)
{
    /// <summary>What the job does: re-classifies every customer under the snapshot <paramref name="nextSnapshot"/> makes
    /// of the current one, features refreshed first when <paramref name="refreshFeatures"/>.</summary>
    public async Task RunAsync(Reclassification job, Func<ClassifierSnapshot, ClassifierSnapshot> nextSnapshot, bool refreshFeatures, CancellationToken ct)
    {
        var snapshot = nextSnapshot(engine.Snapshot);
        var now = engine.Now;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var entries = engine.State.Entries.ToList();
        jobs.Started(job, entries.Count);
        PercentileRanks? ranks = null;
        if (refreshFeatures)
        {
            // Time-driven features first, then ranks over the refreshed population. One scratch record: entries
            // keep only what features are computed from, not a million records.
            (entries, ranks) = engine.RefreshFeatures(entries, now);
            // Plugins with a population step see the refreshed population before anyone is classified with it.
            foreach (var plugin in snapshot.Plugins) plugin.Prepare(Population(entries));
            LogFeaturesRefreshed(job.Id, entries.Count, clock.ElapsedMilliseconds, (long)Environment.CpuUsage.TotalTime.TotalMilliseconds);
        }

        // A sweep keeps the rules in force, so it may store customers a chunk at a time: each chunk is whole
        // customers in its own transaction, memory holds one chunk's plan, ledger writes get the write lock between
        // chunks, and a first start cut short resumes where it stopped (stored customers compute no change). A
        // publish, rollback or delete switches rules: its customers switch in one transaction with the snapshot.
        var chunked = job.Cause == ChangeCause.Sweep;
        var chunkSize = chunked ? Math.Max(1, options.SweepChunkSize) : int.MaxValue;
        if (chunked) entries.Sort(ByCustomerId);
        long changed = 0, computeMs = 0, storeMs = 0;
        var start = 0;
        // One connection for the whole job, so its page cache stays warm from chunk to chunk.
        using var connection = BulkWriteConnection.Open(engine.ConnectionString);
        // The history batch of this job's large commits (0 until one starts it; see SegmentChangeRecord.Batch).
        var batch = new StrongBox<long>();
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
                : await engine.CommitPlanAsync(connection, snapshot, plan, job.Cause, ranks, batch, ct);
            start += count;
            // Between chunks, so the WAL does not grow by a whole start-up's worth of pages.
            if (start < entries.Count) Checkpoint(job, connection);
            storeMs += clock.ElapsedMilliseconds - lap;
            ChunkStored?.Invoke(start);
        }
        while (start < entries.Count);

        jobs.Finish(job, changed);
        LogReclassified(job.Id, job.Cause, job.Dimension, changed, job.Total, computeMs, storeMs);
        // The job is done once committed (durable) and swapped in (served); copying the WAL back into the
        // database is not part of it. It would otherwise fall to whichever connection commits next: this
        // connection's automatic checkpoints are off (BulkWriteConnection).
        Checkpoint(job, connection);
        // A sweep leaves every customer current: a good moment for the snapshot a restart starts from.
        if (job.Cause == ChangeCause.Sweep) await engine.SaveSnapshotLoggedAsync(ct);
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
    private List<PlannedCustomer> Plan(
        ClassifierSnapshot snapshot, List<CustomerEntry> entries, bool refreshFeatures, Reclassification? progress, DateTime now, CancellationToken ct)
    {
        // Customers are independent: compute on every core, each thread with its own scratch features record and
        // its own part of the plan.
        List<PlannedCustomer> PlanRange(int from, int to)
        {
            var part = new List<PlannedCustomer>();
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
                    var after = entry.Archived ? [] : MembershipCalculator.Compute(snapshot, batch[k], entry.Memberships, d => engine.State.OverrideFor(entry.CustomerId, d), now, new PluginVerdictRow(verdicts, k));
                    if (refreshFeatures || !MembershipCalculator.SameAssignments(entry.Memberships, after))
                    {
                        part.Add(new(entry, entry.Version, after));
                    }

                    progress?.Advance();
                }
            }

            return part;
        }

        IEnumerable<List<PlannedCustomer>> parts;
        if (snapshot.RunsPluginCode)
        {
            // Plugins (and workflows calling their expression helpers) are called inline on watched threads (one
            // hand-off per range instead of one per batch); this thread is their watchdog.
            parts = WatchedRanges.Run(entries.Count, LedgerPartitions.RangeSize(entries.Count), Environment.ProcessorCount, PlanRange, ct);
        }
        else
        {
            var bag = new System.Collections.Concurrent.ConcurrentBag<List<PlannedCustomer>>();
            Parallel.ForEach(LedgerPartitions.Of(entries.Count), new ParallelOptions { CancellationToken = ct }, range => bag.Add(PlanRange(range.Item1, range.Item2)));
            parts = bag;
        }

        var plan = new List<PlannedCustomer>(parts.Sum(p => p.Count));
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
        SqliteConnection connection, ClassifierSnapshot snapshot, List<PlannedCustomer> plan, ChangeCause cause, PercentileRanks? ranks,
        StrongBox<long> batch, CancellationToken ct) =>
        CommitInStepsAsync(connection, snapshot, plan, cause, ranks, batch, PluginCommitCustomers, plan.Count(p => !MembershipCalculator.SameSegments(p.Entry.Memberships, p.After)),
            _ => PluginStepStored is { } stored ? stored() : Task.CompletedTask, ct);

    /// <summary>Stores <paramref name="plan"/> <paramref name="stepCustomers"/> customers per transaction, letting a busy
    /// ledger writer commit between steps; <paramref name="moves"/> are the plan's moves (they decide the history batch);
    /// <paramref name="stepStored"/> runs after each step with the customers stored in it.</summary>
    private async Task<long> CommitInStepsAsync(
        SqliteConnection connection, ClassifierSnapshot snapshot, List<PlannedCustomer> plan, ChangeCause cause, PercentileRanks? ranks,
        StrongBox<long> batch, int stepCustomers, int moves, Func<int, Task> stepStored, CancellationToken ct)
    {
        long changed = 0;
        var from = 0;
        // At least one step, empty or not: its commit swaps in the snapshot.
        do
        {
            var step = plan.GetRange(from, Math.Min(Math.Max(1, stepCustomers), plan.Count - from));
            var writerActive = pace.WriterActive;
            changed += await engine.CommitPlanAsync(connection, snapshot, step, cause, ranks, batch, ct, moves);
            var committed = pace.NextCommit;
            from += step.Count;
            await stepStored(step.Count);
            // A busy writer gets the lock between steps: it may be waiting out the SQLite driver's busy retry, so this
            // job begins its next step once the writer has committed a batch (or after the retry's period).
            if (from < plan.Count && writerActive) await LedgerWriterPace.WaitForCommitAsync(committed, ct);
        }
        while (from < plan.Count);

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-classification {Id} ({Cause} {Dimension}) finished: {Changed} customers changed of {Total}; computed in {ComputeMs} ms, stored in {StoreMs} ms")]
    private partial void LogReclassified(long id, ChangeCause cause, string dimension, long changed, long total, long computeMs, long storeMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-classification {Id} refreshed the features and ranks of {Customers} customers in {Ms} ms (process CPU now {ProcessCpuMs} ms)")]
    private partial void LogFeaturesRefreshed(long id, int customers, long ms, long processCpuMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Re-classification {Id} checkpointed the WAL in {Ms} ms ({Result})")]
    private partial void LogCheckpoint(long id, long ms, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-classification {Id} could not checkpoint the WAL")]
    private partial void LogCheckpointFailed(Exception ex, long id);
}
