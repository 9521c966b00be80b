using System.Text.Json.Nodes;
using CsCheck;
using LedgerGrpc.Rules.Cases;
using LedgerGrpc.Rules.Tests.Oracle;
using Xunit.Abstractions;

namespace LedgerGrpc.Rules.Tests.Differential;

/// <summary>Property-based differential test: generated workflows, expressions and inputs run through Microsoft
/// RulesEngine 6.0.1 and LedgerGrpc; any difference fails unless the rule uses a construct (or reads a JSON null) on the
/// known-gap list (then it is tallied). The run seed is fixed (CI runs the same cases each time; LEDGERGRPC_DIFF_SEED
/// and LEDGERGRPC_DIFF_WORKFLOWS change it); a failure prints the case's own seed, which LEDGERGRPC_DIFF_CASE replays
/// alone. LEDGERGRPC_DIFF_SURVEY=1 lists every unexplained difference with how often each generated construct occurs
/// in them, to find what a new known gap is.</summary>
public sealed class DifferentialTests(ITestOutputHelper output, OracleReport report) : IClassFixture<OracleReport>
{
    private const string FixedSeed = "0N0XIzNsQ0O2";
    private const int DefaultWorkflows = 300;

    // Issue 13's targets: at least 99.5 % on success and error presence, all outputs and success events. Measured with
    // the generators of session 5 (LanguageCornerGen, nested rules with their own params, name clashes, settings): seed
    // above, 300 workflows, 3,541 evaluations, 100 % on all three; seeds 0N0XIzNsQ0O4 (800 workflows, 9,849 evaluations)
    // and 0N0XIzNsQ0O5 (2,000 workflows, 26,954 evaluations) also 100 %.
    private const double MinimumSuccessAndErrorAgreement = 0.995;

    [Fact]
    public void Generated_workflows_answer_as_RulesEngine()
    {
        var seed = Environment.GetEnvironmentVariable("LEDGERGRPC_DIFF_SEED") is { Length: > 0 } s ? s : FixedSeed;
        var replay = Environment.GetEnvironmentVariable("LEDGERGRPC_DIFF_CASE");
        var survey = Environment.GetEnvironmentVariable("LEDGERGRPC_DIFF_SURVEY") == "1";
        var count = int.TryParse(Environment.GetEnvironmentVariable("LEDGERGRPC_DIFF_WORKFLOWS"), out var n) ? n : DefaultWorkflows;
        var tally = new Agreement();
        foreach (var caseSeed in replay is { Length: > 0 } ? [replay] : CaseSeeds(seed, count))
        {
            var generated = WorkflowGen.Cases.Generate(PCG.Parse(caseSeed), null, out _);
            try
            {
                Compare(generated, tally, survey);
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new Xunit.Sdk.XunitException($"{ex.Message}\nreplay this case with LEDGERGRPC_DIFF_CASE={caseSeed}\n{generated.Case.ToJsonString()}");
            }
        }

        report.Write(output, $"Differential (seed {seed}): {tally}");
        if (survey)
        {
            // LEDGERGRPC_DIFF_SURVEY=1: list every unexplained difference and, per feature, how often it occurs in them.
            tally.Unexplained.ForEach(output.WriteLine);
            foreach (var (feature, (inDiffs, overall)) in tally.FeatureCounts.OrderByDescending(f => (double)f.Value.InDifferences / f.Value.Overall))
            {
                output.WriteLine($"{feature}: {inDiffs}/{overall}");
            }

            Assert.Empty(tally.Unexplained);
        }

        Assert.True(tally.Rate(tally.SuccessAndErrorDiffer) >= MinimumSuccessAndErrorAgreement,
            $"success/error agreement {tally.Rate(tally.SuccessAndErrorDiffer):P2} is under {MinimumSuccessAndErrorAgreement:P1} (seed {seed})");
        Assert.True(tally.OutputsDiffer == 0, $"outputs differ in {tally.OutputsDiffer} of {tally.Evaluations} evaluations; the target is none (seed {seed})");
        Assert.True(tally.SuccessEventsDiffer == 0, $"success events differ in {tally.SuccessEventsDiffer} of {tally.Evaluations} evaluations; the target is none (seed {seed})");
    }

    // One independent PCG per case, derived from the run's seed: the run is the same every time, and any one case
    // can be replayed alone from its own seed.
    internal static IEnumerable<string> CaseSeeds(string seed, int count)
    {
        var root = PCG.Parse(seed);
        for (var i = 0; i < count; i++)
        {
            yield return new PCG(root.Next() >> 1, ((ulong)root.Next() << 32) | root.Next()).ToString();
        }
    }

    private static void Compare(GenCase generated, Agreement tally, bool survey)
    {
        var caseJson = generated.Case.ToJsonString();
        var oracle = RulesEngineCaseRunner.Run(caseJson, "gen");
        List<JsonObject> ours;
        try
        {
            ours = RuleCaseRunner.Run(caseJson, "gen").ToList();
        }
        catch (Exception ex) when (!survey)
        {
            throw new Xunit.Sdk.XunitException($"LedgerGrpc's case runner threw {ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            tally.Unexplained.Add($"LedgerGrpc's case runner threw {ex.GetType().Name}: {ex.Message}\n  case: {caseJson}");
            return;
        }

        tally.Cases++;
        var unexplained = new List<string>();
        var inputs = ((JsonArray)generated.Case["inputs"]!).Count;
        for (var input = 0; input < inputs; input++)
        {
            var theirs = OracleCases.ForInput(oracle, input);
            var mine = OracleCases.ForInput(ours, input);
            var differences = ResultDiff.Compare($"gen#{input}", theirs, mine).ToList();
            var rules = theirs.Any(l => l["rule"] is null) || mine.Any(l => l["rule"] is null)
                ? [null]
                : theirs.Select(l => (string?)l["rule"]).ToArray();
            foreach (var rule in rules)
            {
                tally.Evaluations++;
                var key = rule is null ? $"gen#{input}" : $"gen#{input}/{rule}";
                var mineDiffs = differences.Where(d => rule is null || d.Key == key || d.Key.StartsWith(key + "/", StringComparison.Ordinal)).ToList();
                var features = generated.FeaturesFor(rule, input);
                tally.Count(features, mineDiffs.Count > 0);
                if (mineDiffs.Count == 0)
                {
                    continue;
                }

                if (mineDiffs.Any(d => d.Difference.StartsWith("success:", StringComparison.Ordinal) || d.Difference.Contains("error presence", StringComparison.Ordinal) || d.Difference.StartsWith("whole call", StringComparison.Ordinal) || d.Difference.StartsWith("rules:", StringComparison.Ordinal)))
                {
                    tally.SuccessAndErrorDiffer++;
                }

                if (mineDiffs.Any(d => d.Difference.StartsWith("output", StringComparison.Ordinal) || d.Difference.StartsWith("action error", StringComparison.Ordinal)))
                {
                    tally.OutputsDiffer++;
                }

                if (mineDiffs.Any(d => d.Difference.StartsWith("successEvent", StringComparison.Ordinal)))
                {
                    tally.SuccessEventsDiffer++;
                }

                var gaps = features.Where(f => KnownDifferences.Gaps.ContainsKey("feature:" + f)).ToList();
                if (gaps.Count > 0)
                {
                    tally.KnownGaps++;
                    foreach (var gap in gaps)
                    {
                        tally.GapsByFeature[gap] = tally.GapsByFeature.GetValueOrDefault(gap) + 1;
                    }

                    continue;
                }

                unexplained.AddRange(mineDiffs.Select(d => $"{d.Key}: {d.Difference} [features: {string.Join(", ", features.Order())}]"));
            }
        }

        if (survey)
        {
            tally.Unexplained.AddRange(unexplained.Select(u => u + "\n  case: " + generated.Case.ToJsonString()));
        }
        else if (unexplained.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("RulesEngine and LedgerGrpc differ, and no construct on the known-gap list explains it:\n" + string.Join("\n", unexplained));
        }
    }
}
