using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LedgerGrpc.Rules;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Bench.Rules;

/// <summary>Compile time of a generated 1,000-rule workflow (the tiering rules' shapes with varying thresholds).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class CompileBenchmarks
{
    private Workflow _workflow = null!;

    [GlobalSetup]
    public void Setup() => _workflow = Generate(1000);

    [Benchmark(Description = "compile 1,000 rules: result-tree delegates")]
    public CompiledWorkflow ResultTree() =>
        new WorkflowEngine(null, _workflow).Compile(_workflow.WorkflowName, new RuleInputType("input1", typeof(Customer)));

    [Benchmark(Description = "compile 1,000 rules: result tree + fast path (Compile<T>)")]
    public CompiledWorkflow<Customer> Typed() => new WorkflowEngine(null, _workflow).Compile<Customer>(_workflow.WorkflowName);

    public static Workflow Generate(int count)
    {
        string[] shapes =
        [
            "input1.TotalSpend >= {0} AND input1.OrderCount >= {1}",
            "input1.DaysSinceLastPurchase > {1} OR input1.MaxDaysOverdue > {1}",
            "input1.CreditUsed / input1.CreditLimit > 0.{1}",
            "input1.Industry == \"Manufacturing\" AND input1.Region.StartsWith(\"East\") AND input1.DistinctProducts > {1}",
            "input1.CreatedAt >= DateTime.Parse(\"2024-06-01\").AddDays({1}) AND input1.AvgOrderValue > {0}.5",
        ];
        return new Workflow
        {
            WorkflowName = "Generated",
            Rules = [.. Enumerable.Range(0, count).Select(i => new Rule
            {
                RuleName = "Rule" + i,
                SuccessEvent = "Segment" + (i % 50),
                Expression = string.Format(CultureInfo.InvariantCulture, shapes[i % shapes.Length], i * 100, i % 90 + 1),
            })],
        };
    }
}
