using LedgerGrpc.Server.Cli;

// ledgergrpc: one executable, subcommands; `serve` is the default.
return await LedgerCli.Build().Parse(args).InvokeAsync();
