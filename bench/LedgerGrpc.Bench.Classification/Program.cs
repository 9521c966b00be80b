using BenchmarkDotNet.Running;
using LedgerGrpc.Bench.Classification;

// dotnet run -c Release --project bench/LedgerGrpc.Bench.Classification -- --filter '*PluginDimensionBenchmarks*'
// dotnet run -c Release --project bench/LedgerGrpc.Bench.Classification -- plugin-cpu [rounds]
if (args is ["plugin-cpu", ..])
{
    PluginDimensionCpuTime.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
