using System.Text;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>A rejected CSV row: its row number (header = 1), external_ref and the reason.</summary>
public sealed record RejectedRow(int Row, string ExternalRef, string Reason);

public sealed record CsvImportReport(int Imported, IReadOnlyList<RejectedRow> Rejected, IReadOnlyList<string> UnknownColumns);

/// <summary>
/// Imports a customers CSV straight into the data directory's ledger.db through the ledger's own
/// validation and group-commit writer (rows are queued in windows so they share commits). Valid
/// rows land; each bad row is reported with its row number and reason. Meant for a ledger whose
/// server is stopped (SQLite locking keeps a running server safe, but its commit hooks would not
/// see these rows) — for a running server use the ImportCustomers RPC.
/// </summary>
public static class CustomerCsvImport
{
    private const int Window = 2000;

    public static async Task<CsvImportReport> RunAsync(LedgerOptions options, string csvPath, string actor, Action<int>? rowsDone = null, CancellationToken ct = default)
    {
        var store = new LedgerStore(options);
        await using var writer = new LedgerWriter(store, TimeProvider.System, [], NullLogger<LedgerWriter>.Instance);
        var rejected = new List<RejectedRow>();
        var unknown = new List<string>();
        var imported = 0;
        var done = 0;
        var pending = new List<(CsvCustomerRow Row, Task Task)>();

        // StreamReader detects a UTF-8 BOM and drops it; without one it reads UTF-8.
        using var text = new StreamReader(csvPath, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        foreach (var row in CustomerCsvReader.Read(text, unknown))
        {
            ct.ThrowIfCancellationRequested();
            if (row.Fields is null)
            {
                rejected.Add(new RejectedRow(row.Row, row.ExternalRef, row.Error!));
                rowsDone?.Invoke(++done);
                continue;
            }

            Task task;
            try
            {
                task = writer.ExecuteAsync(new CreateCustomer(row.Fields), actor);
            }
            catch (LedgerException e)
            {
                task = Task.FromException(e);
            }

            pending.Add((row, task));
            if (pending.Count >= Window)
            {
                imported += await Settle(pending, rejected).ConfigureAwait(false);
                done += Window;
                rowsDone?.Invoke(done);
            }
        }

        done += pending.Count;
        imported += await Settle(pending, rejected).ConfigureAwait(false);
        rowsDone?.Invoke(done);
        rejected.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new CsvImportReport(imported, rejected, unknown);
    }

    private static async Task<int> Settle(List<(CsvCustomerRow Row, Task Task)> pending, List<RejectedRow> rejected)
    {
        var imported = 0;
        foreach (var (row, task) in pending)
        {
            try
            {
                await task.ConfigureAwait(false);
                imported++;
            }
            catch (LedgerException e)
            {
                rejected.Add(new RejectedRow(row.Row, row.ExternalRef, e.Message));
            }
        }

        pending.Clear();
        return imported;
    }
}
