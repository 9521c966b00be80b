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

    // Per enabled top-level rule, in the order of the workflow's fast path indexes.
    private readonly string[] _ruleNames;
    private readonly string[] _staticSegments;
    private readonly bool[] _hasOutput;

    internal CompiledDimension(DimensionDefinition definition, int version, string json, CompiledWorkflow<CustomerFeatures> workflow, IReadOnlyList<LoadedPlugin> helperPlugins)
    {
        Definition = definition;
        Version = version;
        Json = json;
        HelperPlugins = helperPlugins;
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

    /// <summary>First-match: the first enabled rule that succeeds, else the default segment.</summary>
    public override SegmentMatch ClassifyFirst(CustomerFeatures features)
    {
        var index = _workflow.FirstMatch(features);
        return index < 0 ? new SegmentMatch(Definition.DefaultSegment, "") : new SegmentMatch(Segment(index, features), _ruleNames[index]);
    }

    public override bool Classify(CustomerFeatures features, PluginVerdictRow plugins, List<SegmentMatch> into)
    {
        Classify(features, into);
        return true;
    }

    /// <summary>The segments this dimension gives: one for first-match, every successful rule's segment (once) for multi-match.</summary>
    public void Classify(CustomerFeatures features, List<SegmentMatch> into)
    {
        if (Definition.Mode == ClassificationMode.FirstMatch)
        {
            into.Add(ClassifyFirst(features));
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
        _workflow.ExecuteRule(_ruleNames[index], [.. Enumerable.Repeat<object?>(features, _workflow.Inputs.Count)]);

    /// <summary>Every enabled rule's result with the values its expression read (slow path: allocates freely).</summary>
    public override IReadOnlyList<RuleTrace> Explain(CustomerFeatures features) => [.. _workflow.Explain(features).Select(RuleTrace.From)];

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
