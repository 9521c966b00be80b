using System.Collections;
using System.Globalization;
using System.Linq.Dynamic.Core;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Converts JSON values into typed objects the way RulesEngine types JSON inputs (Newtonsoft ExpandoObject, then
/// a generated class per shape): integers are <see cref="long"/>, other numbers <see cref="double"/>, ISO date-times
/// <see cref="DateTime"/> (date-only strings stay strings), nulls are typed <see cref="object"/>, objects become
/// Dynamic.Core <see cref="DynamicClass"/> classes (made by the same <see cref="DynamicClassFactory"/> RulesEngine uses)
/// and arrays <c>List&lt;T&gt;</c> of their first element's type.</summary>
public static partial class JsonInputs
{
    public static object? ToObject(JsonElement json) => Create(json, ShapeOf(json));

    public static object? ToObject(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ToObject(document.RootElement);
    }

    /// <summary>The .NET type <see cref="ToObject(JsonElement)"/> gives this value.</summary>
    public static Type ShapeOf(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => DynamicClassFactory.CreateType([.. json.EnumerateObject().Select(p => new DynamicProperty(p.Name, ShapeOf(p.Value)))]),
        JsonValueKind.Array => json.GetArrayLength() == 0
            ? typeof(List<object>)
            : typeof(List<>).MakeGenericType(ShapeOf(json[0])),
        JsonValueKind.String => IsDateTime(json.GetString()!) ? typeof(DateTime) : typeof(string),
        JsonValueKind.Number => json.TryGetInt64(out _) ? typeof(long) : typeof(double),
        JsonValueKind.True or JsonValueKind.False => typeof(bool),
        _ => typeof(object),
    };

    private static object? Create(JsonElement json, Type type)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (type == typeof(object))
        {
            return Create(json, ShapeOf(json));
        }

        if (typeof(DynamicClass).IsAssignableFrom(type))
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Expected a JSON object like the first element of its array, found {json.ValueKind}.");
            }

            var instance = Activator.CreateInstance(type)!;
            foreach (var property in json.EnumerateObject())
            {
                if (type.GetProperty(property.Name) is { CanWrite: true } member)
                {
                    member.SetValue(instance, Create(property.Value, member.PropertyType));
                }
            }

            return instance;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(type)!;
            foreach (var item in json.EnumerateArray())
            {
                list.Add(Create(item, element));
            }

            return list;
        }

        return json.ValueKind switch
        {
            JsonValueKind.String when type == typeof(DateTime) && IsDateTime(json.GetString()!) => ParseDateTime(json.GetString()!),
            JsonValueKind.String when type == typeof(string) => json.GetString(),
            JsonValueKind.True or JsonValueKind.False when type == typeof(bool) => json.GetBoolean(),
            JsonValueKind.Number when type == typeof(long) && json.TryGetInt64(out var l) => l,
            JsonValueKind.Number when type == typeof(double) => json.GetDouble(),
            _ => throw new FormatException($"JSON value {json.GetRawText()} does not fit type {type.Name} of the first element of its array."),
        };
    }

    // Newtonsoft's DateParseHandling.DateTime: ISO 8601 date and time (date-only strings are left as strings).
    private static bool IsDateTime(string s) => s.Length >= 16 && IsoDateTime().IsMatch(s);

    private static DateTime ParseDateTime(string s) =>
        DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
