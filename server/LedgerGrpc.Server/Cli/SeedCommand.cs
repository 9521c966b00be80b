using System.CommandLine;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Ledger;
using Spectre.Console;

namespace LedgerGrpc.Server.Cli;

/// <summary>`ledgergrpc seed --customers N`: fills the data directory's ledger with realistic synthetic data.</summary>
public static class SeedCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var customers = new Option<int>("--customers") { Description = "How many customers to add", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same data)", DefaultValueFactory = _ => 1 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Ledger data directory (default: Ledger:DataDir or ./data)" };
        var command = new Command("seed", "Add synthetic customers, purchases, invoices and payments to the ledger.") { customers, seed, dataDir };
        command.SetAction(result =>
        {
            var ui = console ?? AnsiConsole.Console;
            var count = result.GetValue(customers);
            if (count < 0)
            {
                ui.MarkupLine("[red]--customers must not be negative[/]");
                return 1;
            }

            var options = LedgerCliSettings.Load(result.GetValue(dataDir));
            var store = new LedgerStore(options);
            SeedReport report = null!;
            ui.Progress().AutoClear(false).Start(progress =>
            {
                var task = progress.AddTask("Seeding customers", maxValue: Math.Max(1, count));
                report = new LedgerSeeder(store, TimeProvider.System).Run(count, result.GetValue(seed), new InlineProgress(done => task.Value = done));
            });
            ui.MarkupLineInterpolated(
                $"Seeded {report.Customers} customers, {report.Transactions} transactions, {report.Invoices} invoices ({report.WrittenOffInvoices} written off), {report.Payments} payments, {report.NearDuplicates} near-duplicates in {report.Elapsed.TotalSeconds:F1} s → {options.DatabasePath}");
            return 0;
        });
        return command;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
