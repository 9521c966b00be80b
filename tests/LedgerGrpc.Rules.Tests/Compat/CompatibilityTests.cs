using System.Text.Json.Nodes;
using LedgerGrpc.Rules.Cases;
using LedgerGrpc.Rules.Tests.Oracle;

namespace LedgerGrpc.Rules.Tests.Compat;

/// <summary>Every (case file, input set, top-level rule) of rules-compat, produced by Microsoft RulesEngine 6.0.1, must
/// come out the same: success, success event, action output (and its type), whether there is an error or action error,
/// and the text of formatted ErrorMessages (exception texts are .NET's and may differ).</summary>
public sealed class CompatibilityTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Compat");
    private static readonly Lazy<Dictionary<string, JsonObject>> Actual = new(RunAll);

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var line in Expected())
        {
            data.Add((string)line["file"]!, (int)line["input"]!, (string?)line["rule"] ?? "");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_RulesEngine(string file, int input, string rule)
    {
        var expected = Expected().Single(l => Key(l) == (file, input, rule));
        Assert.True(Actual.Value.TryGetValue($"{file}|{input}|{rule}", out var actual), $"no result for {file} #{input} {rule}");
        AssertSame(expected, actual!, rule);
    }

    [Fact]
    public void Produces_no_results_beyond_the_expected_ones() =>
        Assert.Equal(Expected().Select(l => Key(l)).Order(), Actual.Value.Keys.Select(k => k.Split('|')).Select(k => (k[0], int.Parse(k[1]), k[2])).Order());

    private static void AssertSame(JsonObject expected, JsonObject actual, string path)
    {
        Assert.True((bool)expected["success"]! == (bool)actual["success"]!, $"{path}: success, actual {actual.ToJsonString()}");
        Assert.True((string?)expected["successEvent"] == (string?)actual["successEvent"], $"{path}: successEvent, actual {actual.ToJsonString()}");
        var expectedError = (string?)expected["error"];
        var actualError = (string?)actual["error"];
        Assert.True(expectedError is null == actualError is null, $"{path}: error presence, expected {expectedError}, actual {actualError}");
        if (expectedError is not null && !ResultDiff.IsExceptionText(expectedError))
        {
            Assert.Equal(expectedError, actualError);
        }

        Assert.True(ResultDiff.SameJson(expected["output"], actual["output"]), $"{path}: output {expected["output"]?.ToJsonString()} vs {actual["output"]?.ToJsonString()}");
        Assert.Equal((string?)expected["outputType"], (string?)actual["outputType"]);
        Assert.True(expected["actionError"] is null == actual["actionError"] is null, $"{path}: action error, actual {actual["actionError"]}");
        var expectedChildren = expected["children"] as JsonArray;
        var actualChildren = actual["children"] as JsonArray;
        Assert.True(expectedChildren is null == actualChildren is null, $"{path}: children presence");
        if (expectedChildren is not null)
        {
            Assert.Equal(expectedChildren.Select(c => (string?)c!["rule"]), actualChildren!.Select(c => (string?)c!["rule"]));
            for (var i = 0; i < expectedChildren.Count; i++)
            {
                AssertSame(expectedChildren[i]!.AsObject(), actualChildren![i]!.AsObject(), path + "/" + expectedChildren[i]!["rule"]);
            }
        }
    }

    private static (string, int, string) Key(JsonObject line) => ((string)line["file"]!, (int)line["input"]!, (string?)line["rule"] ?? "");

    private static IEnumerable<JsonObject> Expected() =>
        File.ReadLines(Path.Combine(Folder, "expected.jsonl")).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject());

    private static Dictionary<string, JsonObject> RunAll() =>
        Directory.GetFiles(Path.Combine(Folder, "cases"), "*.json").Order()
            .SelectMany(RuleCaseRunner.RunFile)
            .ToDictionary(l => $"{l["file"]}|{l["input"]}|{(string?)l["rule"] ?? ""}");
}
