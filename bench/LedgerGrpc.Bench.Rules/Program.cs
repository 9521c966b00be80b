using BenchmarkDotNet.Running;
using LedgerGrpc.Bench.Rules;

// dotnet run -c Release --project bench/LedgerGrpc.Bench.Rules -- --filter '*' --job short
// dotnet run -c Release --project bench/LedgerGrpc.Bench.Rules -- cpu
// dotnet run -c Release --project bench/LedgerGrpc.Bench.Rules -- compile-cpu
if (args is ["cpu"])
{
    CpuTime.Run();
    return;
}

if (args is ["compile-cpu"])
{
    CompileCpuTime.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
