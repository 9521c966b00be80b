using System.Text.Json;
using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Rules;

/// <summary>A named input to a workflow (input1, customer, ...) with the static type expressions are bound against.</summary>
public sealed record RuleParameter(string Name, Type Type, object? Value)
{
    public RuleParameter(string name, object value)
        : this(name, value?.GetType() ?? throw new ArgumentNullException(nameof(value)), value)
    {
    }

    /// <summary>A JSON input, typed as RulesEngine types JSON (see <see cref="JsonInputs"/>).</summary>
    public static RuleParameter FromJson(string name, JsonElement json) => FromJson(name, json.GetRawText());

    /// <summary>A JSON input given as text, read by Newtonsoft.Json as RulesEngine users read it (see <see cref="JsonInputs"/>).
    /// Throws <see cref="FormatException"/> when it is not JSON or RulesEngine could not type it either.</summary>
    public static RuleParameter FromJson(string name, string json)
    {
        var (type, value) = JsonInputs.Read(json);
        return new(name, type, value);
    }
}
