using System.Text.Json.Nodes;
using LedgerGrpc.Rules.Cases;

namespace LedgerGrpc.Rules.Tests.Oracle;

/// <summary>The rules-compat cases run through both engines, grouped per call (case file, input index).</summary>
public static class OracleCases
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Compat");

    /// <summary>The shared rules-compat cases (with RulesEngine's reference results).</summary>
    public static IEnumerable<string> CompatFiles() => Directory.GetFiles(Path.Combine(Folder, "cases"), "*.json").Order(StringComparer.Ordinal);

    /// <summary>The shared cases plus Oracle/cases: the findings, for which RulesEngine itself is the only reference.</summary>
    public static IEnumerable<string> Files() =>
        CompatFiles().Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Oracle", "cases"), "*.json").Order(StringComparer.Ordinal));

    /// <summary>Every difference between RulesEngine and LedgerGrpc over one case, by key.</summary>
    public static IEnumerable<(string Key, string Difference)> Differences(string caseJson, string fileName)
    {
        var oracle = RulesEngineCaseRunner.Run(caseJson, fileName);
        var ours = RuleCaseRunner.Run(caseJson, fileName).ToList();
        foreach (var input in oracle.Concat(ours).Select(l => (int)l["input"]!).Distinct().Order())
        {
            foreach (var d in ResultDiff.Compare($"{fileName}#{input}", ForInput(oracle, input), ForInput(ours, input)))
            {
                yield return d;
            }
        }
    }

    public static IReadOnlyList<JsonObject> ForInput(IEnumerable<JsonObject> lines, int input) =>
        [.. lines.Where(l => (int)l["input"]! == input)];
}
