using System.CommandLine;
using LedgerGrpc.AdminTui;

return AdminCli.Build().Parse(args).Invoke();
