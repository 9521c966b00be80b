namespace LedgerGrpc.Classification.Dimensions;

/// <summary>The segment a dimension gives a customer and the rule that decided it (empty for the default segment).</summary>
public readonly record struct SegmentMatch(string Segment, string Rule);
