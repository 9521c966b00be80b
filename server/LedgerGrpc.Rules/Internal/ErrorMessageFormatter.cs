using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LedgerGrpc.Rules.Internal;

/// <summary>Fills RulesEngine's <c>$(input1.path)</c> placeholders: names and paths match case-sensitively; scalars are
/// written as their JSON text (strings unquoted), objects and arrays as JSON; unknown or null values leave the placeholder as is.</summary>
internal static partial class ErrorMessageFormatter
{
    // A whole input is written as RulesEngine writes it: System.Text.Json's default (escaping) encoder, so non-ASCII
    // text reads \u00C4 there too; fields included because JSON inputs are classes with fields here.
    private static readonly JsonSerializerOptions WholeInput = new() { IncludeFields = true };

    /// <summary>As RulesEngine does it: the placeholders are those of the message as written, each replaced in turn (every
    /// occurrence) in the message as replaced so far, so a value that itself reads like a placeholder is filled too.</summary>
    public static string Format(string message, IReadOnlyDictionary<string, object?> inputs)
    {
        var result = message;
        foreach (Match match in Placeholder().Matches(message))
        {
            var property = match.Groups[1].Value;
            if (Resolve(property, inputs) is { } value)
            {
                result = result.Replace(match.Value, value, StringComparison.Ordinal);
            }
        }

        return result;
    }

    private static string? Resolve(string property, IReadOnlyDictionary<string, object?> inputs)
    {
        var parts = property.Split('.');
        if (!inputs.TryGetValue(parts[0], out var value) || value is null)
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return JsonSerializer.Serialize(value, value.GetType(), WholeInput);
        }

        var node = JsonSerializer.SerializeToNode(value, value.GetType(), OutputJson.Options);
        foreach (var part in parts.Skip(1))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node?.ToString();
    }

    [GeneratedRegex(@"\$\((.*?)\)", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
