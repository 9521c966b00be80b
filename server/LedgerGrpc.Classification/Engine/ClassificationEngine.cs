using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// Keeps every customer's memberships current and durable. Three kinds of work change memberships:
/// ledger writes (re-classified inside the ledger's own transaction, see <see cref="LedgerClassificationHook"/>),
/// background jobs (publish, rollback, delete, sweep; one at a time, computed off-lock then written in one
/// transaction) and manual overrides. All writers take the SQLite write lock first and then <see cref="_gate"/>,
/// so they serialise without deadlock, and memory is updated only after the data is committed.
/// </summary>
public sealed partial class ClassificationEngine : IAsyncDisposable
{
    private readonly LedgerStore _store;
    private readonly WorkflowStore _workflows;
    private readonly ClassificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClassificationEngine> _logger;
    private readonly FeatureCalculator _calculator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LedgerWriterPace _writerPace = new();
    private volatile ClassifierSnapshot _snapshot = ClassifierSnapshot.Empty;
    private PercentileRanks? _ranks;
    private List<(CustomerEntry Entry, List<SegmentChange> Changes)>? _staged;
    private bool _gateHeldForLedger;
    private readonly List<WorkflowVersionRecord> _unbound = [];

    public ClassificationEngine(LedgerStore store, WorkflowStore workflows, ClassificationOptions options, TimeProvider time, ILogger<ClassificationEngine> logger)
    {
        _store = store;
        _workflows = workflows;
        _options = options;
        _time = time;
        _logger = logger;
        _calculator = new FeatureCalculator(options.MinorUnitsPerMajor);
        ClassificationTelemetry.Observe(this);
        Jobs = new ReclassificationJobs(store.ConnectionString, time, logger);
        Reclassifier = new Reclassifier(this, Jobs, options, time, _writerPace, logger);
        Feed = new ChangeFeed((after, limit) => ReadChanges(c => ClassificationReader.ChangesAfter(c, after, null, null, limit)));
    }

    public CustomerStateStore State { get; } = new();

    public ChangeFeed Feed { get; }

    /// <summary>The re-classification jobs: queued by <see cref="EnqueueAsync(Func{ClassifierSnapshot, ClassifierSnapshot}, string, int, ChangeCause, bool)"/>,
    /// listed, found and watched here.</summary>
    public ReclassificationJobs Jobs { get; }

    /// <summary>What a job does (tests set its hooks).</summary>
    internal Reclassifier Reclassifier { get; }

    public ClassifierSnapshot Snapshot => _snapshot;

    /// <summary>Adds dimensions from other sources (the plugin host) to the start-up snapshot, after customers are
    /// loaded and before the start-up sweep.</summary>
    public Func<ClassifierSnapshot, CancellationToken, Task<ClassifierSnapshot>>? StartupDimensions { get; set; }

    public WorkflowStore Workflows => _workflows;

    public DateTime Now => _time.GetUtcNow().UtcDateTime;

    public FeatureCalculator Calculator => _calculator;

    public string ConnectionString => _store.ConnectionString;

    /// <summary>Queues a sweep: features recomputed as of now, ranks refreshed, everyone re-classified.</summary>
    public Task<Reclassification> SweepAsync() => EnqueueAsync((ClassifierSnapshot?)null, "", 0, ChangeCause.Sweep, refreshFeatures: true);

    /// <summary>The whole start-up at once (tests and tools): <see cref="PrepareAsync"/>, then <see cref="LoadAsync"/>.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        await LoadAsync(ct);
    }

    /// <summary>The quick part of start-up, before any call is served: creates the tables, installs default workflows on
    /// first start, reads overrides, categories and the rules in force, and where job ids and the change log stand.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        await using (var db = new ClassificationDbContext(ClassificationDbContextOptions.Create(_store.ConnectionString)))
        {
            _store.MigrateIfPending(db, "classification");
            if (_options.InstallDefaultWorkflows && !await db.WorkflowVersions.AnyAsync(ct))
            {
                foreach (var (name, json) in DefaultWorkflows.Load())
                {
                    await _workflows.AppendAsync(name, json, "Default workflow installed on first start", "system", "install", 0, ct);
                }
            }

            foreach (var o in await db.Overrides.AsNoTracking().ToListAsync(ct))
            {
                State.SetOverride(new ManualOverride(o.CustomerId, o.Dimension, o.Segment, o.Reason, o.Author, UnixTime.FromMs(o.CreatedAtUnixMs), o.ExpiresAtUnixMs is { } e ? UnixTime.FromMs(e) : null));
            }

            foreach (var c in await db.CustomerCategories.AsNoTracking().ToListAsync(ct))
            {
                State.SetCategory(c.CustomerId, c.Code);
            }
        }

        var dimensions = new List<ClassifierDimension>();
        foreach (var record in await _workflows.CurrentAsync(ct))
        {
            var (dimension, _) = DimensionCompiler.Compile(record.Json, record.Version);
            // It may call a plugin's expression helpers: compiled again once plugins have joined (LoadAsync).
            if (dimension is null) _unbound.Add(record);
            else dimensions.Add(dimension);
        }

        _snapshot = new ClassifierSnapshot(dimensions);
        // Job ids go on from the last one stored, so an id a client kept never names another job.
        Jobs.ContinueIds();
        Feed.StartAfter(ReadChanges(ClassificationReader.LastSequence));
    }

    /// <summary>
    /// The slow part of start-up, while ledger calls are already served: loads every customer's facts and stored
    /// memberships, then (<see cref="FinishLoadingAsync"/>) re-classifies the customers written meanwhile, and runs the
    /// start-up sweep for whatever changed while the server was down. Classification calls are served (<see cref="Ready"/>)
    /// once every customer has its memberships: on a restart before that sweep (stored memberships are the ones the last
    /// write or sweep committed, as between two periodic sweeps); on the first start after a seed or import once that
    /// sweep has classified everyone in memory, before it stores them (<see cref="Reclassifier.ServeThenStoreAsync"/>). Returns when the
    /// sweep has stored everything.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Process CPU beside the wall clock: on a shared machine the wall clock says little.
            var cpu = Environment.CpuUsage.TotalTime;
            long membershipsMs = 0;
            if (!await TryRestoreSnapshotAsync(ct))
            {
                var stored = ReadChanges(ClassificationReader.LoadMemberships);
                membershipsMs = clock.ElapsedMilliseconds;
                await LoadCustomersAsync(stored, ct);
            }

            var factsMs = clock.ElapsedMilliseconds - membershipsMs;
            // Plugins join before the catch-up and the start-up sweep, so stored plugin memberships are carried, not retired and re-added.
            if (StartupDimensions is { } addDimensions) _snapshot = await addDimensions(_snapshot, ct);
            BindUnboundWorkflows();
            if (BeforeCatchUp is { } beforeCatchUp) await beforeCatchUp(ct);
            var complete = await FinishLoadingAsync(ct);
            LogLoadTimings(membershipsMs, factsMs, clock.ElapsedMilliseconds - membershipsMs - factsMs, (long)(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
            // Customers with nothing stored (the first start after a seed or import): the start-up sweep classifies them
            // in memory, serves, and stores them behind (ServeThenStoreAsync).
            if (!complete && _options.StoreBehind) Reclassifier.StoreNextSweepBehind();
            Jobs.Start();
            // Queued before classification is served, so whoever sees it ready also sees the start-up sweep (listed as a job).
            var startup = await SweepAsync();
            if (complete) MarkReady("the stored memberships are current; the start-up sweep follows");
            await startup.Completion.Task.WaitAsync(ct);
            MarkReady("after the start-up sweep classified every customer");
            // The memory figure below is the server at rest: on a first start the job still holds its bulk connection's
            // page cache and the snapshot it writes when Completion fires.
            await startup.Ended.Task.WaitAsync(ct);
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }

        // What the classified ledger costs in memory, for operators sizing a server (after a full collection, so the
        // start-up's garbage is not counted). Aggressive: server GC otherwise keeps the regions the load emptied
        // committed (250-320 MiB at 1M customers), which a forced compacting collection does not give back.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        var memory = GC.GetGCMemoryInfo();
        LogMemory(State.Count, memory.HeapSizeBytes >> 20, memory.TotalCommittedBytes >> 20);
    }

    /// <summary>Explains a name rule expressions do not know when it is an expression helper of a plugin that is not
    /// in service (the plugin host sets it).</summary>
    public Func<string, string?>? UnknownHelper { get; set; }

    /// <summary>Compiles a workflow against the expression helpers of the plugins in service now.</summary>
    public (CompiledDimension? Dimension, IReadOnlyList<ClassificationDiagnostic> Diagnostics) CompileWorkflow(string json, int version) =>
        DimensionCompiler.Compile(json, version, _snapshot.Plugins, UnknownHelper);

    // Stored workflows that did not compile before plugins joined: those calling helpers compile now; the rest are
    // reported and not in force.
    private void BindUnboundWorkflows()
    {
        foreach (var record in _unbound)
        {
            var (dimension, diagnostics) = CompileWorkflow(record.Json, record.Version);
            if (dimension is null || _snapshot.Find(record.Name) is not null) LogWorkflowSkipped(record.Name, record.Version, dimension is null ? string.Join("; ", diagnostics) : "a plugin defines a dimension by that name");
            else _snapshot = _snapshot.With(dimension);
        }

        _unbound.Clear();
    }

    /// <summary>Tests: awaited after the ledger's facts are read and before the writes made meanwhile are caught up.</summary>
    internal Func<CancellationToken, Task>? BeforeCatchUp { get; set; }

    internal void MarkReady(string when)
    {
        if (_ready.TrySetResult()) LogReady(State.Count, when);
    }

    private async Task LoadCustomersAsync(Dictionary<long, Membership[]> stored, CancellationToken ct)
    {
        long first, last;
        await using (var db = _store.OpenRead())
        {
            first = await db.Customers.MinAsync(c => (long?)c.Id, ct) ?? 1;
            last = await db.Customers.MaxAsync(c => (long?)c.Id, ct) ?? 0;
        }

        Interlocked.Exchange(ref _customersToLoad, Math.Max(0, last - first + 1));
        var now = Now;
        // A range of customer ids per query: the whole ledger as EF rows at once was most of the server's peak memory
        // at a million customers. Each range is read in its own transaction: a customer written after its range was read
        // is reloaded by FinishLoadingAsync.
        var range = Math.Max(1, _options.SweepChunkSize);
        var next = first - range;
        // Ranges are read by one reader per core, each on its own connection (WAL readers do not block each other):
        // on a first start after a seed this read is most of the time to serving.
        var readers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        await Task.WhenAll(Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            // Plain SQL, not EF Core (LedgerFactsRangeReader): the same facts for less CPU (bench/README, first start).
            await using var connection = new SqliteConnection(_store.ConnectionString);
            await connection.OpenAsync(ct);
            for (var from = Interlocked.Add(ref next, range); from <= last; from = Interlocked.Add(ref next, range))
            {
                ct.ThrowIfCancellationRequested();
                foreach (var (id, f) in LedgerFactsRangeReader.Read(connection, from, from + range))
                {
                    // Features are not computed here: an entry keeps only their time and population ranks, and ranks
                    // come from the population (FinishLoadingAsync or the start-up sweep), so a loaded entry has none yet.
                    State.Set(new CustomerEntry(f, now, default, stored.GetValueOrDefault(id) ?? [], State.NextVersion(), _calculator));
                }

                Interlocked.Add(ref _customersLoaded, Math.Min(last, from + range - 1) - from + 1);
            }
        }, ct)));

        LogLoaded(State.Count, _snapshot.Dimensions.Count);
    }

    /// <summary>Runs <paramref name="read"/> on a fresh read connection.</summary>
    public T ReadChanges<T>(Func<SqliteConnection, T> read) => FreshConnection.Run(_store.ConnectionString, read);

    public async ValueTask DisposeAsync()
    {
        await Jobs.StopAsync();
        Jobs.Close();
        _gate.Dispose();
        _snapshotting.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Name} v{Version} does not compile and is not in force: {Diagnostics}")]
    private partial void LogWorkflowSkipped(string name, int version, string diagnostics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification ready: {Customers} customers, managed heap {HeapMiB} MiB ({CommittedMiB} MiB committed)")]
    private partial void LogMemory(int customers, long heapMiB, long committedMiB);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification read its stored memberships in {MembershipsMs} ms and the ledger's facts in {FactsMs} ms, and caught up with the writes made meanwhile in {CatchUpMs} ms (process CPU {CpuMs} ms)")]
    private partial void LogLoadTimings(long membershipsMs, long factsMs, long catchUpMs, long cpuMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification serving {Customers} customers ({When})")]
    private partial void LogReady(int customers, string when);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification loaded {Customers} customers and {Dimensions} dimensions")]
    private partial void LogLoaded(int customers, int dimensions);
}
