using BenchmarkDotNet.Running;
using LedgerGrpc.Bench.Rules;

// dotnet run -c Release --project bench/LedgerGrpc.Bench.Rules -- --filter '*' --job short
// dotnet run -c Release --project bench/LedgerGrpc.Bench.Rules -- cpu
if (args is ["cpu"])
{
    CpuTime.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
