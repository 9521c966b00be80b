using System.Diagnostics;
using LedgerGrpc.Rules;

namespace LedgerGrpc.Bench.Rules;

/// <summary>`-- compile-cpu`: compile time of the generated 1,000-rule workflow (<see cref="CompileBenchmarks"/>) by this
/// process's CPU time, best of five after one warm-up, for before/after comparisons on the shared machine where
/// wall-clock time mostly measures the other agents' load.</summary>
public static class CompileCpuTime
{
    public static void Run()
    {
        var workflow = CompileBenchmarks.Generate(1000);
        (string Name, Action Op)[] ops =
        [
            ("compile 1,000 rules: result-tree delegates", () => new WorkflowEngine(null, workflow).Compile(workflow.WorkflowName, new RuleInputType("input1", typeof(Customer)))),
            ("compile 1,000 rules: result tree + fast path (Compile<T>)", () => new WorkflowEngine(null, workflow).Compile<Customer>(workflow.WorkflowName)),
        ];
        Console.WriteLine("| operation | CPU ms (best of 5, after 1 warm-up) |");
        Console.WriteLine("| --- | ---: |");
        foreach (var (name, op) in ops)
        {
            op();
            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                var start = Process.GetCurrentProcess().TotalProcessorTime;
                op();
                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMilliseconds);
            }

            Console.WriteLine($"| {name} | {best:F0} |");
        }
    }
}
