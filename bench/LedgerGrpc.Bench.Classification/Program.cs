using BenchmarkDotNet.Running;
using LedgerGrpc.Bench.Classification;

// dotnet run -c Release --project bench/LedgerGrpc.Bench.Classification -- --filter '*PluginDimensionBenchmarks*'
// dotnet run -c Release --project bench/LedgerGrpc.Bench.Classification -- plugin-cpu [rounds] [customers]
if (args is ["plugin-cpu", ..])
{
    var invariant = System.Globalization.CultureInfo.InvariantCulture;
    PluginDimensionCpuTime.Run(args.Length > 1 ? int.Parse(args[1], invariant) : 7, args.Length > 2 ? int.Parse(args[2], invariant) : 1_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
