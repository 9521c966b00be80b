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

// dotnet run -c Release --project bench/LedgerGrpc.Bench.Classification -- helper-cpu [rounds] [customers] [write customers] [write batch]
if (args is ["helper-cpu", ..])
{
    var invariant = System.Globalization.CultureInfo.InvariantCulture;
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], invariant) : fallback;
    HelperWorkflowCpuTime.Run(Arg(1, 7), Arg(2, 1_000_000), Arg(3, 20_000), Arg(4, 1));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
