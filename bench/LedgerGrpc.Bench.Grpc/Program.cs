using LedgerGrpc.Bench.Grpc;

// `serve [port]` (default port 0): both Greeter endpoints for bench/grpc/run.sh and bench/classification/run.sh.
await BenchServer.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
return 0;
