using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Channels;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// Runs the plugins folder: one sub-folder per plugin. A new or changed build is loaded beside the running version,
/// validated (contract version, dimension keys, a dry run on real customers within the call budget), swapped into the
/// classifier snapshot by a background re-classification (history cause "plugin"), and the old version unloaded and
/// checked to be collected. A removed folder or a disabled plugin retires its dimensions. Nothing a plugin does is
/// fatal: load failures and faults show in its status.
/// </summary>
public sealed partial class PluginHost : IDisposable
{
    private readonly ClassificationEngine _engine;
    private readonly PluginOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PluginHost> _logger;
    private readonly PluginApprovals _approvals;
    private readonly ConcurrentDictionary<string, PluginSlot> _slots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _ops = new(1, 1);
    private readonly ConcurrentDictionary<Channel<PluginInfo>, byte> _watchers = new();
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;
    private bool _started;

    public PluginHost(ClassificationEngine engine, PluginOptions options, TimeProvider time, ILogger<PluginHost> logger)
    {
        if (string.IsNullOrWhiteSpace(options.Directory)) throw new ArgumentException("Plugins:Directory must be set.", nameof(options));
        _engine = engine;
        _options = options;
        _time = time;
        _logger = logger;
        _approvals = new PluginApprovals(engine.ConnectionString);
        Directory = Path.GetFullPath(options.Directory);
        // Plugins join the start-up snapshot (before the start-up sweep), see StartupAsync.
        engine.StartupDimensions = StartupAsync;
        engine.UnknownHelper = DescribeUnknownHelper;
    }

    public string Directory { get; }

    public bool RequireApproval => _options.RequireApproval ?? true;

    /// <summary>Raised after a plugin's status changed (tests, metrics).</summary>
    public event Action<PluginInfo>? Changed;

    /// <summary>Starts watching the folder (after the engine is initialised).</summary>
    public void StartWatching()
    {
        if (!_options.Watch || _watcher is not null) return;
        // Real time, whatever clock the ledger runs on: this waits for files, not for business time.
        _debounce = TimeProvider.System.CreateTimer(_ => _ = ScanQuietlyAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Directory) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
        FileSystemEventHandler changed = (_, _) => _debounce.Change(_options.ReloadDelay, Timeout.InfiniteTimeSpan);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, _) => _debounce.Change(_options.ReloadDelay, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
        // Anything that changed between start-up and now.
        _debounce.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public IReadOnlyList<PluginInfo> List() => [.. _slots.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(Info)];

    public PluginInfo Get(string name) => Info(Slot(name));

    /// <summary>Re-reads the folder now (what the watcher does after a change).</summary>
    public async Task ScanAsync(CancellationToken ct)
    {
        await _ops.WaitAsync(ct);
        try
        {
            await ScanLockedAsync(ct);
        }
        finally
        {
            _ops.Release();
        }
    }

    /// <summary>Approves the build whose files hash to <paramref name="sha256"/> (the hash the operator reviewed, as
    /// GetPlugin shows it) and loads it.</summary>
    public Task<PluginInfo> ApproveAsync(string name, string sha256, string by, CancellationToken ct) => Locked(name, async slot =>
    {
        if (string.IsNullOrWhiteSpace(sha256))
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "sha256 is required: approve exactly the build you reviewed (GetPlugin shows its hash).");
        }

        slot.Hash = Hash(slot) ?? slot.Hash;
        if (!string.Equals(sha256.Trim(), slot.Hash, StringComparison.OrdinalIgnoreCase))
        {
            throw new ClassificationException(ClassificationError.FailedPrecondition,
                $"Plugin {name}'s files hash to {slot.Hash}, not {sha256.Trim()}: they changed since you looked; review and approve the current hash.");
        }

        _approvals.Approve(slot.Hash, name, by, Now);
        LogApproved(name, slot.Hash, by);
        await EvaluateAsync(slot, force: true, ct);
    });

    /// <summary>Retires the plugin's dimensions (memberships end, history cause "plugin") until it is enabled.</summary>
    public Task<PluginInfo> DisableAsync(string name, string by, CancellationToken ct) => Locked(name, async slot =>
    {
        RefuseIfWorkflowsCallHelpers(name);
        _approvals.Disable(name, by, Now);
        await RetireAsync(slot, PluginStatus.Disabled, $"Disabled by {by}.", ct);
    });

    /// <summary>Lifts a disable or quarantine: the build on disk is loaded and validated again.</summary>
    public Task<PluginInfo> EnableAsync(string name, CancellationToken ct) => Locked(name, async slot =>
    {
        _approvals.Enable(name);
        await EvaluateAsync(slot, force: true, ct);
    });

    /// <summary>Loads the build on disk again even if its files did not change.</summary>
    public Task<PluginInfo> ReloadAsync(string name, CancellationToken ct) => Locked(name, async slot =>
    {
        if (slot.Status == PluginStatus.Disabled)
        {
            throw new ClassificationException(ClassificationError.FailedPrecondition, $"Plugin {name} is disabled; EnablePlugin loads it again.");
        }

        await EvaluateAsync(slot, force: true, ct);
    });

    /// <summary>Every status change from now on (the current state of every plugin first).</summary>
    public async IAsyncEnumerable<PluginInfo> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Bounded: a slow watcher loses old states, never the latest, and never slows the host.
        var channel = Channel.CreateBounded<PluginInfo>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _watchers[channel] = 0;
        try
        {
            foreach (var info in List()) yield return info;
            await foreach (var info in channel.Reader.ReadAllAsync(ct)) yield return info;
        }
        finally
        {
            _watchers.TryRemove(channel, out _);
        }
    }

    /// <summary>Loads what is in the folder into the start-up snapshot (the engine calls this once, before its
    /// start-up sweep).</summary>
    private async Task<ClassifierSnapshot> StartupAsync(ClassifierSnapshot snapshot, CancellationToken ct)
    {
        _approvals.EnsureCreated();
        System.IO.Directory.CreateDirectory(Directory);
        await _ops.WaitAsync(ct);
        try
        {
            foreach (var folder in Folders())
            {
                var slot = _slots.GetOrAdd(Path.GetFileName(folder), name => new PluginSlot(name, folder));
                slot.Hash = Hash(slot) ?? "";
                if (await PrepareAsync(slot, snapshot, ct) is { } plugin)
                {
                    snapshot = snapshot.WithPlugin(plugin);
                    Go(slot, plugin);
                }
            }

            _started = true;
            return snapshot;
        }
        finally
        {
            _ops.Release();
        }
    }

    private async Task ScanQuietlyAsync()
    {
        try
        {
            await ScanAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            LogScanFailed(ex);
        }
    }

    private async Task ScanLockedAsync(CancellationToken ct)
    {
        var onDisk = Folders().ToDictionary(f => Path.GetFileName(f), f => f, StringComparer.Ordinal);
        foreach (var slot in _slots.Values)
        {
            if (!onDisk.ContainsKey(slot.Name) && !slot.Removed)
            {
                await RetireAsync(slot, PluginStatus.Disabled, "The plugin's folder was removed.", ct);
                slot.Removed = true;
                ForgetIfCollected(slot);
            }
        }

        foreach (var (name, folder) in onDisk)
        {
            var slot = _slots.GetOrAdd(name, _ => new PluginSlot(name, folder));
            slot.Removed = false;
            var hash = Hash(slot);
            // Unreadable right now (a copy in progress): the next change event reads it again.
            if (hash is null || hash == slot.Hash && slot.Status != PluginStatus.Failed) continue;
            slot.Hash = hash;
            await EvaluateAsync(slot, force: false, ct);
        }
    }

    /// <summary>Approval and disable checks, then load, validate and swap in the build on disk.</summary>
    private async Task EvaluateAsync(PluginSlot slot, bool force, CancellationToken ct)
    {
        if (!_started) return;
        slot.Hash = Hash(slot) ?? slot.Hash;
        if (!force && slot.Current is { } live && live.Hash == slot.Hash && slot.Status == PluginStatus.Loaded) return;
        if (await PrepareAsync(slot, _engine.Snapshot, ct) is not { } plugin) return;
        Reclassification job;
        try
        {
            job = await _engine.EnqueueAsync(s => s.WithPlugin(plugin), slot.Name, plugin.VersionNumber, ChangeCause.Plugin);
            await job.Completion.Task.WaitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            plugin.Unload();
            Set(slot, PluginStatus.Failed, $"Could not go live: {ex.Message}");
            return;
        }

        var old = slot.Current;
        Go(slot, plugin);
        LogLive(slot.Name, plugin.Version.ToString(), job.Changed);
        if (old is not null && !ReferenceEquals(old, plugin)) Retire(slot, old);
    }

    /// <summary>Loads and validates the build on disk; null (and the status says why) when it is not to go live.</summary>
    private async Task<LoadedPlugin?> PrepareAsync(PluginSlot slot, ClassifierSnapshot snapshot, CancellationToken ct)
    {
        if (_approvals.IsDisabled(slot.Name))
        {
            Set(slot, PluginStatus.Disabled, "Disabled by an operator; EnablePlugin loads it.");
            return null;
        }

        if (RequireApproval && !_approvals.IsApproved(slot.Hash))
        {
            var live = slot.Current is { } c && c.QuarantineReason is null ? $" Version {c.Version} stays live meanwhile." : "";
            Set(slot, PluginStatus.PendingApproval, $"Files with SHA-256 {slot.Hash} are not approved; ApprovePlugin with that hash loads them.{live}");
            LogPendingApproval(slot.Name, slot.Hash);
            return null;
        }

        LoadedPlugin plugin;
        try
        {
            plugin = await Task.Run(() => PluginLoading.Load(slot.Name, PluginFiles.MainAssembly(slot.Folder), slot.Hash, _options, _time), ct);
        }
        catch (Exception ex) when (ex is PluginLoadException or IOException or UnauthorizedAccessException)
        {
            Fail(slot, ex.Message);
            return null;
        }

        try
        {
            _ = snapshot.WithPlugin(plugin);
            await Task.Run(() => Validate(plugin), ct);
        }
        catch (Exception ex) when (ex is PluginLoadException or ClassificationException)
        {
            plugin.Unload();
            Fail(slot, ex.Message);
            return null;
        }

        return plugin;
    }

    /// <summary>The population step, then a dry run on real customers: a plugin that overruns its budget, allocates
    /// too much or fails too often here never goes live.</summary>
    private void Validate(LoadedPlugin plugin)
    {
        var entries = _engine.State.Entries.Where(e => !e.Archived);
        if (!plugin.Prepare(Population(entries)))
        {
            throw new PluginLoadException($"The population step failed: {plugin.QuarantineReason ?? plugin.Counters.LastError.Message}");
        }

        var sample = entries.Take(Math.Max(1, _options.DryRunCustomers)).Select(e => e.Features).ToList();
        var results = new HostResult[Math.Min(Reclassifier.PluginBatchSize, Math.Max(1, sample.Count))];
        for (var i = 0; i < results.Length; i++) results[i] = new HostResult();
        for (var start = 0; start < sample.Count; start += results.Length)
        {
            var batch = sample.GetRange(start, Math.Min(results.Length, sample.Count - start));
            if (!plugin.ClassifyBatch(batch, results))
            {
                throw new PluginLoadException($"Dry run on {sample.Count} customers: {plugin.QuarantineReason}.");
            }
        }

        if (sample.Count > 0 && plugin.Counters.Errors > _options.MaxErrorRate * sample.Count)
        {
            throw new PluginLoadException($"Dry run on {sample.Count} customers: {plugin.Counters.Errors} failed; last error: {plugin.Counters.LastError.Message}");
        }
    }

    /// <summary>Takes the plugin's dimensions out of the snapshot (memberships end, cause "plugin") and unloads it.</summary>
    private async Task RetireAsync(PluginSlot slot, PluginStatus status, string message, CancellationToken ct)
    {
        if (slot.Current is { } current)
        {
            var job = await _engine.EnqueueAsync(s => s.WithoutPlugin(slot.Name), slot.Name, current.VersionNumber, ChangeCause.Plugin);
            await job.Completion.Task.WaitAsync(ct);
            slot.Current = null;
            Retire(slot, current);
        }

        Set(slot, status, message);
    }

    private void Go(PluginSlot slot, LoadedPlugin plugin)
    {
        plugin.Quarantined += OnQuarantined;
        slot.Current = plugin;
        slot.HelperNames = plugin.HelperNames;
        Set(slot, PluginStatus.Loaded, $"Version {plugin.Version} live with dimensions {string.Join(", ", plugin.Dimensions.Select(d => d.Name))}.");
        // Quarantined while going live (by the swap's own re-classification, before this slot pointed at it).
        if (plugin.QuarantineReason is { } reason && reason != "unloaded") OnQuarantined(plugin, reason);
    }

    /// <summary>A disabled plugin's helpers are gone, so a workflow calling them could not be compiled again (after a
    /// restart it would not be in force): the operator changes the workflow first.</summary>
    private void RefuseIfWorkflowsCallHelpers(string name)
    {
        var snapshot = _engine.Snapshot;
        var others = snapshot.Plugins.Where(p => p.Name != name).ToList();
        var callers = ExpressionHelpers.BoundTo(snapshot, name)
            .Where(d => Dimensions.DimensionCompiler.Compile(d.Json, d.Version, others, null).Dimension is null)
            .Select(d => d.Name)
            .ToList();
        if (callers.Count > 0)
        {
            throw new ClassificationException(ClassificationError.FailedPrecondition,
                $"Plugin {name} cannot be disabled: workflow(s) {string.Join(", ", callers)} call its expression helpers ({string.Join(", ", Slot(name).HelperNames)}); change or delete them first.");
        }
    }

    private string? DescribeUnknownHelper(string identifier)
    {
        var slot = _slots.Values.FirstOrDefault(s => s.HelperNames.Contains(identifier, StringComparer.OrdinalIgnoreCase));
        if (slot is null) return null;
        var state = slot.Removed ? "removed" : slot.Status switch
        {
            PluginStatus.Loaded when slot.Current is { QuarantineReason: null } => null,
            PluginStatus.PendingApproval => "pending approval",
            PluginStatus.UnloadPending => "unloaded",
            var other => other.ToString().ToLowerInvariant(),
        };
        return state is null ? null : $"'{identifier}' is an expression helper of plugin {slot.Name}, which is {state} ({slot.Message}); workflows can call it once the plugin is loaded.";
    }

    /// <summary>On the thread that found the fault (possibly the ledger's writer): record it, unload elsewhere.</summary>
    private void OnQuarantined(LoadedPlugin plugin, string reason)
    {
        LogQuarantined(plugin.Name, plugin.Version.ToString(), reason);
        if (!_slots.TryGetValue(plugin.Name, out var slot) || !ReferenceEquals(slot.Current, plugin)) return;
        Set(slot, PluginStatus.Quarantined, $"Quarantined: {reason}. Its customers keep their segments; EnablePlugin loads it again.");
        _ = Task.Run(async () =>
        {
            await _ops.WaitAsync();
            try
            {
                Retire(slot, plugin);
            }
            finally
            {
                _ops.Release();
            }
        });
    }

    /// <summary>Unloads a version and checks in the background that the runtime collects its load context.</summary>
    private void Retire(PluginSlot slot, LoadedPlugin plugin)
    {
        plugin.Unload();
        lock (slot.Retired)
        {
            if (!slot.Retired.Contains(plugin)) slot.Retired.Add(plugin);
        }

        _ = Task.Run(() => VerifyUnloadAsync(slot, plugin));
    }

    private async Task VerifyUnloadAsync(PluginSlot slot, LoadedPlugin plugin)
    {
        // A collectible context goes after its last reference does, which takes a few collections (finalizers run
        // between them). Polling is the only way to observe it; after that the status says "unload pending".
        // Background (concurrent) collections: a blocking full collection stops every thread, the ledger writer
        // included, for as long as it takes, which was most of a hot reload's write latency under load. Waiting for
        // finalizers blocks only this task.
        for (var attempt = 0; attempt < 20 && plugin.LoadContext.IsAlive; attempt++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
            GC.WaitForPendingFinalizers();
            if (!plugin.LoadContext.IsAlive) break;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * (attempt + 1)), _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (plugin.LoadContext.IsAlive)
        {
            LogUnloadPending(plugin.Name, plugin.Version.ToString());
            lock (slot.Retired) slot.Stuck.Add(plugin);
            Publish(slot);
            return;
        }

        lock (slot.Retired)
        {
            slot.Retired.Remove(plugin);
            slot.Stuck.Remove(plugin);
        }

        LogUnloaded(plugin.Name, plugin.Version.ToString());
        ForgetIfCollected(slot);
        Publish(slot);
    }

    private void ForgetIfCollected(PluginSlot slot)
    {
        lock (slot.Retired)
        {
            if (slot.Removed && slot.Retired.Count == 0 && slot.Current is null) _slots.TryRemove(slot.Name, out _);
        }
    }

    private async Task<PluginInfo> Locked(string name, Func<PluginSlot, Task> action)
    {
        var slot = Slot(name);
        await _ops.WaitAsync(_stopping.Token);
        try
        {
            await action(slot);
        }
        finally
        {
            _ops.Release();
        }

        return Info(slot);
    }

    private PluginSlot Slot(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "name is required; ListPlugins gives the names.");
        }

        if (!_slots.TryGetValue(name, out var slot) || slot.Removed)
        {
            throw new ClassificationException(ClassificationError.NotFound,
                $"No plugin '{name}' in {Directory}; known plugins: {(_slots.IsEmpty ? "none" : string.Join(", ", _slots.Keys.Order(StringComparer.Ordinal)))}.");
        }

        return slot;
    }

    private void Fail(PluginSlot slot, string message)
    {
        LogLoadFailed(slot.Name, message);
        var live = slot.Current is { } c && c.QuarantineReason is null ? $" Version {c.Version} stays live." : "";
        Set(slot, PluginStatus.Failed, message + live);
    }

    private void Set(PluginSlot slot, PluginStatus status, string message)
    {
        slot.Status = status;
        slot.Message = message;
        slot.ChangedAt = Now;
        Publish(slot);
    }

    private void Publish(PluginSlot slot)
    {
        var info = Info(slot);
        foreach (var watcher in _watchers.Keys) watcher.Writer.TryWrite(info);
        Changed?.Invoke(info);
    }

    private PluginInfo Info(PluginSlot slot)
    {
        var current = slot.Current;
        var status = slot.Status;
        var message = slot.Message;
        List<LoadedPlugin> pending;
        lock (slot.Retired) pending = [.. slot.Stuck.Where(r => r.LoadContext.IsAlive)];
        if (pending.Count > 0 && status is PluginStatus.Loaded or PluginStatus.Disabled)
        {
            // Not pretending: an old version is unloaded but something still references it, so its memory is held.
            status = PluginStatus.UnloadPending;
            var callers = ExpressionHelpers.BoundTo(_engine.Snapshot, slot.Name).Where(d => d.HelperPlugins.Any(pending.Contains)).Select(d => d.Name).ToList();
            var holder = callers.Count > 0 ? $"workflow(s) {string.Join(", ", callers)} still call its expression helpers" : "something still references the plugin's load context";
            message = $"{message} Version(s) {string.Join(", ", pending.Select(p => p.Version))} unloaded but not collected: {holder}.";
        }

        var counters = current?.Counters;
        var (lastError, lastErrorAt) = counters?.LastError ?? ("", null);
        return new PluginInfo(
            slot.Name,
            current?.DeclaredName ?? "",
            current?.Version.ToString() ?? VersionOnDisk(slot),
            slot.Hash,
            status,
            message,
            current?.Dimensions ?? [],
            counters?.Calls ?? 0,
            counters?.Errors ?? 0,
            counters?.PercentileMicros(50) ?? 0,
            counters?.PercentileMicros(99) ?? 0,
            lastError,
            lastErrorAt,
            slot.ChangedAt,
            current?.HelperSignatures ?? []);
    }

    /// <summary>The main assembly's version, read from its metadata without running any of it.</summary>
    private static string VersionOnDisk(PluginSlot slot)
    {
        try
        {
            return AssemblyName.GetAssemblyName(PluginFiles.MainAssembly(slot.Folder)).Version?.ToString() ?? "";
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private string? Hash(PluginSlot slot)
    {
        try
        {
            return System.IO.Directory.Exists(slot.Folder) ? PluginFiles.Hash(slot.Folder) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private IEnumerable<string> Folders() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateDirectories(Directory).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal)
            : [];

    private static IEnumerable<CustomerFeatures> Population(IEnumerable<CustomerEntry> entries)
    {
        var scratch = new CustomerFeatures();
        foreach (var entry in entries) yield return entry.FeaturesInto(scratch);
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public void Dispose()
    {
        _stopping.Cancel();
        _watcher?.Dispose();
        _debounce?.Dispose();
        foreach (var watcher in _watchers.Keys) watcher.Writer.TryComplete();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {Name} {Version} is live ({Changed} customers changed segment)")]
    private partial void LogLive(string name, string version, long changed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Name} was not loaded: {Message}")]
    private partial void LogLoadFailed(string name, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Name} awaits approval of SHA-256 {Hash}")]
    private partial void LogPendingApproval(string name, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {Name} build {Hash} approved by {By}")]
    private partial void LogApproved(string name, string hash, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Name} {Version} quarantined: {Reason}")]
    private partial void LogQuarantined(string name, string version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {Name} {Version} unloaded and collected")]
    private partial void LogUnloaded(string name, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Name} {Version} was unloaded but is still referenced; its memory is not freed")]
    private partial void LogUnloadPending(string name, string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the plugins folder failed")]
    private partial void LogScanFailed(Exception ex);
}
