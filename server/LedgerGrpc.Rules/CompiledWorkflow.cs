using LedgerGrpc.Rules.Internal;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules;

/// <summary>A workflow compiled for fixed input names and types. Immutable and thread-safe: execute it from any thread.</summary>
public class CompiledWorkflow
{
    private readonly RuleNode[] _rules;
    private readonly ParamNode[] _globals;
    private readonly ScopeVar[] _rootVisible;
    private readonly int _slots;
    private readonly RuleExecutor _executor;
    private readonly FusedLeaves _fused;
    private readonly string? _globalClash;
    private readonly string? _duplicateRule;

    internal CompiledWorkflow(Workflow workflow, IReadOnlyList<Rule> rules, IReadOnlyList<RuleInputType> inputs, WorkflowSettings settings, WorkflowEngine? engine)
    {
        Workflow = workflow;
        Inputs = inputs;
        var compiler = new RuleCompiler(settings, inputs);
        (_globals, _rootVisible) = compiler.CompileGlobals(workflow.GlobalParams ?? []);
        _rules = [.. rules.Where(r => r.Enabled).Select(r => compiler.CompileRule(r, r.RuleName, _rootVisible))];
        _slots = compiler.SlotCount;
        _executor = new RuleExecutor(settings, engine);
        _fused = new FusedLeaves(_rules);
        _globalClash = compiler.GlobalsFailure(workflow) ?? RuleExecutor.GlobalClash(_globals, inputs);
        // RulesEngine keys compiled rules by name: two enabled top-level rules of one name (an injected workflow
        // brought twice included) fail every call.
        _duplicateRule = _rules.GroupBy(r => r.Rule.RuleName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"An item with the same key has already been added. Key: {twice.Key}"
            : null;
        Settings = settings;
    }

    public Workflow Workflow { get; }

    public IReadOnlyList<RuleInputType> Inputs { get; }

    public WorkflowSettings Settings { get; }

    /// <summary>The enabled top-level rules, in evaluation order (injected workflows' rules last).</summary>
    public IReadOnlyList<Rule> Rules => [.. _rules.Select(r => r.Rule)];

    /// <summary>Executes every enabled rule; <paramref name="values"/> are in the order of <see cref="Inputs"/>.</summary>
    public IReadOnlyList<RuleResultTree> Execute(params object?[] values) => Run(values, explain: false, only: null);

    /// <summary>Like <see cref="Execute"/>, and every leaf result carries the value of each member and sub-expression its
    /// expression read (<see cref="RuleResultTree.Explanation"/>).</summary>
    public IReadOnlyList<RuleResultTree> Explain(params object?[] values) => Run(values, explain: true, only: null);

    /// <summary>Executes one top-level rule (with the global params), as RulesEngine's EvaluateRule action does.</summary>
    public RuleResultTree ExecuteRule(string ruleName, params object?[] values)
    {
        var node = _rules.FirstOrDefault(r => r.Rule.RuleName == ruleName)
            ?? throw new RuleException($"Rule '{ruleName}' not found in workflow '{Workflow.WorkflowName}'.");
        return Run(values, explain: false, only: node)[0];
    }

    /// <summary>Rules that cannot run with these input types, by rule path ("Parent/Child"), with RulesEngine's message.</summary>
    public IReadOnlyList<(string Path, string Message)> Problems => [.. Flatten(_rules).Where(n => n.SetupError is not null).Select(n => (n.Path, n.SetupError!))];

    private static IEnumerable<RuleNode> Flatten(IEnumerable<RuleNode> nodes) =>
        nodes.SelectMany(n => (IEnumerable<RuleNode>)[n, .. Flatten(n.Children ?? [])]);

    private RuleResultTree[] Run(object?[] values, bool explain, RuleNode? only)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_duplicateRule is not null)
        {
            throw new RuleException(_duplicateRule);
        }

        if (values.Length != Inputs.Count)
        {
            throw new ArgumentException($"Workflow '{Workflow.WorkflowName}' was compiled for {Inputs.Count} inputs, got {values.Length}.", nameof(values));
        }

        var env = new object?[_slots];
        Array.Copy(values, env, values.Length);
        var run = new Execution(env, Inputs.Count, explain);
        run.GlobalError = _globalClash ?? (_globals.Length == 0 ? null : _executor.EvaluateGlobals(_globals, run));
        var results = new RuleResultTree[only is null ? _rules.Length : 1];
        if (only is null && !explain && run.GlobalError is null && _fused.Indexes.Length > 0)
        {
            // Fused leaves first (pure predicates), then every rule in order, taking fused outcomes where there are any.
            // One chunk (up to 32 plain rules) is the common case: no array for it.
            var first = _fused.Evaluate(0, env);
            var outcomes = _fused.ChunkCount == 1 ? null : new ulong[_fused.ChunkCount];
            for (var c = 1; c < _fused.ChunkCount; c++)
            {
                outcomes![c] = _fused.Evaluate(c, env);
            }

            var next = 0;
            for (var i = 0; i < results.Length; i++)
            {
                if (next < _fused.Indexes.Length && _fused.Indexes[next] == i)
                {
                    var bit = next % FusedLeaves.ChunkSize;
                    var outcome = next < FusedLeaves.ChunkSize ? first : outcomes![next / FusedLeaves.ChunkSize];
                    results[i] = _executor.EvaluateLeaf(_rules[i], run, _rootVisible, (outcome >> bit & 1) != 0, (outcome >> (bit + FusedLeaves.ChunkSize) & 1) != 0);
                    next++;
                }
                else
                {
                    results[i] = _executor.Evaluate(_rules[i], run, _rootVisible);
                }

                _executor.FormatErrorMessage(results[i]);
            }

            return results;
        }

        for (var i = 0; i < results.Length; i++)
        {
            results[i] = _executor.Evaluate(only ?? _rules[i], run, _rootVisible);
            _executor.FormatErrorMessage(results[i]);
        }

        return results;
    }
}
