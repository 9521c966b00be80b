using System.Text.Json.Nodes;

namespace LedgerGrpc.Rules.Tests.Oracle;

/// <summary>Compares RulesEngine's results with LedgerGrpc's for one call (one input set), in the expected.jsonl shape.
/// Each difference is a stable one-line signature prefixed by its key (<c>file#input/Rule/Child</c>), so a deliberate one
/// can be listed exactly and anything else is caught. Exception texts are .NET's and are compared by presence only;
/// formatted ErrorMessages by text.</summary>
public static class ResultDiff
{
    public static IEnumerable<(string Key, string Difference)> Compare(string callKey, IReadOnlyList<JsonObject> oracle, IReadOnlyList<JsonObject> ours)
    {
        var oracleFailed = oracle.Any(l => l["rule"] is null);
        var oursFailed = ours.Any(l => l["rule"] is null);
        if (oracleFailed || oursFailed)
        {
            if (oracleFailed != oursFailed)
            {
                yield return (callKey, $"whole call fails: RulesEngine {YesNo(oracleFailed)}, LedgerGrpc {YesNo(oursFailed)}");
            }

            yield break;
        }

        var oracleNames = oracle.Select(l => (string)l["rule"]!).ToArray();
        var ourNames = ours.Select(l => (string)l["rule"]!).ToArray();
        if (!oracleNames.SequenceEqual(ourNames))
        {
            yield return (callKey, $"rules: RulesEngine [{string.Join(", ", oracleNames)}], LedgerGrpc [{string.Join(", ", ourNames)}]");
            yield break;
        }

        for (var i = 0; i < oracle.Count; i++)
        {
            foreach (var d in CompareRule(callKey + "/" + oracleNames[i], oracle[i], ours[i]))
            {
                yield return d;
            }
        }
    }

    private static IEnumerable<(string Key, string Difference)> CompareRule(string key, JsonObject oracle, JsonObject ours)
    {
        if ((bool)oracle["success"]! != (bool)ours["success"]!)
        {
            yield return (key, $"success: RulesEngine {oracle["success"]}, LedgerGrpc {ours["success"]}");
        }

        if ((string?)oracle["successEvent"] != (string?)ours["successEvent"])
        {
            yield return (key, $"successEvent: RulesEngine {Show(oracle["successEvent"])}, LedgerGrpc {Show(ours["successEvent"])}");
        }

        var oracleError = (string?)oracle["error"];
        var ourError = (string?)ours["error"];
        if (oracleError is null != ourError is null)
        {
            yield return (key, $"error presence: RulesEngine {Presence(oracleError)}, LedgerGrpc {Presence(ourError)}");
        }
        else if (oracleError is not null && !IsExceptionText(oracleError) && oracleError != ourError)
        {
            yield return (key, $"error text: RulesEngine {Show(oracle["error"])}, LedgerGrpc {Show(ours["error"])}");
        }

        if (!SameJson(oracle["output"], ours["output"]))
        {
            yield return (key, $"output: RulesEngine {Show(oracle["output"])}, LedgerGrpc {Show(ours["output"])}");
        }

        if ((string?)oracle["outputType"] != (string?)ours["outputType"])
        {
            yield return (key, $"output type: RulesEngine {Show(oracle["outputType"])}, LedgerGrpc {Show(ours["outputType"])}");
        }

        if (oracle["actionError"] is null != ours["actionError"] is null)
        {
            yield return (key, $"action error presence: RulesEngine {Presence((string?)oracle["actionError"])}, LedgerGrpc {Presence((string?)ours["actionError"])}");
        }

        var oracleChildren = Children(oracle);
        var ourChildren = Children(ours);
        if (oracleChildren is null != ourChildren is null)
        {
            yield return (key, $"children: RulesEngine {Presence(oracleChildren)}, LedgerGrpc {Presence(ourChildren)}");
        }
        else if (oracleChildren is not null)
        {
            var oracleNames = oracleChildren.Select(c => (string?)c["rule"]).ToArray();
            var ourNames = ourChildren!.Select(c => (string?)c["rule"]).ToArray();
            if (!oracleNames.SequenceEqual(ourNames))
            {
                yield return (key, $"children: RulesEngine [{string.Join(", ", oracleNames)}], LedgerGrpc [{string.Join(", ", ourNames)}]");
                yield break;
            }

            for (var i = 0; i < oracleChildren.Length; i++)
            {
                foreach (var d in CompareRule(key + "/" + oracleNames[i], oracleChildren[i], ourChildren![i]))
                {
                    yield return d;
                }
            }
        }
    }

    /// <summary>RulesEngine's exception texts (parse, compile and run-time errors) are .NET's and Dynamic.Core's wording;
    /// anything else in an error is a formatted ErrorMessage and must match exactly.</summary>
    public static bool IsExceptionText(string error) =>
        error.StartsWith("Exception while parsing expression", StringComparison.Ordinal)
        || error.StartsWith("Error while ", StringComparison.Ordinal);

    /// <summary>Numbers compare by value (1 and 1.0 serialize differently between the engines' JSON writers).</summary>
    public static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonValue x, JsonValue y) when x.TryGetValue<decimal>(out var dx) && y.TryGetValue<decimal>(out var dy) => dx == dy,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var v) && SameJson(p.Value, v)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameJson(p.First, p.Second)),
        _ => JsonNode.DeepEquals(a, b),
    };

    // An empty child list carries no result: RulesEngine leaves ChildResults null when a nested rule fails before its
    // children run (e.g. an unknown operator), the reference file and LedgerGrpc give an empty list.
    private static JsonObject[]? Children(JsonObject line) =>
        line["children"] is JsonArray { Count: > 0 } children ? [.. children.Select(c => c!.AsObject())] : null;

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Presence(object? value) => value is null ? "none" : "some";

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
