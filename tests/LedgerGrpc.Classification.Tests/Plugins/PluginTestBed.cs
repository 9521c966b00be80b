using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>A seeded ledger in a real SQLite file, the classification engine with its plugin host on a temporary
/// plugins folder, and the ledger writer re-classifying through the engine, as the server wires them.</summary>
internal sealed class PluginTestBed : IAsyncDisposable
{
    public const int Customers = 200;
    private static readonly DateTimeOffset SeededAt = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir;
    private bool _ownsDir;

    private PluginTestBed(TempDirectory dir, bool ownsDir, PluginOptions options)
    {
        _dir = dir;
        _ownsDir = ownsDir;
        Store = new LedgerStore(new LedgerOptions { DataDir = dir.Path });
        Engine = new ClassificationEngine(Store, new WorkflowStore(() => new ClassificationDbContext(ClassificationDbContextOptions.Create(Store.ConnectionString)), Clock),
            new ClassificationOptions { SweepInterval = TimeSpan.Zero }, Clock, NullLogger<ClassificationEngine>.Instance);
        Host = new PluginHost(Engine, options, Clock, NullLogger<PluginHost>.Instance);
        Writer = new LedgerWriter(Store, Clock, [new LedgerClassificationHook(Engine)], NullLogger<LedgerWriter>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(SeededAt.AddDays(1));

    public LedgerStore Store { get; }

    public ClassificationEngine Engine { get; }

    public PluginHost Host { get; }

    public LedgerWriter Writer { get; }

    public string DataDir => _dir.Path;

    public string PluginsDir => Path.Combine(_dir.Path, "plugins");

    /// <summary>A seeded ledger with <paramref name="install"/> in its plugins folder, started.</summary>
    public static async Task<PluginTestBed> StartAsync(Action<PluginOptions>? configure = null, params PluginBuilds.PluginBuild[] install)
    {
        var dir = new TempDirectory("cls-plugins");
        var store = new LedgerStore(new LedgerOptions { DataDir = dir.Path });
        new LedgerSeeder(store, new FakeTimeProvider(SeededAt)).Run(Customers, randomSeed: 11);
        foreach (var build in install) build.InstallInto(Path.Combine(dir.Path, "plugins"));
        return await StartOnAsync(dir, ownsDir: true, configure);
    }

    /// <summary>Stops this engine and starts another on the same data (a restart); the new bed owns the data.</summary>
    public async Task<PluginTestBed> RestartAsync(Action<PluginOptions>? configure = null)
    {
        _ownsDir = false;
        await DisposeAsync();
        return await StartOnAsync(_dir, ownsDir: true, configure);
    }

    private static async Task<PluginTestBed> StartOnAsync(TempDirectory dir, bool ownsDir, Action<PluginOptions>? configure)
    {
        var options = new PluginOptions { Directory = Path.Combine(dir.Path, "plugins"), RequireApproval = false, Watch = false, CallBudget = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        var bed = new PluginTestBed(dir, ownsDir, options);
        await bed.Engine.InitializeAsync(CancellationToken.None);
        return bed;
    }

    public Task<T> Run<T>(LedgerCommand<T> command) => Writer.ExecuteAsync(command, "tester");

    /// <summary>Sets custom attribute "plugin_fault" on a customer (what the misbehaving test plugins react to).</summary>
    public Task SetFault(long customerId, string fault) =>
        Run(new UpdateCustomer(customerId, new CustomerFields { Attributes = new Dictionary<string, string> { ["plugin_fault"] = fault } }, ["attributes"]));

    public string? Segment(long customerId, string dimension) =>
        Engine.State.Get(customerId)!.Memberships.FirstOrDefault(m => m.Dimension == dimension)?.Segment;

    public IEnumerable<CustomerEntry> Active => Engine.State.Entries.Where(e => !e.Archived);

    /// <summary>Resolves with the first plugin state matching <paramref name="until"/> (now or later).</summary>
    public Task<PluginInfo> WaitFor(string name, Func<PluginInfo, bool> until)
    {
        var done = new TaskCompletionSource<PluginInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Host.Changed += info =>
        {
            if (info.Name == name && until(info)) done.TrySetResult(info);
        };
        try
        {
            if (Host.Get(name) is { } now && until(now)) done.TrySetResult(now);
        }
        catch (ClassificationException)
        {
            // Not known yet.
        }

        // A generous ceiling so a broken build fails instead of hanging the run; the wait itself is the event.
        return done.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection(Store.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Writer.DisposeAsync();
        await Engine.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDir) _dir.Dispose();
    }
}
