using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/LedgerGrpc.Bench.Rules -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
