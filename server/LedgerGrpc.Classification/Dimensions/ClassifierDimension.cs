using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>
/// A dimension in the classifier snapshot, whatever decides it: a workflow (<see cref="CompiledDimension"/>) or a
/// plugin (<see cref="PluginDimension"/>). Everything that classifies, explains, lists or maps dimensions works on
/// this, so a new kind of dimension source plugs in here and not into the engine.
/// </summary>
public abstract class ClassifierDimension
{
    public abstract string Name { get; }

    public abstract string DisplayName { get; }

    public abstract ClassificationMode Mode { get; }

    public abstract string DefaultSegment { get; }

    /// <summary>The version in force: the workflow version, or the plugin's version as a number (see
    /// <see cref="LoadedPlugin.VersionNumber"/>).</summary>
    public abstract int Version { get; }

    /// <summary>"workflow" or "plugin".</summary>
    public abstract string Source { get; }

    /// <summary>Every segment key the dimension can give (as far as it is known up front), default included.</summary>
    public abstract IEnumerable<string> SegmentKeys { get; }

    public abstract string DisplayNameOf(string segment);

    /// <summary>Adds the customer's segment(s) to <paramref name="into"/>. False when the dimension has no answer for
    /// this customer now (its plugin is quarantined or its call was abandoned): the customer keeps its current
    /// memberships in this dimension. <paramref name="plugins"/> carries answers plugins gave for the batch the
    /// customer is in; without them a plugin dimension asks for this customer alone.</summary>
    public abstract bool Classify(CustomerFeatures features, PluginVerdictRow plugins, List<SegmentMatch> into);

    /// <summary>The customer's first segment (the one segment of a first-match dimension).</summary>
    public abstract SegmentMatch ClassifyFirst(CustomerFeatures features);

    /// <summary>Why the customer gets its segment, for a person: every rule with the values it read, or the plugin's
    /// reason.</summary>
    public abstract IReadOnlyList<RuleTrace> Explain(CustomerFeatures features);
}
