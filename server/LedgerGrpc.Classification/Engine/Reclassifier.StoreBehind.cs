using System.Runtime.CompilerServices;
using LedgerGrpc.Classification.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Engine;

// The first start after a seed or import: classify everyone in memory, serve, then store behind.
internal sealed partial class Reclassifier
{
    /// <summary>Set (1) by the start-up when customers have nothing stored (<see cref="StoreNextSweepBehind"/>): the
    /// start-up sweep then serves its result from memory before storing it (<see cref="ServeThenStoreAsync"/>). Taken
    /// (reset) by that sweep.</summary>
    private int _storeBehind;

    /// <summary>The start-up, when customers have nothing stored: the next sweep (the start-up sweep) serves, then stores.</summary>
    public void StoreNextSweepBehind() => Volatile.Write(ref _storeBehind, 1);

    /// <summary>Tests: awaited after each step of the first start's background store, before the next one.</summary>
    internal Func<Task>? StartupStepStored { get; set; }

    /// <summary>
    /// The start-up sweep of a first start after a seed or import, when nothing is stored for most customers: storing
    /// 9 memberships and 9 history rows per customer is most of that start (at a million customers, minutes of the
    /// start's CPU), and none of it is needed to answer a call, since reads are served from memory.
    /// So: each chunk of customers is classified off-lock and put in memory marked <see cref="CustomerEntry.Unstored"/>
    /// (<see cref="ClassificationEngine.ServeUnstoredAsync"/>, under the engine's gate: see there how ledger writes meanwhile
    /// stay right); once every chunk is in memory classification calls are served; then the unstored customers are stored
    /// <see cref="ClassificationOptions.StoreBehindStepCustomers"/> per transaction, letting ledger writes commit between steps, as a plugin
    /// swap does. Each step stores whole customers, so a kill at any point leaves a database whose stored customers are
    /// complete and whose others have nothing stored: the next start classifies those again. Customers whose stored
    /// memberships changed (a start resuming one cut short) are stored after, as a sweep stores them. No snapshot is
    /// written while a customer is unstored (<see cref="ClassificationEngine.SaveSnapshotAsync"/>): a restart from it would serve memberships
    /// the database does not have. Returns (customers changed, compute ms, store ms).
    /// </summary>
    private async Task<(long Changed, long ComputeMs, long StoreMs)> ServeThenStoreAsync(
        Reclassification job, SqliteConnection connection, ClassifierSnapshot snapshot, List<CustomerEntry> entries, PercentileRanks? ranks,
        StrongBox<long> batch, DateTime now, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var chunkSize = Math.Max(1, options.SweepChunkSize);
        // Customers with stored memberships that the sweep changes: stored after the unstored ones, as any sweep would.
        var restored = new List<PlannedCustomer>();
        var unstored = 0;
        for (var start = 0; start < entries.Count; start += chunkSize)
        {
            var plan = Plan(snapshot, entries.GetRange(start, Math.Min(chunkSize, entries.Count - start)), refreshFeatures: true, job, now, ct);
            unstored += await engine.ServeUnstoredAsync(snapshot, plan, restored, ct);
        }

        // Who is unstored now, in customer-id order (entries are sorted): a write may store some before their step,
        // which CommitPlanAsync notices by the entry's version and leaves as the write stored it.
        var toStore = new List<PlannedCustomer>(unstored);
        foreach (var e in entries)
        {
            if (engine.State.Get(e.CustomerId) is { Unstored: true } current) toStore.Add(new(current, current.Version, current.Memberships));
        }

        // The job now counts customers stored, before anyone sees classification served.
        jobs.Started(job, toStore.Count + restored.Count);
        var computeMs = clock.ElapsedMilliseconds;
        engine.MarkReady($"classified in memory; {unstored:N0} customers' memberships are stored in the background by re-classification {job.Id}");
        LogStoringBehind(unstored, job.Id, computeMs, (long)(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
        int sinceCheckpoint = 0, storedSoFar = 0;
        async Task Stored(int customers)
        {
            job.Advance(customers);
            ChunkStored?.Invoke(storedSoFar += customers);
            // Now and then, so the WAL does not grow by a whole start-up's worth of pages (this connection's automatic
            // checkpoints are off).
            if ((sinceCheckpoint += customers) >= chunkSize)
            {
                sinceCheckpoint = 0;
                Checkpoint(job, connection);
            }

            if (StartupStepStored is { } stored) await stored();
            if (options.StoreBehindPause > TimeSpan.Zero) await Task.Delay(options.StoreBehindPause, time, ct);
        }

        var changed = await CommitInStepsAsync(connection, snapshot, toStore, ChangeCause.Sweep, ranks, batch, options.StoreBehindStepCustomers, toStore.Count, Stored, ct);
        toStore.Clear();
        changed += await CommitInStepsAsync(connection, snapshot, restored, ChangeCause.Sweep, ranks, batch, options.StoreBehindStepCustomers,
            restored.Count(p => !MembershipCalculator.SameSegments(p.Entry.Memberships, p.After)), Stored, ct);
        return (changed, computeMs, clock.ElapsedMilliseconds - computeMs);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification classified {Customers} customers with nothing stored in {ComputeMs} ms (process CPU {CpuMs} ms, after the sweep's feature refresh) and serves them; re-classification {Id} stores them in the background")]
    private partial void LogStoringBehind(int customers, long id, long computeMs, long cpuMs);
}
