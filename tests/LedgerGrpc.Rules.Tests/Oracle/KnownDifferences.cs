namespace LedgerGrpc.Rules.Tests.Oracle;

/// <summary>The two lists that say where LedgerGrpc may answer differently from RulesEngine:
/// <list type="bullet">
/// <item><c>documented-differences.txt</c>: deliberate differences, each an exact (key, difference) pair with the
/// docs/rules-compat.md entry that explains it;</item>
/// <item><c>known-gaps.txt</c>: differences that are defects still to fix (the expression parser is being replaced),
/// each with a one-line reason. Keys are rules-compat results (<c>file#input/Rule</c>) or, for the differential test,
/// <c>feature:name</c> for a generated construct. The list only shrinks: a listed key that now agrees fails the test.</item>
/// </list></summary>
public static class KnownDifferences
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Oracle");

    /// <summary>Known gaps: key → reason.</summary>
    public static IReadOnlyDictionary<string, string> Gaps { get; } = Read("known-gaps.txt")
        .ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : throw new InvalidDataException($"known gap {f[0]} has no reason"), StringComparer.Ordinal);

    /// <summary>Documented differences: (key, exact difference) → the docs/rules-compat.md text that explains it.</summary>
    public static IReadOnlyDictionary<(string Key, string Difference), string> Documented { get; } = Read("documented-differences.txt")
        .ToDictionary(f => f.Length == 3 ? (f[0], f[1]) : throw new InvalidDataException($"documented difference {f[0]} needs key, difference and docs entry"), f => f[2]);

    public static string CompatNotes { get; } = File.ReadAllText(Path.Combine(Folder, "rules-compat.md"));

    public static bool IsGap(string key) => Gaps.ContainsKey(GapKey(key));

    /// <summary>The gap list keys whole rules (file#input/Rule): a nested rule's difference belongs to its top-level rule.</summary>
    public static string GapKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var next = slash < 0 ? -1 : key.IndexOf('/', slash + 1);
        return next < 0 ? key : key[..next];
    }

    private static IEnumerable<string[]> Read(string file) =>
        File.ReadLines(Path.Combine(Folder, file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', StringSplitOptions.TrimEntries));
}
