namespace LedgerGrpc.Plugins;

/// <summary>One dimension a plugin classifies customers in.</summary>
/// <param name="Key">Dimension name as callers see it (e.g. <c>rfm</c>): lower-case letters, digits and underscores,
/// unique across workflows and plugins.</param>
/// <param name="DisplayName">Name shown to people (e.g. "RFM segment").</param>
/// <param name="Segments">Every segment key the plugin may assign, with its display name. Assigning any other key
/// counts as an error for that customer.</param>
/// <param name="DefaultSegment">The segment a customer gets when the plugin assigns nothing (first-match) or fails for
/// that customer. Must be one of <paramref name="Segments"/>; may be empty for multi-match dimensions.</param>
/// <param name="Mode">First-match (one segment) or multi-match (tags).</param>
public sealed record DimensionDeclaration(
    string Key,
    string DisplayName,
    IReadOnlyDictionary<string, string> Segments,
    string DefaultSegment,
    DimensionMode Mode = DimensionMode.FirstMatch);
