using System.Reflection;
using System.Text.RegularExpressions;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// The watchdog of a workflow that calls plugins' expression helpers. A helper is plugin code inside the compiled
/// workflow, so every evaluation of such a workflow (ledger writes, re-classifications, dry runs, previews, tests,
/// explanations) runs as a call into the plugin: under its call budget on a worker thread or a watched thread, with its
/// allocation budget. An overrun or over-allocation quarantines the plugin naming the helper; an exception leaving a
/// helper (the workflow's rule catches it: the rule fails, as RulesEngine does) counts against the plugin's error rate.
/// Once a bound plugin has a fault, evaluations fail fast without calling into it. Workflows without helpers have no
/// guard and pay nothing.
/// </summary>
public sealed class HelperGuard
{
    // The guard whose workflow the current thread is evaluating, and the helper failure seen for the current customer:
    // set inside the guarded call, on the thread running it.
    [ThreadStatic]
    private static HelperGuard? _active;

    [ThreadStatic]
    private static (int Plugin, string Message)? _threw;

    private readonly LoadedPlugin[] _plugins;
    private readonly (Type Helper, int Plugin)[] _helpers;

    internal HelperGuard(string workflow, string json, IReadOnlyList<(LoadedPlugin Plugin, Type Helper)> helpers)
    {
        Workflow = workflow;
        _plugins = [.. helpers.Select(h => h.Plugin).Distinct()];
        _helpers = [.. helpers.Select(h => (h.Helper, Array.IndexOf(_plugins, h.Plugin)))];
        // What the workflow calls (Rfm.Score, ...): named in every message about the helpers.
        var calls = helpers
            .SelectMany(h => CallsOf(h.Helper.Name).Matches(json).Select(m => $"{h.Helper.Name}.{m.Groups[1].Value}"))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        Calls = calls.Count > 0 ? string.Join(", ", calls) : string.Join(", ", helpers.Select(h => h.Helper.Name));
        Noun = calls.Count > 1 ? "expression helpers" : "expression helper";
    }

    public string Workflow { get; }

    /// <summary>The helper methods the workflow calls, e.g. <c>Rfm.Score</c>.</summary>
    public string Calls { get; }

    public IReadOnlyList<LoadedPlugin> Plugins => _plugins;

    private string Noun { get; }

    /// <summary>Why the workflow is not evaluated (a bound plugin has a fault), for a person; null while it is.</summary>
    public string? OutOfService
    {
        get
        {
            foreach (var plugin in _plugins)
            {
                if (plugin.Fault is { } fault)
                {
                    return $"Workflow '{Workflow}' calls {Noun} {Calls} of plugin {plugin.Name}, which is quarantined ({fault}); "
                        + "customers keep their segments in this dimension until the workflow no longer calls it (publish a version without it, or delete it) or EnablePlugin loads the plugin again.";
                }
            }

            return null;
        }
    }

    /// <summary>Evaluates the workflow for <paramref name="customers"/> customers (<paramref name="evaluate"/> is called
    /// with each index, on the thread that runs the call) under the first bound plugin's budgets. False when there is no
    /// answer: a bound plugin is out of service, or the call overran or over-allocated (the plugins are quarantined).
    /// Whatever <paramref name="evaluate"/> writes must be private to this call: an abandoned call may still write.</summary>
    public bool Run(int customers, Action<int> evaluate)
    {
        foreach (var plugin in _plugins)
        {
            if (plugin.Fault is not null) return false;
        }

        var failed = new int[_plugins.Length];
        var lastFailure = new string?[_plugins.Length];
        var ran = _plugins[0].RunHelpers(customers, () => EvaluateAll(customers, evaluate, failed, lastFailure), () => Overran(customers), out var error, out var allocated);
        if (!ran) return false;
        if (error is not null)
        {
            // The compiled workflow contains its expressions' exceptions, so this is the evaluation failing as a whole.
            _plugins[0].HelperErrors(customers, customers, $"Workflow '{Workflow}' failed while calling {Calls}: {error.GetType().Name}: {error.Message}");
            return false;
        }

        var budget = _plugins[0].MaxBytesPerCustomer * customers;
        if (allocated > budget)
        {
            Fail(customers, "allocation", $"{Noun} {Calls} (called by workflow '{Workflow}') allocated {allocated >> 10} KiB for {customers} customer(s) (budget {_plugins[0].MaxBytesPerCustomer >> 10} KiB per customer)");
            return false;
        }

        // The answers stand (a rule whose helper threw failed, as any rule that throws does); the failures count.
        for (var p = 0; p < _plugins.Length; p++) _plugins[p].HelperErrors(customers, failed[p], lastFailure[p]);
        return true;
    }

    /// <summary>The call ran over its budget and was abandoned: every bound plugin is quarantined (which helper was
    /// running cannot be told from outside the thread; the message names the ones the workflow calls).</summary>
    private void Overran(int customers) =>
        Fail(customers, "timeout", $"{Noun} {Calls} (called by workflow '{Workflow}') ran over the {_plugins[0].CallBudget.TotalMilliseconds:0} ms budget for {customers} customer(s) and was abandoned");

    private void Fail(int customers, string metricReason, string reason)
    {
        foreach (var plugin in _plugins) plugin.Fail(customers, metricReason, reason);
    }

    private void EvaluateAll(int customers, Action<int> evaluate, int[] failed, string?[] lastFailure)
    {
        var outer = _active;
        _active = this;
        try
        {
            for (var i = 0; i < customers; i++)
            {
                _threw = null;
                evaluate(i);
                if (_threw is { } threw)
                {
                    failed[threw.Plugin]++;
                    lastFailure[threw.Plugin] = threw.Message;
                }
            }
        }
        finally
        {
            _active = outer;
            _threw = null;
        }
    }

    /// <summary>The rules engine's report of an exception leaving a helper call (WorkflowSettings.CustomCallFailed, set
    /// by <see cref="Dimensions.DimensionCompiler"/> for workflows that call helpers), on the evaluating thread: the
    /// first one per customer is that customer's failure.</summary>
    internal static void Failed(MethodInfo method, Exception exception)
    {
        // The interrupt that wakes an abandoned call is the watchdog's, not the helper's.
        if (_active is not { } guard || _threw is not null || exception is ThreadInterruptedException) return;
        if (guard.Helper(method.DeclaringType) is not { } index) return;
        _threw = (guard._helpers[index].Plugin, $"Expression helper {guard._helpers[index].Helper.Name}.{method.Name} (called by workflow '{guard.Workflow}') threw {exception.GetType().Name}: {exception.Message}");
    }

    private int? Helper(Type? type)
    {
        for (var i = 0; i < _helpers.Length; i++)
        {
            if (_helpers[i].Helper == type) return i;
        }

        return null;
    }

    private static Regex CallsOf(string helper) =>
        new($@"(?<![A-Za-z0-9_]){Regex.Escape(helper)}\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
