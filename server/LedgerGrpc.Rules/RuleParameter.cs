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
    public static RuleParameter FromJson(string name, JsonElement json) =>
        new(name, JsonInputs.ShapeOf(json), JsonInputs.ToObject(json));

    public static RuleParameter FromJson(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(name, document.RootElement.Clone());
    }
}
