using System.Collections.Concurrent;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules;

/// <summary>RulesEngine's facade: holds workflows by name, compiles each once per version and input types (cached,
/// thread-safe) and executes them. Inputs passed as plain objects are named input1, input2, ... like RulesEngine's.</summary>
public sealed class WorkflowEngine(WorkflowSettings? settings = null)
{
    private readonly ConcurrentDictionary<string, (Workflow Workflow, long Version)> _workflows = new(StringComparer.Ordinal);
    // Lazy: concurrent first calls compile once. Names: the workflows an entry was built from, to drop it when one changes.
    private readonly ConcurrentDictionary<string, (string[] Names, Lazy<CompiledWorkflow> Compiled)> _compiled = new(StringComparer.Ordinal);
    private long _version;

    // RulesEngine 6.0.1's RulesCache.GetWorkflow appends the injected workflows' rules to the stored workflow each time
    // it reads it: once when it compiles for a new set of input types, once per ExecuteAllRulesAsync. From the second
    // read on, compiling for other input types meets the injected rules twice and fails the call ("An item with the same
    // key has already been added"), e.g. a later input set whose JSON has a null where an earlier one had a number. The
    // reads are counted here (per workflow, since it was added) so the answers are RulesEngine's, without a list that grows.
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

    /// <summary>An engine holding <paramref name="workflows"/>; as RulesEngine's constructor, it refuses two of one name.</summary>
    public WorkflowEngine(WorkflowSettings? settings, params IEnumerable<Workflow> workflows)
        : this(settings)
    {
        Workflow[] all = [.. workflows];
        if (all.GroupBy(w => w.WorkflowName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new RuleException($"Cannot add workflow `{twice.Key}` as it already exists. Use `AddOrUpdateWorkflow` to update existing workflow");
        }

        AddOrUpdateWorkflow(all);
    }

    public WorkflowSettings Settings { get; } = settings ?? new WorkflowSettings();

    public IReadOnlyCollection<string> WorkflowNames => [.. _workflows.Keys];

    /// <summary>Adds or replaces workflows; later compilations see the new version (earlier compiled ones stay valid).
    /// A workflow RulesEngine would refuse to register (<see cref="Validation.WorkflowRegistration"/>) is refused with
    /// <see cref="RuleException"/>, and none of the given workflows is added.</summary>
    public void AddOrUpdateWorkflow(params Workflow[] workflows)
    {
        var problems = workflows.SelectMany(Validation.WorkflowRegistration.Problems).ToList();
        if (problems.Count > 0)
        {
            throw new RuleException("Validation failed: " + string.Concat(problems.Select(p => "\n -- " + p)));
        }

        foreach (var workflow in workflows)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(workflow.WorkflowName);
            _workflows[workflow.WorkflowName] = (workflow, Interlocked.Increment(ref _version));
            _reads.TryRemove(workflow.WorkflowName, out _);
            Forget(workflow.WorkflowName);
        }
    }

    public bool RemoveWorkflow(string workflowName)
    {
        Forget(workflowName);
        _reads.TryRemove(workflowName, out _);
        return _workflows.TryRemove(workflowName, out _);
    }

    public bool ContainsWorkflow(string workflowName) => _workflows.ContainsKey(workflowName);

    /// <summary>The workflow compiled for these inputs, from the cache when this version was compiled for them before.</summary>
    public CompiledWorkflow Compile(string workflowName, params RuleInputType[] inputs)
    {
        var (workflow, version) = Versioned(workflowName);
        return Cached(Key(workflowName, version, inputs), workflow, () => new CompiledWorkflow(workflow, Flatten(workflow), inputs, Settings, this));
    }

    /// <summary>The workflow compiled into one allocation-free delegate for a typed input (see <see cref="CompiledWorkflow{T}"/>).
    /// Expressions name the input <paramref name="inputName"/> (input1 by default) or any of <paramref name="aliases"/>
    /// (e.g. "customer" and "input1" both meaning the customer).</summary>
    public CompiledWorkflow<T> Compile<T>(string workflowName, string inputName = "input1", params string[] aliases)
    {
        var (workflow, version) = Versioned(workflowName);
        string[] names = [inputName, .. aliases.Where(a => a != inputName).Distinct(StringComparer.Ordinal)];
        var key = $"{workflowName}\u0001{version}\u0001typed\u0001{string.Join("\u0002", names)}\u0002{typeof(T).AssemblyQualifiedName}";
        return (CompiledWorkflow<T>)Cached(key, workflow, () => new CompiledWorkflow<T>(workflow, Flatten(workflow), names, Settings, this));
    }

    /// <summary>Executes every enabled rule of the workflow with the named inputs.</summary>
    public IReadOnlyList<RuleResultTree> ExecuteAllRules(string workflowName, params RuleParameter[] inputs)
    {
        var compiled = CompileAsRulesEngineReads(workflowName, Types(inputs));
        Read(workflowName);
        return compiled.Execute([.. inputs.Select(i => i.Value)]);
    }

    /// <summary>Executes every enabled rule with inputs named input1, input2, ...</summary>
    public IReadOnlyList<RuleResultTree> ExecuteAllRules(string workflowName, params object[] inputs) =>
        ExecuteAllRules(workflowName, Named(inputs));

    public IReadOnlyList<RuleResultTree> Explain(string workflowName, params RuleParameter[] inputs) =>
        Compile(workflowName, Types(inputs)).Explain([.. inputs.Select(i => i.Value)]);

    /// <summary>Executes one rule of a workflow (used by the EvaluateRule action).</summary>
    public RuleResultTree ExecuteRule(string workflowName, string ruleName, params RuleParameter[] inputs) =>
        CompileAsRulesEngineReads(workflowName, Types(inputs)).ExecuteRule(ruleName, [.. inputs.Select(i => i.Value)]);

    private static string Key(string workflowName, string version, RuleInputType[] inputs) =>
        $"{workflowName}\u0001{version}\u0001{string.Join("\u0001", inputs.Select(i => i.Name + "\u0002" + i.Type.AssemblyQualifiedName))}";

    // Compiling for input types not compiled before is a read of the workflow in RulesEngine (see _reads).
    private CompiledWorkflow CompileAsRulesEngineReads(string workflowName, RuleInputType[] inputs)
    {
        var (workflow, version) = Versioned(workflowName);
        if (!_compiled.ContainsKey(Key(workflowName, version, inputs))
            && Read(workflowName) >= 2
            && Flatten(workflow).Skip(workflow.Rules.Count).FirstOrDefault(r => r.Enabled) is { } injected)
        {
            throw new RuleException($"An item with the same key has already been added. Key: {injected.RuleName}");
        }

        return Compile(workflowName, inputs);
    }

    private int Read(string workflowName) => _reads.AddOrUpdate(workflowName, 1, (_, n) => n + 1);

    private CompiledWorkflow Cached(string key, Workflow workflow, Func<CompiledWorkflow> compile) =>
        // Compiled on a large stack: parsing and the visitors over the trees recurse as deep as expressions nest.
        _compiled.GetOrAdd(key, _ => ([workflow.WorkflowName, .. workflow.WorkflowsToInject ?? []], new Lazy<CompiledWorkflow>(() => Expressions.Internal.LargeStack.Run(compile)))).Compiled.Value;

    // Compiled versions of a replaced workflow (and of workflows injecting it) are never asked for again.
    private void Forget(string workflowName)
    {
        foreach (var (key, entry) in _compiled)
        {
            if (entry.Names.Contains(workflowName, StringComparer.Ordinal))
            {
                _compiled.TryRemove(key, out _);
                // Recompiled from the new version (RulesEngine would keep the stale compilation): its reads start over.
                _reads.TryRemove(entry.Names[0], out _);
            }
        }
    }

    private static RuleInputType[] Types(RuleParameter[] inputs) => [.. inputs.Select(i => new RuleInputType(i.Name, i.Type))];

    private static RuleParameter[] Named(object[] inputs) =>
        [.. inputs.Select((v, i) => v as RuleParameter ?? new RuleParameter($"input{i + 1}", v))];

    // The cache key's version covers injected workflows too: updating one recompiles the workflows that inject it.
    private (Workflow Workflow, string Version) Versioned(string workflowName)
    {
        var (workflow, version) = Get(workflowName);
        var injected = (workflow.WorkflowsToInject ?? []).Select(n => Get(n).Version);
        return (workflow, string.Join(".", [version, .. injected]));
    }

    private (Workflow Workflow, long Version) Get(string workflowName) =>
        _workflows.TryGetValue(workflowName, out var entry) ? entry : throw new RuleException($"Workflow '{workflowName}' is not registered.");

    // WorkflowsToInject: the injected workflows' rules follow the workflow's own (their global params are not brought along,
    // as in RulesEngine).
    private List<Rule> Flatten(Workflow workflow)
    {
        var rules = new List<Rule>(workflow.Rules);
        foreach (var name in workflow.WorkflowsToInject ?? [])
        {
            var injected = Get(name).Workflow;
            rules.AddRange(injected.Rules);
        }

        return rules;
    }
}
