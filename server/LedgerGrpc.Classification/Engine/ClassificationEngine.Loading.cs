using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;

namespace LedgerGrpc.Classification.Engine;

// Start-up while the ledger is already served: writes made during the load are remembered, not classified, and are
// classified once the load has finished; classification calls are refused as UNAVAILABLE until then.
public sealed partial class ClassificationEngine
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Customers a ledger batch touched while the load ran (guarded by <see cref="_gate"/>); null once loaded.</summary>
    private HashSet<long>? _writtenWhileLoading = [];

    private long _customersLoaded;
    private long _customersToLoad;

    /// <summary>Completes when classification calls are served (faults when the load failed).</summary>
    public Task Ready => _ready.Task;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>True when the start-up load failed (classification calls stay UNAVAILABLE until a restart).</summary>
    public bool LoadFailed => _ready.Task.IsFaulted;

    /// <summary>Start-up load progress: customer ids read so far of the ledger's id range (both 0 before the load
    /// starts; equal once the ledger is read).</summary>
    public (long Loaded, long ToLoad) LoadProgress => (Interlocked.Read(ref _customersLoaded), Interlocked.Read(ref _customersToLoad));

    /// <summary>Refuses a classification call while the start-up load runs: the client may retry, ledger calls meanwhile work.</summary>
    public void EnsureReady()
    {
        if (IsReady) return;
        if (_ready.Task.IsFaulted)
        {
            throw new ClassificationException(ClassificationError.Unavailable,
                "Classification failed to load at start-up (see the server log); ledger calls are served, classification calls are not until the server is restarted.");
        }

        throw new ClassificationException(ClassificationError.Unavailable,
            $"Classification is still loading the ledger after a start ({Interlocked.Read(ref _customersLoaded):N0} of about {Interlocked.Read(ref _customersToLoad):N0} customers read); " +
            "ledger calls are served meanwhile. Retry in a few seconds: grpc.health.v1 reports ledger.v1.Segments SERVING once it is ready.");
    }

    /// <summary>
    /// Ends the load: refreshes everyone's population ranks (writes from now on carry them, as after a sweep), then,
    /// holding the SQLite write lock and the gate so no ledger batch is half-way, rereads the customers written during
    /// the load (their range may have been read before the write), re-classifies them from their stored memberships as
    /// the write would have, stores and serves the result, and switches the write path to classifying in the batch.
    /// Returns whether every active customer has memberships (false on the first start after a seed or import).
    /// </summary>
    private async Task<bool> FinishLoadingAsync(CancellationToken ct)
    {
        var now = Now;
        // Restored entries carry the ranks of the sweep before the snapshot, as between two sweeps (the start-up sweep
        // refreshes them): recomputing them for everyone here would delay serving by two feature passes over the ledger.
        // A first start (customers with nothing stored) is served only after the start-up sweep, which refreshes every
        // customer's ranks itself: here the ranks of the population are computed (the customers written meanwhile and
        // until that sweep are classified with them) but not applied to every entry, one feature pass instead of two.
        var ranks = LoadedFrom == "snapshot" ? null
            : EveryActiveCustomerHasMemberships() ? RefreshRanks(now)
            : _ranks = PopulationRanks(now);
        using var connection = _store.OpenWriterConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        await _gate.WaitAsync(ct);
        try
        {
            var written = _writtenWhileLoading ?? [];
            Dictionary<long, CustomerFacts> facts = [];
            if (written.Count > 0)
            {
                // Another connection, but nobody can commit: this transaction holds the write lock.
                await using var db = _store.OpenRead();
                facts = await LedgerFactsLoader.LoadAsync(db, written, ct);
            }

            var staged = new List<(CustomerEntry, List<SegmentChange>)>(facts.Count);
            using (var writer = new ClassificationBatchWriter(new TransactionStatements(connection, transaction)))
            {
                foreach (var (id, customerFacts) in facts.OrderBy(p => p.Key))
                {
                    // Loaded entries carry the stored memberships; a customer created during the load has none.
                    var previous = State.Get(id);
                    var before = previous?.Memberships ?? [];
                    var features = _calculator.Calculate(customerFacts, now);
                    CarryRanks(ranks, State.Get(id), features);
                    var cause = before.Length == 0 ? ChangeCause.Initial : ChangeCause.Write;
                    var after = customerFacts.Profile.Archived
                        ? []
                        : MembershipCalculator.Compute(_snapshot, features, before, d => State.OverrideFor(id, d), now);
                    staged.Add(Store(writer, customerFacts, features, previous, after, cause, now));
                }

                writer.Flush();
            }

            transaction.Commit();
            Apply(staged);
            _writtenWhileLoading = null;
            LogCaughtUp(written.Count);
        }
        finally
        {
            _gate.Release();
        }

        return EveryActiveCustomerHasMemberships();
    }

    private bool EveryActiveCustomerHasMemberships()
    {
        foreach (var entry in State.Entries)
        {
            if (!entry.Archived && entry.Memberships.Length == 0) return false;
        }

        return true;
    }

    /// <summary>Population ranks over the loaded ledger, not applied to the entries (the start-up sweep that follows
    /// refreshes everyone's).</summary>
    private PercentileRanks PopulationRanks(DateTime now) => PopulationRanks([.. State.Entries], now);

    /// <summary>The ranks of the active customers among <paramref name="entries"/>, from features as of <paramref name="now"/>.</summary>
    private PercentileRanks PopulationRanks(List<CustomerEntry> entries, DateTime now) =>
        PercentileRanks.Compute(entries.Count, (i, scratch) =>
        {
            if (entries[i].Archived) return false;
            _calculator.Calculate(entries[i].Facts, now, scratch);
            return true;
        });

    /// <summary>The entries with features as of <paramref name="now"/> and <paramref name="ranks"/> applied, computed on
    /// every core (a feature pass over the whole ledger in a sweep).</summary>
    private List<CustomerEntry> WithRefreshedFeatures(List<CustomerEntry> entries, PercentileRanks ranks, DateTime now)
    {
        var refreshed = new CustomerEntry[entries.Count];
        Parallel.ForEach(LedgerPartitions.Of(entries.Count), () => new CustomerFeatures(), (range, _, scratch) =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                ranks.Apply(_calculator.Calculate(entries[i].Facts, now, scratch));
                refreshed[i] = entries[i].WithFeatures(scratch);
            }

            return scratch;
        }, _ => { });
        return [.. refreshed];
    }

    /// <summary>A sweep's feature refresh: the ranks of the population as of <paramref name="now"/> become the ones writes
    /// carry, and the entries come back with refreshed features (served once the sweep stores them).</summary>
    internal (List<CustomerEntry> Entries, PercentileRanks Ranks) RefreshFeatures(List<CustomerEntry> entries, DateTime now)
    {
        var ranks = PopulationRanks(entries, now);
        _ranks = ranks;
        return (WithRefreshedFeatures(entries, ranks, now), ranks);
    }

    /// <summary>Population ranks over the loaded ledger, applied to every entry (what the start-up sweep would give them).</summary>
    private PercentileRanks RefreshRanks(DateTime now)
    {
        var entries = State.Entries.ToList();
        var ranks = PopulationRanks(entries, now);
        foreach (var entry in WithRefreshedFeatures(entries, ranks, now)) State.Set(entry);
        _ranks = ranks;
        return ranks;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Classification re-classified the {Customers} customers written while it was loading")]
    private partial void LogCaughtUp(int customers);
}
