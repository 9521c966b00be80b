using LedgerGrpc.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>
/// kill -9 of a real `ledgergrpc serve` process under sustained idempotent writes from several
/// grpcio clients: every acknowledged write survives exactly once, every in-flight one is wholly
/// there or wholly absent (and a retry with its key settles it), and SQLite's integrity check passes.
/// </summary>
public sealed class LedgerCrashTests
{
    [Fact]
    public async Task Kill_9_during_writes_loses_no_acknowledged_write_and_duplicates_nothing()
    {
        using var dir = new TempDirectory("ledger-crash");
        var dataDir = dir.Directory("data");

        using (var server = await ServerProcess.StartAsync(dataDir))
        {
            using var writer = PythonPeer.Start(LedgerPython.Script("crash_writer.py"), ["write", server.Target, "6"], [LedgerPython.ModulesDir], AdminKey(dataDir));
            var sent = new Dictionary<string, (long Customer, long Amount)>();
            var acked = new HashSet<string>();
            var killed = false;
            while (await writer.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] == "SEND")
                {
                    sent[parts[1]] = (long.Parse(parts[2]), long.Parse(parts[3]));
                }
                else if (parts[0] == "ACK")
                {
                    acked.Add(parts[1]);
                    if (!killed && acked.Count >= 1500)
                    {
                        server.Kill();
                        killed = true;
                    }
                }
            }

            await writer.WaitForExitAsync();
            Assert.True(killed, "the writers stopped before the server was killed: " + await writer.StandardError.ReadToEndAsync());

            // The file as the crash left it: SQLite recovers the WAL on open.
            var store = new LedgerStore(new LedgerOptions { DataDir = dataDir });
            Assert.Equal("ok", store.CheckIntegrity());
            var present = StoredKeys(store);
            Assert.All(present.Values, count => Assert.Equal(1, count));
            Assert.Empty(acked.Except(present.Keys));
            Assert.Empty(present.Keys.Except(sent.Keys));
            AssertTotalsMatchRows(store);

            // Restart on the same data and settle every in-flight write by retrying with its key.
            var inFlight = sent.Keys.Where(k => !acked.Contains(k)).ToList();
            Assert.NotEmpty(inFlight);
            var retryFile = dir.File("in-flight.txt");
            await File.WriteAllLinesAsync(retryFile, inFlight.Select(k => $"{k} {sent[k].Customer} {sent[k].Amount}"));
            SqliteConnection.ClearAllPools();
            using (var restarted = await ServerProcess.StartAsync(dataDir))
            {
                var retry = await PythonPeer.RunScriptAsync(LedgerPython.Script("crash_writer.py"), ["retry", restarted.Target, retryFile], [LedgerPython.ModulesDir], key: AdminKey(dataDir));
                // The restarted server's log says what it was doing if a retry does not come back.
                Assert.True(retry.ExitCode == 0, retry + "\n--- restarted server log ---\n" + string.Join('\n', restarted.Log));
                Assert.Equal(inFlight.Count, retry.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            }

            var settled = StoredKeys(store);
            Assert.All(settled.Values, count => Assert.Equal(1, count));
            Assert.Equal(sent.Keys.Order(), settled.Keys.Order());
            AssertTotalsMatchRows(store);
            Assert.Equal("ok", store.CheckIntegrity());
            SqliteConnection.ClearAllPools();
        }
    }

    // The serve process wrote it on its first start.
    private static string AdminKey(string dataDir) => File.ReadAllText(Path.Combine(dataDir, "admin.key")).Trim();

    private static Dictionary<string, int> StoredKeys(LedgerStore store)
    {
        using var db = store.OpenRead();
        return db.Transactions.Where(t => t.IdempotencyKey != null).GroupBy(t => t.IdempotencyKey!)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionary(g => g.Key, g => g.Count);
    }

    /// <summary>A transaction row is there exactly when the customer's totals include it (all or nothing).</summary>
    private static void AssertTotalsMatchRows(LedgerStore store)
    {
        using var db = store.OpenRead();
        var sums = db.Transactions.GroupBy(t => t.CustomerId)
            .Select(g => new { g.Key, Sum = g.Sum(t => t.AmountMinor), Count = g.LongCount() }).ToDictionary(g => g.Key);
        foreach (var customer in db.Customers.ToList())
        {
            var expected = sums.GetValueOrDefault(customer.Id);
            Assert.Equal(expected?.Sum ?? 0, customer.SalesTotalMinor);
            Assert.Equal(expected?.Count ?? 0, customer.TransactionCount);
        }
    }
}
