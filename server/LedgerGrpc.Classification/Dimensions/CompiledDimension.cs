using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>A dimension's workflow compiled once per version; immutable and safe to share across threads.</summary>
public sealed class CompiledDimension
{
    private readonly CompiledRule[] _rules;

    internal CompiledDimension(DimensionDefinition definition, int version, string json, CompiledRule[] rules)
    {
        Definition = definition;
        Version = version;
        Json = json;
        _rules = rules;
    }

    public DimensionDefinition Definition { get; }

    public string Name => Definition.Name;

    public int Version { get; }

    public string Json { get; }

    /// <summary>First-match: the first enabled rule that succeeds, else the default segment.</summary>
    public SegmentMatch ClassifyFirst(CustomerFeatures features)
    {
        foreach (var rule in _rules)
        {
            if (rule.Definition.Enabled && rule.Test(features))
            {
                return new SegmentMatch(rule.Segment(features), rule.Definition.Name);
            }
        }

        return new SegmentMatch(Definition.DefaultSegment, "");
    }

    /// <summary>The segments this dimension gives: one for first-match, every successful rule's tag for multi-match.</summary>
    public void Classify(CustomerFeatures features, List<SegmentMatch> into)
    {
        if (Definition.Mode == ClassificationMode.FirstMatch)
        {
            into.Add(ClassifyFirst(features));
            return;
        }

        foreach (var rule in _rules)
        {
            if (rule.Definition.Enabled && rule.Test(features))
            {
                var segment = rule.Segment(features);
                if (!into.Exists(m => m.Segment == segment)) into.Add(new SegmentMatch(segment, rule.Definition.Name));
            }
        }
    }

    public IReadOnlyList<RuleTrace> Explain(CustomerFeatures features) =>
        [.. _rules.Where(r => r.Definition.Enabled).Select(r => r.Explain(features))];
}
