using System.CommandLine;
using System.Globalization;
using LedgerGrpc.Server.Services.Ledger;
using Spectre.Console;

namespace LedgerGrpc.Server.Cli;

/// <summary>`ledgergrpc import customers.csv`: loads customers from CSV into the data directory's ledger.</summary>
public static class ImportCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV with a header row: external_ref, name, type, ... (UTF-8, BOM optional)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Ledger data directory (default: Ledger:DataDir or ./data)" };
        var rejects = new Option<FileInfo?>("--rejects") { Description = "Also write the rejected rows (row, external_ref, reason) to this CSV" };
        var command = new Command("import", "Import customers from a CSV file (stop the server first, or use the ImportCustomers RPC).") { file, dataDir, rejects };
        command.SetAction(async (result, ct) =>
        {
            var ui = console ?? AnsiConsole.Console;
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                ui.MarkupLineInterpolated($"[red]No such file:[/] {path.FullName}");
                return 1;
            }

            var options = LedgerCliSettings.Load(result.GetValue(dataDir));
            var total = File.ReadLines(path.FullName).Count() - 1;
            CsvImportReport report;
            try
            {
                report = await ui.Progress().AutoClear(false).StartAsync(async progress =>
                {
                    var task = progress.AddTask("Importing customers", maxValue: Math.Max(1, total));
                    return await CustomerCsvImport.RunAsync(options, path.FullName, "cli:import", done => task.Value = done, ct);
                });
            }
            catch (InvalidDataException e)
            {
                ui.MarkupLineInterpolated($"[red]Cannot import:[/] {e.Message}");
                return 1;
            }

            foreach (var column in report.UnknownColumns)
            {
                ui.MarkupLineInterpolated($"[yellow]Ignored unknown column[/] '{column}'");
            }

            ui.MarkupLineInterpolated($"Imported [green]{report.Imported}[/] customers into {options.DatabasePath}; rejected [red]{report.Rejected.Count}[/] rows.");
            if (report.Rejected.Count > 0)
            {
                var table = new Table().AddColumns("Row", "external_ref", "Reason");
                foreach (var row in report.Rejected)
                {
                    table.AddRow(row.Row.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.ExternalRef), Markup.Escape(row.Reason));
                }

                ui.Write(table);
                if (result.GetValue(rejects) is { } rejectsFile)
                {
                    await File.WriteAllLinesAsync(rejectsFile.FullName,
                        ["row,external_ref,reason", .. report.Rejected.Select(r => $"{r.Row},{Csv(r.ExternalRef)},{Csv(r.Reason)}")], ct);
                }
            }

            return report.Rejected.Count == 0 ? 0 : 2;
        });
        return command;
    }

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
}
