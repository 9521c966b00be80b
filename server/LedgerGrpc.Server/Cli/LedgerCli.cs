using System.CommandLine;

namespace LedgerGrpc.Server.Cli;

/// <summary>The command tree. Each subcommand lives in its own file and is added here.</summary>
public static class LedgerCli
{
    public static RootCommand Build()
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("LedgerGrpc: customer ledger and classification over gRPC.");
        // `ledgergrpc` with no subcommand (or only serve options) behaves as `ledgergrpc serve`.
        foreach (var option in serve.Options)
        {
            root.Options.Add(option);
        }
        root.Action = serve.Action;
        root.Subcommands.Add(serve);
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(BackupCommand.Create());
        root.Subcommands.Add(RulesCommand.Create());
        root.Subcommands.Add(PluginsCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        return root;
    }
}
