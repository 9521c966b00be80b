using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>Generates JSON inputs for the schema <see cref="ExpressionGen"/> reads: input1 with numbers, strings, a flag,
/// date-times, a date-only string, lists of numbers and of objects, nested objects and a null; input2 a small object used
/// like a dictionary. Any member may be null (then it is typed object, as RulesEngine types JSON nulls) and lists may
/// be empty, so parse errors and null handling are exercised too.</summary>
public static class InputGen
{
    private static readonly Gen<JsonNode?> Long = Gen.OneOf(Gen.Long[-5, 60], Gen.Long[-100000, 100000]).Select(v => (JsonNode?)JsonValue.Create(v));
    private static readonly Gen<JsonNode?> Double = Gen.OneOf(0.5, 1.5, 2.0, -3.25, 100.125, 0.1, 1e6).Select(v => (JsonNode?)JsonValue.Create(v));
    private static readonly Gen<JsonNode?> Text = Gen.OneOf("", "a", "ab", "Ann", "banana", " x y ", "ÄÖ", "a,b,c").Select(v => (JsonNode?)JsonValue.Create(v));
    private static readonly Gen<JsonNode?> Date = Gen.Select(Gen.Int[2023, 2025], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 23])
        .Select((y, m, d, h) => (JsonNode?)JsonValue.Create(new DateTime(y, m, d, h, 0, 0, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));

    public static Gen<JsonObject> Inputs { get; } = Gen.Select(Input1(), Input2())
        .Select((a, b) => new JsonObject { ["input1"] = a, ["input2"] = b });

    private static Gen<JsonNode?> OrNull(Gen<JsonNode?> gen) => Gen.Frequency((9, gen), (1, Gen.Const((JsonNode?)null)));

    private static Gen<JsonObject> Input1()
    {
        var item = Gen.Select(Gen.OneOf("a", "b", "c"), Gen.Long[0, 100]).Select((k, v) => (JsonNode)new JsonObject { ["k"] = k, ["v"] = v });
        var items = Gen.Frequency((9, item.Array[1, 4]), (1, Gen.Const<JsonNode[]>([]))).Select(a => (JsonNode?)new JsonArray(a));
        var nums = Gen.Frequency((9, Gen.Long[0, 9].Array[1, 5]), (1, Gen.Const<long[]>([])))
            .Select(a => (JsonNode?)new JsonArray([.. a.Select(v => (JsonNode)JsonValue.Create(v))]));
        var nested = Gen.Select(OrNull(Long), OrNull(Text), OrNull(Double))
            .Select((a, name, z) => (JsonNode?)new JsonObject { ["a"] = a, ["name"] = name, ["deep"] = new JsonObject { ["z"] = z } });
        var day = Gen.OneOf("2024-05-01", "2023-12-31").Select(v => (JsonNode?)JsonValue.Create(v));
        return Gen.Select(
                Gen.Select(OrNull(Long), OrNull(Long), OrNull(Double), OrNull(Text), OrNull(Text)),
                Gen.Select(OrNull(Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))), OrNull(Date), OrNull(Date), OrNull(day)),
                Gen.Select(OrNull(nums), OrNull(items), OrNull(nested)))
            .Select((a, b, c) => new JsonObject
            {
                ["i"] = a.Item1, ["j"] = a.Item2, ["x"] = a.Item3, ["s"] = a.Item4, ["t"] = a.Item5,
                ["flag"] = b.Item1, ["when"] = b.Item2, ["since"] = b.Item3, ["day"] = b.Item4,
                ["nums"] = c.Item1, ["items"] = c.Item2, ["nested"] = c.Item3, ["nothing"] = null,
            });
    }

    private static Gen<JsonObject> Input2() =>
        Gen.Select(OrNull(Double), OrNull(Text)).Select((rate, code) => new JsonObject { ["rate"] = rate, ["code"] = code });
}
