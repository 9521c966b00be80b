using System.CommandLine;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Ledger;
using Spectre.Console;

namespace LedgerGrpc.Server.Cli;

/// <summary>
/// `ledgergrpc backup PATH`: a consistent copy of the ledger, safe while the server runs (SQLite's
/// online backup reads one snapshot; WAL lets the server keep writing meanwhile).
/// </summary>
public static class BackupCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var path = new Argument<FileInfo>("path") { Description = "Where to write the backup file" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Ledger data directory (default: Ledger:DataDir or ./data)" };
        var command = new Command("backup", "Write a consistent copy of the ledger database.") { path, dataDir };
        command.SetAction(result =>
        {
            var ui = console ?? AnsiConsole.Console;
            var options = LedgerCliSettings.Load(result.GetValue(dataDir));
            var destination = result.GetValue(path)!.FullName;
            try
            {
                var size = LedgerBackup.Run(Path.GetFullPath(options.DatabasePath), destination);
                ui.MarkupLineInterpolated($"Backed up {options.DatabasePath} to {destination} ({size} bytes)");
                return 0;
            }
            catch (Exception e) when (e is FileNotFoundException or LedgerException)
            {
                ui.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
        });
        return command;
    }
}
