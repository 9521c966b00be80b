using BenchmarkDotNet.Running;
using LedgerGrpc.Bench.Wire;

// `serve [port]` (default): both Greeter endpoints for bench/wire/run.sh. `framing ...`: BenchmarkDotNet.
if (args.Length > 0 && args[0] == "framing")
{
    BenchmarkSwitcher.FromAssembly(typeof(FramingBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

await BenchServer.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
return 0;
