using System.Diagnostics;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Engine;

// The classification state snapshot (StateSnapshotFile): written after each sweep and at a clean stop, restored at
// start when it matches the database, then brought up to date from the ledger for the customers changed since.
public sealed partial class ClassificationEngine
{
    private readonly SemaphoreSlim _snapshotting = new(1, 1);

    /// <summary>How the last start-up got its customers: "snapshot" or "ledger" (empty before the load).</summary>
    public string LoadedFrom { get; private set; } = "";

    private string SnapshotPath => Path.Combine(_store.Options.DataDir, StateSnapshotFile.FileName);

    /// <summary>Writes the snapshot of the state served now. The marks are read holding the gate, when memory holds
    /// exactly what is committed; customers written while the file is written may be newer than the marks, which is
    /// harmless: their writes are after the marks, so a start from this snapshot reloads them.</summary>
    public async Task SaveSnapshotAsync(CancellationToken ct)
    {
        if (!_options.Snapshot) return;
        await _snapshotting.WaitAsync(ct);
        try
        {
            SnapshotMarks marks;
            await _gate.WaitAsync(ct);
            try
            {
                // Not before the load has finished: until then memory is not what is committed. Nor while the first
                // start's background store runs: a restart from it would serve memberships the database does not have,
                // and never store them.
                if (_writtenWhileLoading is not null) return;
                if (State.Entries.Any(e => e.Unstored))
                {
                    LogSnapshotSkippedUnstored();
                    return;
                }

                marks = ReadChanges(SnapshotMarks.Read);
            }
            finally
            {
                _gate.Release();
            }

            var clock = Stopwatch.StartNew();
            var count = StateSnapshotFile.Write(SnapshotPath, marks, State.Count, State.Entries);
            LogSnapshotWritten(count, new FileInfo(SnapshotPath).Length >> 20, clock.ElapsedMilliseconds);
        }
        finally
        {
            _snapshotting.Release();
        }
    }

    /// <summary>Writes the snapshot; a failure is only logged (the next start then loads the ledger whole), and a stop
    /// cutting it short leaves the previous snapshot.</summary>
    internal async Task SaveSnapshotLoggedAsync(CancellationToken ct)
    {
        try
        {
            await SaveSnapshotAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogSnapshotNotWritten(ex);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the stop writes its own snapshot.
        }
    }

    /// <summary>At a clean stop (after the jobs have stopped): the snapshot the next start begins from.</summary>
    public Task SaveSnapshotAtStopAsync(CancellationToken ct) => SaveSnapshotLoggedAsync(ct);

    /// <summary>
    /// Fills the state from the snapshot when there is one that matches the database: its checksum holds, the rows its
    /// marks name read as they did, and the database has only grown since. The customers changed after the marks are
    /// then read from the ledger with their stored memberships, as a full load reads everyone. False (nothing in the
    /// state changed) when there is no usable snapshot: the caller loads the ledger whole.
    /// </summary>
    private async Task<bool> TryRestoreSnapshotAsync(CancellationToken ct)
    {
        LoadedFrom = "ledger";
        if (!_options.Snapshot || !File.Exists(SnapshotPath)) return false;
        var clock = Stopwatch.StartNew();
        SnapshotMarks marks;
        List<StateSnapshotFile.Customer> customers;
        try
        {
            (marks, customers) = StateSnapshotFile.Read(SnapshotPath, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            LogSnapshotRefused(ex.Message);
            return false;
        }

        var readMs = clock.ElapsedMilliseconds;
        var problem = marks.Mismatch(ReadChanges(SnapshotMarks.Read)) ?? ReadChanges(marks.RowsDiffer);
        var changed = problem is null ? ReadChanges(marks.ChangedSince) : [];
        if (problem is null && changed.Count > Math.Max(MinSnapshotCatchUp, customers.Count / 4))
        {
            problem = $"{changed.Count:N0} customers changed since it was taken, reading the ledger whole is quicker";
        }

        if (problem is not null)
        {
            LogSnapshotRefused(problem);
            return false;
        }

        Interlocked.Exchange(ref _customersToLoad, customers.Count);
        var restored = 0;
        var changedRanks = new Dictionary<long, FeatureRanks>();
        foreach (var (facts, asOf, ranks, memberships) in customers)
        {
            if (changed.Contains(facts.Profile.CustomerId))
            {
                changedRanks[facts.Profile.CustomerId] = ranks;
                continue;
            }

            // As held: features as of the last write or sweep, with that sweep's ranks (nothing computed here).
            State.Set(new CustomerEntry(facts, asOf, ranks, memberships, State.NextVersion(), _calculator));
            if ((++restored & 0xFFFF) == 0) Interlocked.Exchange(ref _customersLoaded, restored);
        }

        customers.Clear();
        if (changed.Count > 0)
        {
            var now = Now;
            var scratch = new CustomerFeatures();
            await using var db = _store.OpenRead();
            var facts = await LedgerFactsLoader.LoadAsync(db, changed, ct);
            var stored = ReadChanges(c => ClassificationReader.MembershipsOf(c, changed));
            foreach (var id in changed)
            {
                if (facts.TryGetValue(id, out var f))
                {
                    // Features as of now with the ranks the customer had (a write carries them the same way).
                    var features = _calculator.Calculate(f, now, scratch);
                    if (changedRanks.TryGetValue(id, out var ranks)) ranks.ApplyTo(features);
                    State.Set(new CustomerEntry(f, features, stored.GetValueOrDefault(id) ?? [], State.NextVersion(), _calculator));
                }
            }
        }

        Interlocked.Exchange(ref _customersLoaded, State.Count);
        LoadedFrom = "snapshot";
        LogSnapshotRestored(restored, readMs, changed.Count, clock.ElapsedMilliseconds - readMs);
        return true;
    }

    /// <summary>Below this many changed customers a snapshot is always brought up to date rather than refused.</summary>
    private const int MinSnapshotCatchUp = 10_000;

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification snapshot written: {Customers} customers, {MiB} MiB, in {Ms} ms")]
    private partial void LogSnapshotWritten(long customers, long miB, long ms);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification snapshot not written: the start-up's memberships are not all stored yet (the next start reads the ledger whole)")]
    private partial void LogSnapshotSkippedUnstored();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Classification snapshot could not be written; the next start reads the ledger whole")]
    private partial void LogSnapshotNotWritten(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Classification snapshot not used ({Reason}); reading the ledger whole")]
    private partial void LogSnapshotRefused(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification restored {Customers} customers from its snapshot in {ReadMs} ms and read the {Changed} changed since from the ledger in {CatchUpMs} ms")]
    private partial void LogSnapshotRestored(int customers, long readMs, int changed, long catchUpMs);
}
