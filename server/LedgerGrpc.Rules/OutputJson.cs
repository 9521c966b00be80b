using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerGrpc.Rules;

/// <summary>How rule inputs and action outputs are written as JSON (error message placeholders, CLI, compat checks):
/// public fields included (host types may have them), non-ASCII text kept readable, and Infinity/NaN written as the
/// strings "Infinity", "-Infinity" and "NaN" (as Newtonsoft, which RulesEngine users serialize with, writes them)
/// instead of failing: 1.0 / 0 is a legitimate output.</summary>
public static class OutputJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        IncludeFields = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), Options);
}
