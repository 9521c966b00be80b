using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Engine;

// Re-classification jobs as the engine sees them: queued here (run by ReclassificationJobs, done by Reclassifier), and
// the writes their plans make to the state under the gate.
public sealed partial class ClassificationEngine
{
    /// <summary>Queues a re-classification of every customer under <paramref name="snapshot"/> (null: the snapshot
    /// current when the job runs). Reads keep using the current snapshot until the job has committed.</summary>
    public Task<Reclassification> EnqueueAsync(ClassifierSnapshot? snapshot, string dimension, int version, ChangeCause cause, bool refreshFeatures = false) =>
        EnqueueAsync(_ => snapshot ?? _snapshot, dimension, version, cause, refreshFeatures);

    /// <summary>As above, with the new snapshot built from the one current when the job runs (so queued publishes of
    /// different dimensions all take effect).</summary>
    public Task<Reclassification> EnqueueAsync(Func<ClassifierSnapshot, ClassifierSnapshot> nextSnapshot, string dimension, int version, ChangeCause cause, bool refreshFeatures = false) =>
        Task.FromResult(Jobs.Enqueue(dimension, version, cause, (job, ct) => Reclassifier.RunAsync(job, nextSnapshot, refreshFeatures, ct)));

    /// <summary>Commits moving at least this many customers store their changes in the job's own history batch.</summary>
    internal const int LargeCommitMoves = 10_000;

    /// <summary>Writes the plan in one transaction and swaps in the snapshot. Customers a write changed since the plan
    /// was made are re-computed from their current entry under the lock. A commit moving many customers stores its
    /// changes in the job's history batch (<paramref name="batch"/>, started by the job's first large commit): they
    /// are appended to the per-customer index in customer order; a few moves go to batch 0 like ledger writes, so
    /// periodic sweeps do not multiply the batches a history read visits.</summary>
    internal async Task<long> CommitPlanAsync(
        SqliteConnection connection, ClassifierSnapshot snapshot, List<PlannedCustomer> plan, ChangeCause cause, PercentileRanks? ranks,
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

    /// <summary>The first start's store-behind (<see cref="Reclassifier.ServeThenStoreAsync"/>): swaps in
    /// <paramref name="snapshot"/> and serves the planned memberships of customers with nothing stored from memory,
    /// marked <see cref="CustomerEntry.Unstored"/>; customers with stored memberships the plan changes go to
    /// <paramref name="restored"/>, to be stored after. Under the gate, so a ledger write is either before it, and the
    /// customer is skipped as the write classified and stored it, or after it, and the write stores the unstored
    /// memberships first (<see cref="StoreChangesFrom"/>). Returns how many customers it marked unstored.</summary>
    internal async Task<int> ServeUnstoredAsync(
        ClassifierSnapshot snapshot, List<PlannedCustomer> plan,
        List<PlannedCustomer> restored, CancellationToken ct)
    {
        var unstored = 0;
        await _gate.WaitAsync(ct);
        try
        {
            _snapshot = snapshot;
            foreach (var p in plan)
            {
                // Written since the plan was made: the write classified and stored it.
                if (State.Get(p.Entry.CustomerId) is not { } current || current.Version != p.SeenVersion) continue;
                if (current.Memberships.Length == 0 && p.After.Length > 0)
                {
                    State.Set(p.Entry.WithUnstoredMemberships(p.After, State.NextVersion()));
                    unstored++;
                }
                else if (!MembershipCalculator.SameAssignments(current.Memberships, p.After))
                {
                    restored.Add(p);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return unstored;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored a plan of {Planned} customers ({Moves} moved): waiting for the lock {LockMs} ms, staging {StageMs} ms (process CPU {StageCpuMs} ms; in SQLite: {WriterTimings}), commit {CommitMs} ms, in memory {ApplyMs} ms")]
    private partial void LogCommitBreakdown(int planned, int moves, long lockMs, long stageMs, long stageCpuMs, string writerTimings, long commitMs, long applyMs);
}
