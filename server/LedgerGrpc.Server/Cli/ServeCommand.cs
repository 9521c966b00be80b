using System.CommandLine;
using LedgerGrpc.Server.Hosting;

namespace LedgerGrpc.Server.Cli;

/// <summary>
/// `ledgergrpc serve` (also plain `ledgergrpc`): runs the gRPC server until stopped. Besides
/// --urls and --data-dir, any configuration key can be given as --Section:Key=value.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on, ';'-separated (default {LedgerHost.DefaultUrl})." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for the ledger database (configuration key Ledger:DataDir)." };
        var command = new Command("serve", "Run the gRPC server (default).") { urls, dataDir };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string>();
            if (parse.GetValue(urls) is { } u)
            {
                args.AddRange(["--urls", u]);
            }

            if (parse.GetValue(dataDir) is { } d)
            {
                args.AddRange(["--data-dir", d]);
            }

            args.AddRange(parse.UnmatchedTokens);
            var app = LedgerHost.Build([.. args]);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
