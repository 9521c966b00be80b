using System.Text.Encodings.Web;
using System.Text.Json;

namespace LedgerGrpc.Rules;

/// <summary>How rule inputs and action outputs are written as JSON (error message placeholders, CLI, compat checks):
/// public fields included (JSON inputs are generated classes with fields), non-ASCII text kept readable.</summary>
public static class OutputJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        IncludeFields = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), Options);
}
