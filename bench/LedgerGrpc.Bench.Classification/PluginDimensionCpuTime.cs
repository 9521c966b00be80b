using System.Diagnostics;

namespace LedgerGrpc.Bench.Classification;

/// <summary>`-- plugin-cpu`: <see cref="PluginDimensionBenchmarks"/>' two full re-classifications of 1,000,000 customers
/// timed by this process's CPU time (every thread: the plan loop and the plugin's worker thread) instead of wall-clock
/// time, rounds alternating between the two. On the shared machine (load average 20-40 on 2 cores) wall-clock time
/// mostly measures how long the plugin's worker waits to be scheduled after each hand-off, not what it costs.</summary>
public static class PluginDimensionCpuTime
{
    public static void Run(int rounds, int customers = 1_000_000)
    {
        var bench = new PluginDimensionBenchmarks { Customers = customers };
        bench.Setup();
        // Warm-up: JIT tiering of both paths.
        for (var i = 0; i < 3; i++)
        {
            bench.WorkflowDimension();
            bench.PluginDimension();
        }

        var workflow = new List<double>();
        var plugin = new List<double>();
        var threadsBefore = ThreadCpu.Snapshot();
        for (var round = 0; round < rounds; round++)
        {
            workflow.Add(Cpu(() => bench.WorkflowDimension()));
            plugin.Add(Cpu(() => bench.PluginDimension()));
            Console.WriteLine($"round {round + 1}: workflow {workflow[^1]:F0} ms, plugin {plugin[^1]:F0} ms CPU");
        }

        // Per live thread over all rounds of both (10 ms ticks; threads that ended, such as the watched threads of the
        // plugin rounds, are in the process total only).
        Console.WriteLine($"CPU by thread over the {rounds} rounds: {ThreadCpu.Difference(threadsBefore, ThreadCpu.Snapshot())}");

        bench.Cleanup();
        Console.WriteLine($"| dimension ({customers:N0} customers) | CPU ms, median | CPU ms, best | ns per customer (median) | ratio (median) | ratio (best) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| workflow value_tier (baseline) | {Median(workflow):F0} | {workflow.Min():F0} | {Median(workflow) * 1e6 / customers:F0} | 1.00 | 1.00 |");
        Console.WriteLine($"| plugin Abc | {Median(plugin):F0} | {plugin.Min():F0} | {Median(plugin) * 1e6 / customers:F0} | {Median(plugin) / Median(workflow):F2} | {plugin.Min() / workflow.Min():F2} |");
    }

    private static double Cpu(Action op)
    {
        var start = Process.GetCurrentProcess().TotalProcessorTime;
        op();
        return (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
