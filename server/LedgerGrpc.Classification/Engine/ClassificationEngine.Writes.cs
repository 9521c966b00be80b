using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Classification.Engine;

// The write path: re-classify the customers a ledger batch touched inside that batch's transaction, and one customer
// for a manual override.
public sealed partial class ClassificationEngine
{
    internal async Task BeforeLedgerCommitAsync(LedgerCommitContext ctx, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        _gateHeldForLedger = true;
        try
        {
            if (_writtenWhileLoading is { } written)
            {
                // Still loading: the batch commits without classification; these customers are reread and classified
                // when the load finishes (FinishLoadingAsync).
                written.UnionWith(ctx.AffectedCustomerIds);
                return;
            }

            var facts = await LedgerFactsLoader.LoadChangesAsync(() => ctx.Db, ctx.Changes, id => State.Get(id)?.Facts, ct);
            var now = Now;
            var snapshot = _snapshot;
            var staged = new List<(CustomerEntry, List<SegmentChange>)>(facts.Count);
            var batch = new List<(CustomerFacts Facts, CustomerFeatures Features, CustomerEntry? Previous)>(facts.Count);
            foreach (var (id, customerFacts) in facts)
            {
                var previous = State.Get(id);
                var features = _calculator.Calculate(customerFacts, now);
                CarryRanks(_ranks, previous, features);
                batch.Add((customerFacts, features, previous));
            }

            // Plugins answer for the whole batch at once, each under its watchdog (see PluginVerdicts).
            var plugins = PluginVerdicts.For(snapshot, [.. batch.Select(b => b.Features)]);
            using var writer = new ClassificationBatchWriter(ctx.Statements);
            for (var i = 0; i < batch.Count; i++)
            {
                var (customerFacts, features, previous) = batch[i];
                staged.Add(Reclassify(writer, snapshot, customerFacts, features, previous, previous is null ? ChangeCause.Initial : ChangeCause.Write, now, new PluginVerdictRow(plugins, i)));
            }

            _staged = staged;
        }
        catch
        {
            ReleaseLedgerGate();
            throw;
        }
    }

    internal void AfterLedgerCommit()
    {
        var staged = _staged;
        _staged = null;
        try
        {
            if (staged is not null) Apply(staged);
        }
        finally
        {
            ReleaseLedgerGate();
            _writerPace.Committed();
        }
    }

    internal void AfterLedgerRollback()
    {
        _staged = null;
        ReleaseLedgerGate();
    }

    private void ReleaseLedgerGate()
    {
        if (!_gateHeldForLedger) return;
        _gateHeldForLedger = false;
        _gate.Release();
    }

    /// <summary>Computes the customer's memberships, stores them and their changes through <paramref name="writer"/>,
    /// and returns the entry to put in memory once the transaction commits.</summary>
    private (CustomerEntry Entry, List<SegmentChange> Changes) Reclassify(
        ClassificationBatchWriter writer, ClassifierSnapshot snapshot, CustomerFacts facts, CustomerFeatures features,
        CustomerEntry? previous, ChangeCause cause, DateTime now, PluginVerdictRow plugins = default)
    {
        var before = previous?.Memberships ?? [];
        var after = facts.Profile.Archived
            ? []
            : MembershipCalculator.Compute(snapshot, features, before, d => State.OverrideFor(facts.Profile.CustomerId, d), now, plugins);
        return Store(writer, facts, features, previous, after, cause, now);
    }

    /// <summary>Stores the changes between the memberships of <paramref name="previous"/> (none for a new customer) and
    /// already computed <paramref name="after"/>.</summary>
    private (CustomerEntry Entry, List<SegmentChange> Changes) Store(
        ClassificationBatchWriter writer, CustomerFacts facts, CustomerFeatures features, CustomerEntry? previous, Membership[] after, ChangeCause cause, DateTime now)
    {
        var changes = StoreChangesFrom(writer, facts.Profile.CustomerId, previous, after, cause, now);
        return (new CustomerEntry(facts, features, after, State.NextVersion(), _calculator), changes);
    }

    /// <summary>Stores the changes from the memberships memory serves for the customer (<paramref name="current"/>; none
    /// when null) to <paramref name="after"/>. Memberships served but not stored yet (<see cref="CustomerEntry.Unstored"/>:
    /// the background store of a first start has not reached the customer) go in first as its initial classification, so
    /// the stored rows and the history end where memory does, whichever of this write and the background store comes
    /// first.</summary>
    private static List<SegmentChange> StoreChangesFrom(
        ClassificationBatchWriter writer, long customerId, CustomerEntry? current, Membership[] after, ChangeCause cause, DateTime now)
    {
        var before = current?.Memberships ?? [];
        if (current is not { Unstored: true }) return StoreChanges(writer, customerId, before, after, cause, now);
        var changes = StoreChanges(writer, customerId, [], before, ChangeCause.Initial, now);
        changes.AddRange(StoreChanges(writer, customerId, before, after, cause, now));
        return changes;
    }

    /// <summary>Stores the changes between <paramref name="before"/> and <paramref name="after"/> and returns them
    /// numbered.</summary>
    private static List<SegmentChange> StoreChanges(
        ClassificationBatchWriter writer, long customerId, Membership[] before, Membership[] after, ChangeCause cause, DateTime now)
    {
        var changes = MembershipCalculator.Diff(customerId, before, after, cause, now);
        // Stored rows only change where a segment changed: memory is what reads use, the rows keep "since" across
        // restarts, and the start-up pass refreshes rule and version. A publish that moves 20% of customers thus
        // rewrites 20% of one dimension's rows, not every row.
        string? replaced = null;
        for (var i = 0; i < changes.Count; i++)
        {
            // A dimension's changes are adjacent (Diff emits them dimension by dimension).
            var dimension = changes[i].Dimension;
            if (dimension == replaced) continue;
            replaced = dimension;
            writer.ReplaceMemberships(customerId, dimension, after.Where(m => m.Dimension == dimension), stored: Array.Exists(before, m => m.Dimension == dimension));
        }

        for (var i = 0; i < changes.Count; i++)
        {
            changes[i] = writer.Insert(changes[i]);
        }

        return changes;
    }

    /// <summary>After commit: serve the new state and tell watchers.</summary>
    private void Apply(List<(CustomerEntry Entry, List<SegmentChange> Changes)> staged)
    {
        var changes = new List<SegmentChange>();
        foreach (var (entry, entryChanges) in staged)
        {
            State.Set(entry);
            changes.AddRange(entryChanges);
        }

        changes.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        if (changes.Count > 0) ClassificationTelemetry.SegmentChanges.Add(changes.Count);
        Feed.Publish(changes);
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

    /// <summary>Population ranks are refreshed by the sweep; between sweeps a customer keeps its last ones.</summary>
    private static void CarryRanks(PercentileRanks? ranks, CustomerEntry? previous, CustomerFeatures features)
    {
        if (ranks is not null)
        {
            ranks.Apply(features);
        }
        else if (previous is not null)
        {
            previous.Ranks.ApplyTo(features);
        }
    }
}
