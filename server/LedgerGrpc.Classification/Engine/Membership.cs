namespace LedgerGrpc.Classification.Engine;

/// <summary>A customer's place in one dimension: the segment, the rule and workflow version that put it there, and
/// since when. Multi-match dimensions have one membership per tag.</summary>
public sealed record Membership(string Dimension, string Segment, string Rule, int WorkflowVersion, DateTime Since, bool Overridden = false);
