using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>
/// A classification dimension: a RulesEngine-format <see cref="Workflow"/> plus the classification settings, which are
/// extra workflow-level properties (DisplayName, ClassificationMode, DefaultSegment, Segments) that RulesEngine ignores,
/// so the same file still runs there. A rule's segment is its OnSuccess OutputExpression's value, else its SuccessEvent,
/// else its name.
/// </summary>
public sealed record DimensionDefinition(
    string Name,
    string DisplayName,
    ClassificationMode Mode,
    string DefaultSegment,
    IReadOnlyDictionary<string, string> SegmentNames,
    Workflow Workflow)
{
    /// <summary>The top-level rules, as written (disabled ones included).</summary>
    public IReadOnlyList<Rule> Rules => Workflow.Rules;

    /// <summary>The segments enabled top-level rules give whatever the customer (those without an OutputExpression).</summary>
    public IEnumerable<string> StaticSegments => Rules.Where(r => r.Enabled && !HasOutput(r)).Select(SegmentOf);

    public string DisplayNameOf(string segment) =>
        SegmentNames.TryGetValue(segment, out var name) ? name : segment;

    /// <summary>The segment a rule gives when it has no OutputExpression (or that gives nothing): SuccessEvent, else RuleName.</summary>
    public static string SegmentOf(Rule rule) => rule.SuccessEvent is { Length: > 0 } e ? e : rule.RuleName;

    internal static bool HasOutput(Rule rule) => rule.Actions?.OnSuccess?.Name == "OutputExpression";
}
