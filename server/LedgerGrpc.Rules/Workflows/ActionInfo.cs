using System.Text.Json;

namespace LedgerGrpc.Rules.Workflows;

/// <summary>An action reference: the registered action <see cref="Name"/> (OutputExpression, EvaluateRule or a host action)
/// and its <see cref="Context"/> (keys are matched case-insensitively, as RulesEngine does).</summary>
public sealed class ActionInfo
{
    public string Name { get; set; } = "";

    public Dictionary<string, JsonElement>? Context { get; set; }

    /// <summary>The context value for <paramref name="key"/>, compared case-insensitively.</summary>
    public JsonElement? GetContext(string key)
    {
        if (Context is null)
        {
            return null;
        }

        if (Context.TryGetValue(key, out var exact))
        {
            return exact;
        }

        foreach (var pair in Context)
        {
            if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
