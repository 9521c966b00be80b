namespace LedgerGrpc.Classification.Dimensions;

/// <summary>
/// A classification dimension as read from a RulesEngine-format workflow. The classification settings are extra
/// workflow-level properties (DisplayName, ClassificationMode, DefaultSegment, Segments) that RulesEngine ignores,
/// so the same file still runs there.
/// </summary>
public sealed record DimensionDefinition(
    string Name,
    string DisplayName,
    ClassificationMode Mode,
    string DefaultSegment,
    IReadOnlyDictionary<string, string> SegmentNames,
    IReadOnlyList<RuleDefinition> Rules)
{
    public string DisplayNameOf(string segment) =>
        SegmentNames.TryGetValue(segment, out var name) ? name : segment;
}

/// <summary>A rule of a dimension. The segment it assigns is its OutputExpression action's value, else its
/// SuccessEvent, else its name. Nested rules combine with <see cref="Operator"/> (And/AndAlso/Or/OrElse).</summary>
public sealed record RuleDefinition(
    string Name,
    string Path,
    string Expression,
    string? SuccessEvent,
    string? OutputExpression,
    bool Enabled,
    string? Operator,
    IReadOnlyList<RuleDefinition> Children)
{
    public string StaticSegment => SuccessEvent is { Length: > 0 } e ? e : Name;
}
