using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Plugins;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>A dimension a plugin declared. Its answers come from the plugin's batch call for the customers being
/// classified (<see cref="PluginVerdicts"/>), or from a call for one customer when there is no batch.</summary>
public sealed class PluginDimension : ClassifierDimension
{
    private readonly Dictionary<string, string> _segments;
    private readonly string[] _keys;

    internal PluginDimension(LoadedPlugin plugin, DimensionDeclaration declaration)
    {
        Plugin = plugin;
        Name = declaration.Key;
        DisplayName = string.IsNullOrWhiteSpace(declaration.DisplayName) ? declaration.Key : declaration.DisplayName;
        Mode = declaration.Mode == DimensionMode.MultiMatch ? ClassificationMode.MultiMatch : ClassificationMode.FirstMatch;
        DefaultSegment = declaration.DefaultSegment ?? "";
        // Copied into a host dictionary: the plugin's own collection type must not outlive its load context.
        _segments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, display) in declaration.Segments) _segments[key] = string.IsNullOrWhiteSpace(display) ? key : display;
        _keys = [.. _segments.Keys];
    }

    public LoadedPlugin Plugin { get; }

    public override string Name { get; }

    public override string DisplayName { get; }

    public override ClassificationMode Mode { get; }

    public override string DefaultSegment { get; }

    public override int Version => Plugin.VersionNumber;

    public override string Source => "plugin";

    public override IEnumerable<string> SegmentKeys => _segments.Keys;

    public override string DisplayNameOf(string segment) => _segments.TryGetValue(segment, out var name) ? name : segment;

    /// <summary>Checked for every answer: plugins assign the string literals they declared, so a reference comparison
    /// with the declared keys settles almost every call before the dictionary lookup.</summary>
    internal bool HasSegment(string segment)
    {
        foreach (var key in _keys)
        {
            if (ReferenceEquals(key, segment)) return true;
        }

        return _segments.ContainsKey(segment);
    }

    public override bool Classify(CustomerFeatures features, PluginVerdictRow plugins, List<SegmentMatch> into)
    {
        var answer = plugins.Verdicts is { } verdicts && verdicts.TryFind(Plugin, plugins.Index, out var found)
            ? found
            : Plugin.ClassifyOne(features, wantsReason: false);
        if (answer is null) return false;
        AddSegments(answer, into);
        return true;
    }

    public override SegmentMatch ClassifyFirst(CustomerFeatures features)
    {
        var into = new List<SegmentMatch>(1);
        if (Plugin.ClassifyOne(features, wantsReason: false) is { } answer) AddSegments(answer, into);
        return into.Count > 0 ? into[0] : new SegmentMatch(DefaultSegment, "");
    }

    /// <summary>One trace line: the plugin's reason, or why it gave none.</summary>
    public override IReadOnlyList<RuleTrace> Explain(CustomerFeatures features)
    {
        var expression = $"plugin {Plugin.Name} {Plugin.Version}";
        if (Plugin.ClassifyOne(features, wantsReason: true) is not { } answer)
        {
            var why = Plugin.QuarantineReason is { } q ? $"The plugin is out of service ({q}); the customer keeps its segments." : "The plugin gave no answer.";
            return [new RuleTrace(Plugin.Rule, expression, false, why, [], [])];
        }

        if (answer.Failure is { } failure)
        {
            return [new RuleTrace(Plugin.Rule, expression, false, $"{failure}; the customer gets the default segment '{DefaultSegment}'.", [], [])];
        }

        var steps = answer.Assigned.Where(a => a.Dimension == Name).Select(a => a.Reason.Length > 0 ? $"{a.Segment}: {a.Reason}" : a.Segment).ToList();
        if (steps.Count == 0) steps.Add($"No segment assigned: the default segment '{DefaultSegment}'.");
        return [new RuleTrace(Plugin.Rule, expression, true, "", steps, [])];
    }

    private void AddSegments(HostResult answer, List<SegmentMatch> into)
    {
        var start = into.Count;
        if (answer.Failure is null)
        {
            for (var i = 0; i < answer.Count; i++)
            {
                var (dimension, segment, _) = answer[i];
                if (dimension == Name) into.Add(new SegmentMatch(segment, Plugin.Rule));
            }
        }

        // A failed customer, or a first-match dimension the plugin assigned nothing in: the default segment.
        if (into.Count == start && (Mode == ClassificationMode.FirstMatch || answer.Failure is not null) && DefaultSegment.Length > 0)
        {
            into.Add(new SegmentMatch(DefaultSegment, Plugin.Rule));
        }
    }
}
