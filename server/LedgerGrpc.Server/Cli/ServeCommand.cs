using System.CommandLine;

namespace LedgerGrpc.Server.Cli;

/// <summary>`ledgergrpc serve`: runs the gRPC server until stopped.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the gRPC server (default).");
        command.SetAction(_ => 0);
        return command;
    }
}
