namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>A generated expression: its text and the constructs (features) it uses, so a difference can be traced to
/// a construct on the known-gap list.</summary>
public sealed record GenExpr(string Text, IReadOnlySet<string> Features)
{
    public static GenExpr Leaf(string text, params string[] features) => new(text, new HashSet<string>(features, StringComparer.Ordinal));

    /// <summary>Combines parts into a new expression text, adding <paramref name="feature"/>.</summary>
    public static GenExpr Of(string feature, Func<string[], string> text, params GenExpr[] parts)
    {
        var features = new HashSet<string>(StringComparer.Ordinal) { feature };
        foreach (var part in parts)
        {
            features.UnionWith(part.Features);
        }

        return new GenExpr(text([.. parts.Select(p => p.Text)]), features);
    }
}
