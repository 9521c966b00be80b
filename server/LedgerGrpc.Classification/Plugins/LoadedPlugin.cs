using System.Collections.Concurrent;
using System.Diagnostics;
using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Plugins;
using McMaster.NETCore.Plugins;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// One version of one plugin, loaded in its own collectible load context. Every call into the plugin goes through
/// here: on a worker thread under a time budget, with failures counted and turned into default segments, and the
/// plugin quarantined when it breaks its error rate, time or memory budget. Once quarantined or unloaded it is never
/// called again and holds no reference into the plugin's load context.
/// </summary>
public sealed class LoadedPlugin
{
    private readonly PluginOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentBag<PluginWorker> _idle = [];
    private readonly Lock _lock = new();
    private PluginLoader? _loader;
    private ClassifierPlugin? _plugin;
    private object? _population;
    private int _windowCustomers;
    private int _windowErrors;
    private volatile string? _quarantine;
    private volatile string? _fault;
    private IReadOnlyList<Type> _helpers;

    internal LoadedPlugin(string name, string hash, PluginLoader loader, ClassifierPlugin plugin, PluginDeclaration declaration, bool hasPopulationStep, PluginOptions options, TimeProvider time)
    {
        Name = name;
        Hash = hash;
        _loader = loader;
        _plugin = plugin;
        _options = options;
        _time = time;
        DeclaredName = declaration.Name;
        Version = declaration.Version;
        HasPopulationStep = hasPopulationStep;
        Rule = $"{name} {Version}";
        VersionNumber = Math.Max(0, Version.Major) * 1_000_000 + Math.Max(0, Version.Minor) * 1_000 + Math.Max(0, Version.Build);
        // Host-owned copies of the declaration: nothing kept here may be an object of the plugin's own types.
        Dimensions = [.. declaration.Dimensions.Select(d => new PluginDimension(this, d))];
        _helpers = declaration.ExpressionHelpers;
        HelperNames = [.. _helpers.Select(t => t.Name)];
        HelperSignatures = [.. _helpers.SelectMany(ExpressionHelpers.Signatures)];
        LoadContext = new WeakReference(loader.LoadContext);
    }

    /// <summary>The plugin's folder name, its identity in the API.</summary>
    public string Name { get; }

    public string DeclaredName { get; }

    public Version Version { get; }

    /// <summary>SHA-256 of the plugin's files as loaded (hex).</summary>
    public string Hash { get; }

    /// <summary>Membership rule text: the plugin and its version (history shows it as the cause of every change).</summary>
    public string Rule { get; }

    public bool HasPopulationStep { get; }

    public IReadOnlyList<PluginDimension> Dimensions { get; }

    public PluginCounters Counters { get; } = new();

    /// <summary>The helper classes workflows may call (contract 1.1), while the plugin is in service; none once it is
    /// quarantined or unloaded, so new workflows cannot bind to a version that is going away.</summary>
    public IReadOnlyList<Type> HelperTypes => _quarantine is null ? _helpers : [];

    /// <summary>The helper classes' names, kept after unloading (messages name them).</summary>
    public IReadOnlyList<string> HelperNames { get; }

    /// <summary>Each helper method as expressions call it, e.g. <c>Rfm.Score(ICustomerFeatures) → Int32</c>.</summary>
    public IReadOnlyList<string> HelperSignatures { get; }

    /// <summary>The plugin's load context, weakly: alive until the runtime has collected it after unloading.</summary>
    public WeakReference LoadContext { get; }

    /// <summary>Why the plugin was quarantined; null while it is in service.</summary>
    public string? QuarantineReason => _quarantine;

    /// <summary>The fault the plugin was quarantined for; null when it has none (unloading is not a fault). Workflows
    /// bound to its expression helpers stop calling into it once this is set (<see cref="HelperGuard"/>).</summary>
    public string? Fault => _fault;

    /// <summary>How long one call into the plugin may take.</summary>
    public TimeSpan CallBudget => _options.CallBudget;

    /// <summary>How much one call may allocate per customer.</summary>
    public long MaxBytesPerCustomer => _options.MaxBytesPerCustomer;

    /// <summary>Raised once, on the thread that found the fault, when the plugin is quarantined.</summary>
    internal event Action<LoadedPlugin, string>? Quarantined;

    /// <summary>The version as a dimension version number: major·1,000,000 + minor·1,000 + build.</summary>
    public int VersionNumber { get; }

    /// <summary>Runs the population step over <paramref name="population"/> under the population budget.</summary>
    public bool Prepare(IEnumerable<CustomerFeatures> population)
    {
        var plugin = _plugin;
        if (plugin is null || _quarantine is not null) return false;
        if (!HasPopulationStep) return true;
        object? state = null;
        using var cancel = new CancellationTokenSource(_options.PopulationBudget);
        var started = Stopwatch.GetTimestamp();
        var ran = Run(() => state = plugin.Prepare(population, cancel.Token), _options.PopulationBudget, null, out var error, out _);
        Metric(ClassificationTelemetry.PluginCalls);
        if (!ran)
        {
            Metric(ClassificationTelemetry.PluginErrors, "timeout");
            Quarantine($"the population step ran over its {_options.PopulationBudget.TotalSeconds:0.#} s budget and was abandoned");
            return false;
        }

        if (error is not null)
        {
            // The previous population state stays: customers are classified as before the failed step.
            Metric(ClassificationTelemetry.PluginErrors, "population_step");
            Counters.Error(0, $"Population step failed: {Describe(error)}", Now);
            return false;
        }

        _population = state;
        Counters.Record(0, Stopwatch.GetElapsedTime(started));
        return true;
    }

    /// <summary>Asks the plugin about a batch of customers; false (no answers) when quarantined or abandoned.</summary>
    internal bool ClassifyBatch(IReadOnlyList<CustomerFeatures> customers, HostResult[] results, bool wantsReason = false)
    {
        var plugin = _plugin;
        if (plugin is null || _quarantine is not null || customers.Count == 0) return customers.Count == 0 && plugin is not null;
        for (var i = 0; i < customers.Count; i++) results[i].Reset(wantsReason);
        var population = _population;
        var started = Stopwatch.GetTimestamp();
        var slice = new ArraySegment<HostResult>(results, 0, customers.Count);
        var ran = Run(() => CallBatch(plugin, customers, population, slice), _options.CallBudget, () => Overran(customers.Count), out var error, out var allocated);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Metric(ClassificationTelemetry.PluginCalls);
        if (!ran) return false;

        Counters.Record(customers.Count, elapsed);
        if (error is not null)
        {
            // Only host errors get here (CallBatch contains the plugin's).
            throw new InvalidOperationException("Plugin call failed in the host.", error);
        }

        var failed = 0;
        string? lastFailure = null;
        for (var i = 0; i < customers.Count; i++)
        {
            var result = results[i];
            result.Failure ??= Check(result);
            if (result.Failure is { } failure)
            {
                failed++;
                lastFailure = failure;
            }
        }

        if (failed > 0)
        {
            Counters.Error(failed, lastFailure!, Now);
            Metric(ClassificationTelemetry.PluginErrors, "customer");
        }

        if (allocated > _options.MaxBytesPerCustomer * customers.Count)
        {
            Metric(ClassificationTelemetry.PluginErrors, "allocation");
            Quarantine($"a call for {customers.Count} customers allocated {allocated >> 20} MiB (budget {_options.MaxBytesPerCustomer >> 10} KiB per customer)");
            return false;
        }

        CountErrors(customers.Count, failed);
        return true;
    }

    /// <summary>A call for <paramref name="customers"/> customers ran over its budget and was abandoned (by the
    /// caller waiting on a worker, or by the watchdog of a <see cref="WatchedThread"/>): counted, and the plugin
    /// quarantined.</summary>
    internal void Overran(int customers) =>
        Fail(customers, "timeout", $"a call for {customers} customers ran over its {_options.CallBudget.TotalMilliseconds:0} ms budget and was abandoned");

    /// <summary>A fault that takes the plugin out of service: counted (metric reason <paramref name="metricReason"/>),
    /// kept as its last error, and the plugin quarantined for <paramref name="reason"/>.</summary>
    internal void Fail(int customers, string metricReason, string reason)
    {
        Metric(ClassificationTelemetry.PluginErrors, metricReason);
        Counters.Error(customers, $"{char.ToUpperInvariant(reason[0])}{reason[1..]}.", Now);
        Quarantine(reason);
    }

    /// <summary>Runs a workflow evaluation that calls this plugin's expression helpers (<paramref name="work"/>, for
    /// <paramref name="customers"/> customers) as a call into the plugin: under its call budget, on a worker or inline on a
    /// watched thread, counted in its calls and time. False without running anything once the plugin has a
    /// <see cref="Fault"/>, and false when the call was abandoned (<paramref name="overran"/> has then run).</summary>
    internal bool RunHelpers(int customers, Action work, Action overran, out Exception? error, out long allocated)
    {
        error = null;
        allocated = 0;
        if (_fault is not null) return false;
        var started = Stopwatch.GetTimestamp();
        var ran = Run(work, _options.CallBudget, overran, out error, out allocated, keepWorker: true);
        Metric(ClassificationTelemetry.PluginCalls);
        if (ran) Counters.Record(customers, Stopwatch.GetElapsedTime(started));
        return ran;
    }

    /// <summary>Customers a helper-bound workflow was evaluated for, <paramref name="failed"/> of them with an exception
    /// from one of this plugin's helpers: counted against the plugin's error rate like a plugin dimension's failures.</summary>
    internal void HelperErrors(int customers, int failed, string? lastFailure)
    {
        if (failed > 0)
        {
            Counters.Error(failed, lastFailure!, Now);
            Metric(ClassificationTelemetry.PluginErrors, "customer");
        }

        CountErrors(customers, failed);
    }

    /// <summary>One customer alone (Explain, Evaluate, checks); null when the plugin gave no answer.</summary>
    internal HostResult? ClassifyOne(CustomerFeatures features, bool wantsReason)
    {
        var result = new HostResult();
        return ClassifyBatch([features], [result], wantsReason) ? result : null;
    }

    /// <summary>Takes the plugin out of service (idempotent): it is not called again; its memberships stay.</summary>
    public void Quarantine(string reason)
    {
        bool inService;
        lock (_lock)
        {
            // An unloaded version can still fault: a workflow bound to its helpers (its folder was removed) runs them.
            if (_fault is not null) return;
            _fault = reason;
            inService = _quarantine is null;
            _quarantine ??= reason;
        }

        if (inService) Quarantined?.Invoke(this, reason);
    }

    /// <summary>Drops every reference into the plugin's load context and unloads it. Idempotent. Whether the runtime
    /// collected it shows in <see cref="LoadContext"/>.</summary>
    public void Unload()
    {
        PluginLoader? loader;
        lock (_lock)
        {
            _quarantine ??= "unloaded";
            loader = _loader;
            _loader = null;
            _plugin = null;
            _population = null;
            // Workflows still bound to the helpers hold their own references (the status then says unload pending).
            _helpers = [];
        }

        while (_idle.TryTake(out var worker)) worker.Dispose();
        loader?.Dispose();
    }

    private static void CallBatch(ClassifierPlugin plugin, IReadOnlyList<CustomerFeatures> customers, object? population, IReadOnlyList<HostResult> results)
    {
        try
        {
            plugin.ClassifyBatch(customers, population, results);
            return;
        }
        catch (ThreadInterruptedException)
        {
            // The call was abandoned and the watchdog woke the thread: calling the plugin again customer by customer
            // would only block it again (and keep the plugin's load context alive).
            throw;
        }
        catch (Exception ex) when (customers.Count == 1)
        {
            results[0].Failure = Describe(ex);
            return;
        }
        catch (Exception)
        {
            // Find the customers that fail: one at a time, each failure that customer's alone.
        }

        for (var i = 0; i < customers.Count; i++)
        {
            var result = results[i];
            result.Reset(result.WantsReason);
            try
            {
                plugin.Classify(customers[i], population, result);
            }
            catch (Exception ex)
            {
                result.Failure = Describe(ex);
            }
        }
    }

    /// <summary>Why the plugin's answer breaks its own declaration, or null. Runs for every customer of every call:
    /// indexed loops, no LINQ (a closure and a boxed enumerator per customer were most of a plugin dimension's cost).</summary>
    private string? Check(HostResult result)
    {
        for (var i = 0; i < result.Count; i++)
        {
            var (dimension, segment, _) = result[i];
            var declared = Find(dimension);
            if (declared is null) return $"assigned a segment in undeclared dimension '{dimension}'";
            if (!declared.HasSegment(segment)) return $"assigned undeclared segment '{segment}' in dimension '{dimension}'";
            if (declared.Mode != ClassificationMode.FirstMatch) continue;
            for (var j = i + 1; j < result.Count; j++)
            {
                if (result[j].Dimension == dimension) return $"assigned several segments in first-match dimension '{dimension}'";
            }
        }

        return null;
    }

    private PluginDimension? Find(string key)
    {
        var dimensions = Dimensions;
        for (var i = 0; i < dimensions.Count; i++)
        {
            if (dimensions[i].Name == key) return dimensions[i];
        }

        return null;
    }

    private void CountErrors(int customers, int failed)
    {
        int windowCustomers, windowErrors;
        lock (_lock)
        {
            _windowCustomers += customers;
            _windowErrors += failed;
            if (_windowCustomers < _options.ErrorWindow) return;
            (windowCustomers, windowErrors) = (_windowCustomers, _windowErrors);
            _windowCustomers = _windowErrors = 0;
        }

        if (windowErrors > _options.MaxErrorRate * windowCustomers)
        {
            Quarantine($"{windowErrors} of the last {windowCustomers} customers failed (over the {_options.MaxErrorRate:P0} error rate); last error: {Counters.LastError.Message}");
        }
    }

    /// <summary>Runs plugin code under <paramref name="budget"/> on a worker while this thread waits, or, for a
    /// classification call (one with an <paramref name="overran"/> report) on a <see cref="WatchedThread"/>, inline (its
    /// watchdog reports an overrun). False when the call was abandoned; a classification call's overrun is then already
    /// reported. Helper calls keep their worker after unloading (a workflow can outlive the version it is bound to).</summary>
    private bool Run(Action work, TimeSpan budget, Action? overran, out Exception? error, out long allocated, bool keepWorker = false)
    {
        if (overran is not null && WatchedThread.Current is { } watched) return watched.Run(overran, work, budget, out error, out allocated);
        if (!_idle.TryTake(out var worker)) worker = new PluginWorker(Name);
        var done = worker.Run(work, budget, out error, out allocated);
        if (done && (keepWorker || _plugin is not null)) _idle.Add(worker);
        else if (done) worker.Dispose();
        else overran?.Invoke();
        return done;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    // The meter the operations side exports (classification.plugin.calls / .errors); free without a listener.
    private void Metric(System.Diagnostics.Metrics.Counter<long> counter, string? reason = null)
    {
        if (!counter.Enabled) return;
        if (reason is null) counter.Add(1, new KeyValuePair<string, object?>("plugin", Name));
        else counter.Add(1, new KeyValuePair<string, object?>("plugin", Name), new KeyValuePair<string, object?>("reason", reason));
    }

    // Keep the message only: the exception object may be of the plugin's own type and would pin its load context.
    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}
