using System.Collections.Concurrent;
using System.Threading.Channels;
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
    private readonly Channel<Func<CancellationToken, Task>> _jobs = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<long, Reclassification> _reclassifications = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile ClassifierSnapshot _snapshot = ClassifierSnapshot.Empty;
    private PercentileRanks? _ranks;
    private List<(CustomerEntry Entry, List<SegmentChange> Changes)>? _staged;
    private bool _gateHeldForLedger;
    private long _nextReclassificationId;
    private Task _jobLoop = Task.CompletedTask;

    public ClassificationEngine(LedgerStore store, WorkflowStore workflows, ClassificationOptions options, TimeProvider time, ILogger<ClassificationEngine> logger)
    {
        _store = store;
        _workflows = workflows;
        _options = options;
        _time = time;
        _logger = logger;
        _calculator = new FeatureCalculator(options.MinorUnitsPerMajor);
        Feed = new ChangeFeed((after, limit) => ReadChanges(c => ClassificationReader.ChangesAfter(c, after, null, null, limit)));
    }

    public CustomerStateStore State { get; } = new();

    public ChangeFeed Feed { get; }

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

    public Reclassification? FindReclassification(long id) => _reclassifications.GetValueOrDefault(id);

    /// <summary>Creates the tables, installs default workflows on first start, loads the ledger and stored memberships,
    /// and stores whatever changed while the server was down (time passed, rules or data changed).</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await using (var db = new ClassificationDbContext(ClassificationDbContextOptions.Create(_store.ConnectionString)))
        {
            await db.Database.MigrateAsync(ct);
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
            var (dimension, diagnostics) = DimensionCompiler.Compile(record.Json, record.Version);
            if (dimension is null) LogWorkflowSkipped(record.Name, record.Version, string.Join("; ", diagnostics));
            else dimensions.Add(dimension);
        }

        _snapshot = new ClassifierSnapshot(dimensions);
        await LoadCustomersAsync(ct);
        // Plugins join before the start-up sweep, so stored plugin memberships are carried, not retired and re-added.
        if (StartupDimensions is { } addDimensions) _snapshot = await addDimensions(_snapshot, ct);
        _jobLoop = Task.Run(() => RunJobsAsync(_stopping.Token), CancellationToken.None);
        var startup = await SweepAsync();
        await startup.Completion.Task.WaitAsync(ct);
        // What the classified ledger costs in memory, for operators sizing a server (after a full collection, so the
        // start-up's garbage is not counted).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        NativeHeap.Trim();
        var memory = GC.GetGCMemoryInfo();
        LogMemory(State.Count, memory.HeapSizeBytes >> 20, memory.TotalCommittedBytes >> 20);
    }

    private async Task LoadCustomersAsync(CancellationToken ct)
    {
        long first, last;
        await using (var db = _store.OpenRead())
        {
            first = await db.Customers.MinAsync(c => (long?)c.Id, ct) ?? 1;
            last = await db.Customers.MaxAsync(c => (long?)c.Id, ct) ?? 0;
        }

        var stored = ReadChanges(ClassificationReader.LoadMemberships);
        Feed.StartAfter(ReadChanges(ClassificationReader.LastSequence));
        var now = Now;
        var scratch = new CustomerFeatures();
        // A range of customer ids per query: the whole ledger as EF rows at once was most of the server's peak memory
        // at a million customers.
        var range = Math.Max(1, _options.SweepChunkSize);
        for (var from = first; from <= last; from += range)
        {
            await using var db = _store.OpenRead();
            foreach (var (id, f) in await LedgerFactsLoader.LoadRangeAsync(db, from, from + range, ct))
            {
                State.Set(new CustomerEntry(f, _calculator.Calculate(f, now, scratch), stored.GetValueOrDefault(id) ?? [], State.NextVersion(), _calculator));
            }
        }

        LogLoaded(State.Count, _snapshot.Dimensions.Count);
    }

    /// <summary>Runs <paramref name="read"/> on a fresh read connection.</summary>
    public T ReadChanges<T>(Func<SqliteConnection, T> read)
    {
        using var connection = new SqliteConnection(_store.ConnectionString);
        connection.Open();
        return read(connection);
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _jobLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping: a job cut short leaves nothing half-written (its transaction rolls back).
        }

        _stopping.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Name} v{Version} does not compile and is not in force: {Diagnostics}")]
    private partial void LogWorkflowSkipped(string name, int version, string diagnostics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification ready: {Customers} customers, managed heap {HeapMiB} MiB ({CommittedMiB} MiB committed)")]
    private partial void LogMemory(int customers, long heapMiB, long committedMiB);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification loaded {Customers} customers and {Dimensions} dimensions")]
    private partial void LogLoaded(int customers, int dimensions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-classification {Id} ({Cause} {Dimension}) finished: {Changed} customers changed of {Total}; computed in {ComputeMs} ms, stored in {StoreMs} ms")]
    private partial void LogReclassified(long id, ChangeCause cause, string dimension, long changed, long total, long computeMs, long storeMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-classification {Id} failed")]
    private partial void LogReclassificationFailed(Exception ex, long id);
}
