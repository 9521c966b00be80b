namespace LedgerGrpc.Classification.Dimensions;

/// <summary>The workflows installed on first start (embedded from DefaultWorkflows/*.json); operators edit them like any other.</summary>
public static class DefaultWorkflows
{
    private const string Prefix = "DefaultWorkflows.";

    /// <summary>Name (file name without extension) and JSON text of every default workflow, in a stable order.</summary>
    public static IReadOnlyList<(string Name, string Json)> Load()
    {
        var assembly = typeof(DefaultWorkflows).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (n[Prefix.Length..^".json".Length], reader.ReadToEnd());
            })];
    }
}
