using System.Text.Json.Nodes;
using CsCheck;
using LedgerGrpc.Rules.Cases;
using LedgerGrpc.Rules.Tests.Oracle;
using Xunit.Abstractions;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>Generated JSON input shapes (<see cref="JsonShapeGen"/>) through Microsoft RulesEngine 6.0.1 (inputs as
/// Newtonsoft ExpandoObjects) and LedgerGrpc's case runner: every difference fails, with the case's seed
/// (LEDGERGRPC_JSON_CASE=seed replays it alone) and JSON. The run seed is fixed; LEDGERGRPC_JSON_SEED and
/// LEDGERGRPC_JSON_CASES change the run.</summary>
public sealed class JsonShapeDifferentialTests(ITestOutputHelper output, OracleReport report) : IClassFixture<OracleReport>
{
    private const string FixedSeed = "3UpH2dOySxO1";
    private const int DefaultCases = 100;

    [Fact]
    public void Generated_json_inputs_are_typed_and_written_as_RulesEngine_does()
    {
        var seed = Environment.GetEnvironmentVariable("LEDGERGRPC_JSON_SEED") is { Length: > 0 } s ? s : FixedSeed;
        var replay = Environment.GetEnvironmentVariable("LEDGERGRPC_JSON_CASE");
        var count = int.TryParse(Environment.GetEnvironmentVariable("LEDGERGRPC_JSON_CASES"), out var n) ? n : DefaultCases;
        int inputs = 0, results = 0, failedCalls = 0;
        foreach (var caseSeed in replay is { Length: > 0 } ? [replay] : DifferentialTests.CaseSeeds(seed, count))
        {
            var generated = JsonShapeGen.Cases.Generate(PCG.Parse(caseSeed), null, out _);
            var caseJson = generated.ToJsonString();
            var oracle = RulesEngineCaseRunner.Run(caseJson, "json");
            var ours = RuleCaseRunner.Run(caseJson, "json").ToList();
            var differences = oracle.Concat(ours).Select(l => (int)l["input"]!).Distinct()
                .SelectMany(i => ResultDiff.Compare($"json#{i}", OracleCases.ForInput(oracle, i), OracleCases.ForInput(ours, i)))
                .Select(d => $"{d.Key}: {d.Difference}")
                .ToList();
            Assert.True(differences.Count == 0,
                $"RulesEngine and LedgerGrpc differ on generated JSON inputs:\n{string.Join("\n", differences)}\nreplay with LEDGERGRPC_JSON_CASE={caseSeed}\n{caseJson}");
            inputs += ((JsonArray)generated["inputs"]!).Count;
            results += oracle.Count;
            failedCalls += oracle.Count(l => l["rule"] is null);
        }

        report.Write(output, $"JSON shapes (seed {seed}): {inputs} generated input sets, {results} results, {failedCalls} calls RulesEngine could not type; no difference");
    }
}
