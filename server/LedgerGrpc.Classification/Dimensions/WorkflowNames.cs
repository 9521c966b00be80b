using System.Text.RegularExpressions;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>Workflow (dimension) names: 1 to 64 ASCII letters, digits, '_' or '-'. Names become keys in storage, URLs,
/// file names of exports and log lines, so nothing that could be read as a path or as SQL gets in.</summary>
public static partial class WorkflowNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Why <paramref name="name"/> is refused, or null when it is a valid name.</summary>
    public static string? Problem(string? name) => IsValid(name)
        ? null
        : string.IsNullOrEmpty(name)
            ? "A workflow name is required."
            : $"Workflow name '{Shown(name)}' is not allowed: use 1 to {MaxLength} letters, digits, '_' or '-'.";

    // Long or odd names are echoed shortened and without control characters.
    private static string Shown(string name)
    {
        var shown = new string([.. name.Take(MaxLength + 16).Select(c => char.IsControl(c) ? '?' : c)]);
        return shown.Length < name.Length ? shown + "…" : shown;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
