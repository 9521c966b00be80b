using System.Diagnostics;

namespace LedgerGrpc.Bench.Rules;

/// <summary>`-- cpu`: the tiering operations timed by this process's CPU time rather than wall-clock time, best of five
/// rounds of one million calls. On the shared project machine (load average often above 5 on 2 cores) wall-clock
/// figures include time spent descheduled; CPU time does not (it does include this process's GC threads).</summary>
public static class CpuTime
{
    public static void Run()
    {
        var bench = new TieringBenchmarks();
        bench.Setup();
        (string Name, Action Op)[] ops =
        [
            ("baseline: RulesEngine 6.0.1 ExecuteAllRulesAsync", () => bench.RulesEngineExecuteAll()),
            ("interpreted expression trees + results", () => bench.Interpreted()),
            ("full result tree (Execute)", () => bench.ResultTree()),
            ("fast path: first match", () => bench.FirstMatch()),
            ("fast path: match mask", () => bench.MatchMask()),
            ("fast path: all rules into bool[]", () => bench.Matches()),
        ];
        Console.WriteLine("| operation | CPU ns/op (best of 5 × 1,000,000) | ratio to baseline |");
        Console.WriteLine("| --- | ---: | ---: |");
        double? baseline = null;
        foreach (var (name, op) in ops)
        {
            var best = double.MaxValue;
            for (var round = 0; round < 5; round++)
            {
                var start = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < 1_000_000; i++)
                {
                    op();
                }

                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMilliseconds);
            }

            baseline ??= best;
            Console.WriteLine($"| {name} | {best:F0} | {best / baseline.Value:F3} |");
        }
    }
}
