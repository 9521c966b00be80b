using System.Diagnostics;
using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Bench.Classification;

/// <summary>`-- helper-cpu`: what the expression-helper watchdog costs. The same one-rule workflow twice, once calling
/// the Tier test plugin's helper (<c>TierMath.Points(customer) &gt;= 10</c>, one point per order: evaluated under the
/// plugin's watchdog) and once without (<c>customer.OrderCount &gt;= 10</c>, the same decision), timed by this process's
/// CPU time (every thread), rounds alternating, the plain workflow measured twice as the control:
/// 1. the full re-classification plan loop over <c>customers</c> (with the helper: inline on a watched thread, one guarded
///    call per 256 customers, as <see cref="ClassificationEngine"/>'s plan runs it);
/// 2. the ledger write path, one write batch of <c>batch</c> customers at a time (with the helper: one call handed to the
///    plugin's worker thread per batch while the writer waits, as the engine's write path does).</summary>
public static class HelperWorkflowCpuTime
{
    private const string Json = """
        { "WorkflowName": "points", "DisplayName": "Points", "ClassificationMode": "FirstMatch", "DefaultSegment": "few",
          "Segments": { "many": "Many", "few": "Few" },
          "Rules": [ { "RuleName": "Many", "SuccessEvent": "many", "Expression": "EXPR >= 10" } ] }
        """;

    public static void Run(int rounds, int customers, int writeCustomers, int batch)
    {
        var calculator = new FeatureCalculator();
        var features = SyntheticLedger.Create(customers).Select(f => calculator.Calculate(f, SyntheticLedger.AsOf)).ToArray();
        var tier = SamplePlugin.LoadTestPlugin("Tier/V1", "Tier");
        var plain = Snapshot(DimensionCompiler.Compile(Json.Replace("EXPR", "customer.OrderCount", StringComparison.Ordinal), 1).Dimension!);
        var helper = Snapshot(DimensionCompiler.Compile(Json.Replace("EXPR", "TierMath.Points(customer)", StringComparison.Ordinal), 1, [tier], null).Dimension!);
        if (helper.Guarded.Count != 1) throw new InvalidOperationException("The helper workflow did not bind to the Tier plugin.");
        var current = features.Select(f => MembershipCalculator.Compute(plain, f, [], _ => null, SyntheticLedger.AsOf)).ToArray();
        var writes = features.Take(writeCustomers).ToArray();

        var results = new Dictionary<string, List<double>>();
        void Time(string name, Func<int> op)
        {
            var start = Process.GetCurrentProcess().TotalProcessorTime;
            var changed = op();
            var ms = (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMilliseconds;
            if (changed != 0) throw new InvalidOperationException($"{name}: {changed} customers changed; both workflows must decide the same.");
            (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(ms);
        }

        for (var round = -2; round < rounds; round++)
        {
            if (round == 0) results.Clear(); // two warm-up rounds (JIT tiering)
            Time("plan: plain", () => Plan(plain, features, current));
            Time("plan: helper", () => Plan(helper, features, current));
            Time("plan: plain (control)", () => Plan(plain, features, current));
            Time("write: plain", () => Writes(plain, writes, current, batch));
            Time("write: helper", () => Writes(helper, writes, current, batch));
            Time("write: plain (control)", () => Writes(plain, writes, current, batch));
            if (round >= 0) Console.WriteLine($"round {round + 1}: {string.Join(", ", results.Select(r => $"{r.Key} {r.Value[^1]:F0} ms"))}");
        }

        tier.Unload();
        Console.WriteLine($"| path | workflow | CPU ms, median | ns per customer (median) | vs plain (median) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var (name, times) in results)
        {
            var path = name.StartsWith("plan", StringComparison.Ordinal) ? $"plan, {customers:N0} customers" : $"write, {writeCustomers:N0} customers in batches of {batch}";
            var n = name.StartsWith("plan", StringComparison.Ordinal) ? customers : writeCustomers;
            var baseline = Median(results[name.StartsWith("plan", StringComparison.Ordinal) ? "plan: plain" : "write: plain"]);
            Console.WriteLine($"| {path} | {name[(name.IndexOf(':') + 2)..]} | {Median(times):F0} | {Median(times) * 1e6 / n:F0} | {Median(times) / baseline:F2} |");
        }
    }

    private static ClassifierSnapshot Snapshot(CompiledDimension dimension) => new([dimension]);

    /// <summary>The engine's plan loop: with helpers, on a watched thread (this thread its watchdog).</summary>
    private static int Plan(ClassifierSnapshot snapshot, CustomerFeatures[] features, Membership[][] current) =>
        snapshot.RunsPluginCode
            ? WatchedRanges.Run(features.Length, features.Length, 1, (from, to) => PlanRange(snapshot, features, current, from, to), CancellationToken.None)[0]
            : PlanRange(snapshot, features, current, 0, features.Length);

    private static int PlanRange(ClassifierSnapshot snapshot, CustomerFeatures[] features, Membership[][] current, int from, int to)
    {
        var verdicts = snapshot.RunsPluginCode ? new PluginVerdicts(snapshot) : null;
        var batch = new CustomerFeatures[Reclassifier.PluginBatchSize];
        var changed = 0;
        for (var start = from; start < to; start += batch.Length)
        {
            var count = Math.Min(batch.Length, to - start);
            Array.Copy(features, start, batch, 0, count);
            verdicts?.Fill(new ArraySegment<CustomerFeatures>(batch, 0, count));
            for (var k = 0; k < count; k++)
            {
                var after = MembershipCalculator.Compute(snapshot, batch[k], current[start + k], _ => null, SyntheticLedger.AsOf, new PluginVerdictRow(verdicts, k));
                if (!MembershipCalculator.SameAssignments(current[start + k], after)) changed++;
            }
        }

        return changed;
    }

    /// <summary>The write path's classification step per write batch (ClassificationEngine.BeforeLedgerCommitAsync):
    /// <see cref="PluginVerdicts.For"/> (the guarded call for the batch), then each customer's memberships.</summary>
    private static int Writes(ClassifierSnapshot snapshot, CustomerFeatures[] features, Membership[][] current, int batch)
    {
        var changed = 0;
        for (var start = 0; start < features.Length; start += batch)
        {
            var customers = new ArraySegment<CustomerFeatures>(features, start, Math.Min(batch, features.Length - start));
            var verdicts = PluginVerdicts.For(snapshot, customers);
            for (var k = 0; k < customers.Count; k++)
            {
                var after = MembershipCalculator.Compute(snapshot, customers[k], current[start + k], _ => null, SyntheticLedger.AsOf, new PluginVerdictRow(verdicts, k));
                if (!MembershipCalculator.SameAssignments(current[start + k], after)) changed++;
            }
        }

        return changed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
