using System.Globalization;
using LedgerGrpc.Server.Cli;

// The invariant culture whatever the host's LANG: rule expressions format, parse and compare text as RulesEngine's
// reference results do (invariant culture), and the CLI's output does not change with the machine it runs on.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

// ledgergrpc: one executable, subcommands; `serve` is the default.
return await LedgerCli.Build().Parse(args).InvokeAsync();
