using System.Buffers;
using System.Globalization;
using System.Numerics;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Rules;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>A dimension's workflow compiled once per version; immutable and safe to share across threads. Classifying
/// runs the whole workflow as one allocation-free delegate (<see cref="CompiledWorkflow{T}"/>'s fast path).</summary>
public sealed class CompiledDimension : ClassifierDimension
{
    private readonly CompiledWorkflow<CustomerFeatures> _workflow;

    // Only for a workflow calling plugins' expression helpers: every evaluation then runs under the plugins' watchdog.
    private readonly HelperGuard? _guard;

    // Per enabled top-level rule, in the order of the workflow's fast path indexes.
    private readonly string[] _ruleNames;
    private readonly string[] _staticSegments;
    private readonly bool[] _hasOutput;

    internal CompiledDimension(DimensionDefinition definition, int version, string json, CompiledWorkflow<CustomerFeatures> workflow, IReadOnlyList<(LoadedPlugin Plugin, Type Helper)> helpers)
    {
        Definition = definition;
        Version = version;
        Json = json;
        _guard = helpers.Count == 0 ? null : new HelperGuard(definition.Name, json, helpers);
        HelperPlugins = _guard?.Plugins ?? [];
        _workflow = workflow;
        var rules = workflow.Rules;
        _ruleNames = [.. rules.Select(r => r.RuleName)];
        _staticSegments = [.. rules.Select(DimensionDefinition.SegmentOf)];
        _hasOutput = [.. rules.Select(DimensionDefinition.HasOutput)];
    }

    public DimensionDefinition Definition { get; }

    public override string Name => Definition.Name;

    public override string DisplayName => Definition.DisplayName;

    public override ClassificationMode Mode => Definition.Mode;

    public override string DefaultSegment => Definition.DefaultSegment;

    public override int Version { get; }

    public override string Source => "workflow";

    public override IEnumerable<string> SegmentKeys => Definition.SegmentNames.Keys
        .Concat(Definition.StaticSegments)
        .Append(Definition.DefaultSegment)
        .Where(k => k.Length > 0)
        .Distinct();

    public override string DisplayNameOf(string segment) => Definition.DisplayNameOf(segment);

    public string Json { get; }

    /// <summary>The plugin versions whose expression helpers this workflow was compiled against (it holds their types:
    /// a reload re-binds it, see <see cref="ClassifierSnapshot.WithPlugin"/>).</summary>
    public IReadOnlyList<LoadedPlugin> HelperPlugins { get; }

    /// <summary>The watchdog the workflow runs under when it calls expression helpers; null when it calls none.</summary>
    public HelperGuard? Guard => _guard;

    /// <summary>First-match: the first enabled rule that succeeds, else the default segment. Throws (failed precondition)
    /// when the workflow's expression helpers gave no answer.</summary>
    public override SegmentMatch ClassifyFirst(CustomerFeatures features) => _guard is null ? First(features) : FirstGuarded(features);

    // A method of its own: a lambda capturing the parameter above would allocate its closure on every call.
    private SegmentMatch FirstGuarded(CustomerFeatures features) => Guarded(() => First(features));

    public override bool Classify(CustomerFeatures features, PluginVerdictRow plugins, List<SegmentMatch> into)
    {
        if (_guard is null)
        {
            Matches(features, into);
            return true;
        }

        return ClassifyGuarded(features, plugins, into);
    }

    // Apart from the fast path above: its closure would be allocated on entry, for every customer of every workflow.
    private bool ClassifyGuarded(CustomerFeatures features, PluginVerdictRow plugins, List<SegmentMatch> into)
    {
        // No answer (a bound plugin out of service, or the call abandoned): the customer keeps its segments here.
        if (plugins.Verdicts is { } verdicts && verdicts.TryFind(this, plugins.Index, out var found))
        {
            if (found is null) return false;
            // One or two matches: Add beats AddRange's collection checks, per customer of every batch.
            for (var i = 0; i < found.Count; i++) into.Add(found[i]);
            return true;
        }

        var own = new List<SegmentMatch>(2);
        if (!_guard!.Run(1, _ => Matches(features, own))) return false;
        into.AddRange(own);
        return true;
    }

    /// <summary>The segments this dimension gives: one for first-match, every successful rule's segment (once) for
    /// multi-match. Throws (failed precondition) when the workflow's expression helpers gave no answer.</summary>
    public void Classify(CustomerFeatures features, List<SegmentMatch> into)
    {
        if (!Classify(features, default, into)) throw Unanswered();
    }

    /// <summary>A helper-bound workflow's segments for a batch of customers in one guarded call (one watchdog hand-off
    /// per batch on the ledger's write path); false when there is no answer for any of them.</summary>
    internal bool ClassifyBatch(IReadOnlyList<CustomerFeatures> customers, List<SegmentMatch>[] into) =>
        _guard!.Run(customers.Count, i =>
        {
            into[i].Clear();
            Matches(customers[i], into[i]);
        });

    private SegmentMatch First(CustomerFeatures features)
    {
        var index = _workflow.FirstMatch(features);
        return index < 0 ? new SegmentMatch(Definition.DefaultSegment, "") : new SegmentMatch(Segment(index, features), _ruleNames[index]);
    }

    private void Matches(CustomerFeatures features, List<SegmentMatch> into)
    {
        if (Definition.Mode == ClassificationMode.FirstMatch)
        {
            into.Add(First(features));
            return;
        }

        if (_ruleNames.Length <= 64)
        {
            for (var mask = _workflow.MatchMask(features); mask != 0; mask &= mask - 1)
            {
                AddOnce(into, BitOperations.TrailingZeroCount(mask), features);
            }

            return;
        }

        var results = ArrayPool<bool>.Shared.Rent(_ruleNames.Length);
        try
        {
            _workflow.Matches(features, results);
            for (var i = 0; i < _ruleNames.Length; i++)
            {
                if (results[i]) AddOnce(into, i, features);
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(results);
        }
    }

    /// <summary>The enabled top-level rules, in evaluation order.</summary>
    public IReadOnlyList<string> RuleNames => _ruleNames;

    /// <summary>One top-level rule's full result (nested rules, action, exception), as the dry run before a publish
    /// needs it; the classification itself runs the fast path.</summary>
    public RuleResultTree Evaluate(int index, CustomerFeatures features) =>
        Guarded(() => _workflow.ExecuteRule(_ruleNames[index], [.. Enumerable.Repeat<object?>(features, _workflow.Inputs.Count)]));

    /// <summary>Every enabled rule's result with the values its expression read (slow path: allocates freely).</summary>
    public override IReadOnlyList<RuleTrace> Explain(CustomerFeatures features) => Guarded<IReadOnlyList<RuleTrace>>(() => [.. _workflow.Explain(features).Select(RuleTrace.From)]);

    private T Guarded<T>(Func<T> evaluate)
    {
        if (_guard is null) return evaluate();
        T result = default!;
        return _guard.Run(1, _ => result = evaluate()) ? result : throw Unanswered();
    }

    private ClassificationException Unanswered() => new(ClassificationError.FailedPrecondition,
        _guard?.OutOfService ?? $"Workflow '{Name}' gave no answer: its expression helpers ({_guard?.Calls}) were not evaluated.");

    private void AddOnce(List<SegmentMatch> into, int index, CustomerFeatures features)
    {
        var segment = Segment(index, features);
        foreach (var match in into)
        {
            if (match.Segment == segment) return;
        }

        into.Add(new SegmentMatch(segment, _ruleNames[index]));
    }

    // An OutputExpression that gives nothing (or fails) falls back to the rule's static segment.
    private string Segment(int index, CustomerFeatures features) =>
        _hasOutput[index] && Convert.ToString(_workflow.Output(index, features), CultureInfo.InvariantCulture) is { Length: > 0 } s
            ? s
            : _staticSegments[index];
}
