using System.Text.Json.Nodes;
using CsCheck;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>Generates JSON inputs of many shapes for <see cref="JsonShapeDifferentialTests"/>: objects whose members come
/// from a small pool of names (so the objects of one list share some members, lack others, or hold other types under
/// the same name), lists mixing numbers, text, nulls, objects and lists, numbers written as JSON writes them (1.0, -0,
/// 1e3, integers beyond long), strings that may or may not read as dates, and top-level values that are not objects.
/// The fixed workflow (<see cref="Workflow"/>) outputs and compares them, so every typing rule shows.</summary>
public static class JsonShapeGen
{
    private static readonly string[] Names = ["a", "b", "c", "A", "k y"];

    // Raw JSON texts: JsonValue.Create(2.0) would write 2, and Newtonsoft types 2 and 2.0 differently.
    private static readonly Gen<JsonNode?> Number = Gen.OneOf(
        "0", "1", "-7", "42", "2.0", "1.5", "-0", "-0.0", "1e3", "2.5E-1", "9007199254740993", "9223372036854775807",
        "9223372036854775808", "123456789012345678901234567890", "0.1", "3.5").Select(Raw);

    private static readonly Gen<JsonNode?> Text = Gen.OneOf(
        "", "x", "Ann", "1", "2.5", "true", "2024-06-01T10:00:00", "2024-06-01T10:00:00Z", "2024-06-01T10:00:00.1234567+02:00",
        "2024-06-01T10:00:00+0800", "2024-06-01", "2024-06-01T10:00", "/Date(1717236000000)/", "Zoë", "a,b").Select(v => (JsonNode?)JsonValue.Create(v));

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (4, Number), (4, Text), (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))), (2, Gen.Const((JsonNode?)null)));

    /// <summary>One input set: input1 an object, input2 any JSON value.</summary>
    public static Gen<JsonObject> Inputs { get; } = Gen.Select(Object(2), Value(2))
        .Select((a, b) => new JsonObject { ["input1"] = a, ["input2"] = b });

    /// <summary>A case: the fixed workflow with a few input sets.</summary>
    public static Gen<JsonObject> Cases { get; } = Inputs.Array[1, 4]
        .Select(inputs => new JsonObject { ["workflow"] = JsonNode.Parse(Workflow), ["inputs"] = new JsonArray([.. inputs]) });

    // Outputs of the whole inputs and of members, LINQ over a member that may or may not be a list, comparisons whose
    // parse depends on the members' types, and an ErrorMessage with placeholders of every kind.
    public const string Workflow = """
        {
          "WorkflowName": "Shapes",
          "Rules": [
            { "RuleName": "Whole", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1" } } } },
            { "RuleName": "Second", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input2" } } } },
            { "RuleName": "A", "Expression": "input1.a != null", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.a" } } } },
            { "RuleName": "B", "Expression": "true", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.b" } } } },
            { "RuleName": "CountA", "Expression": "input1.a.Count > 0", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "input1.a.FirstOrDefault()" } } } },
            { "RuleName": "Same", "Expression": "input1.a == input1.b" },
            { "RuleName": "Msg", "Expression": "false", "ErrorMessage": "$(input1.a) | $(input1.b.a) | $(input1.c) | $(input2) | $(input1)" }
          ]
        }
        """;

    private static JsonNode? Raw(string json) => JsonNode.Parse(json);

    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency((5, Scalar), (2, List(depth - 1)), (2, Object(depth - 1).Select(o => (JsonNode?)o)));

    private static Gen<JsonNode?> List(int depth) => Gen.Frequency(
            (3, Value(depth).Array[0, 4]),
            (3, Object(depth).Select(o => (JsonNode?)o).Array[1, 4]),
            (2, Number.Array[1, 4]),
            (1, Text.Array[1, 4]))
        .Select(items => (JsonNode?)new JsonArray(items));

    private static Gen<JsonObject> Object(int depth) =>
        Gen.Select(Gen.Int[0, (1 << Names.Length) - 1], Value(depth).Array[Names.Length])
            .Select((members, values) =>
            {
                var obj = new JsonObject();
                for (var i = 0; i < Names.Length; i++)
                {
                    if ((members >> i & 1) != 0)
                    {
                        obj[Names[i]] = values[i];
                    }
                }

                return obj;
            });
}
