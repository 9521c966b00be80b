using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>A newer server opens a database an earlier release made: it backs the file up, migrates it and serves it.</summary>
public sealed class UpgradeTests
{
    private const string MigrationsSql =
        "SELECT 'ledger:' || MigrationId FROM __EFMigrationsHistory UNION ALL SELECT 'classification:' || MigrationId FROM __ClassificationMigrationsHistory ORDER BY 1";

    private static string Asset => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Server.Tests", "Assets", "ledger-release-3cc3ffa.db");

    [Fact]
    public async Task A_database_made_by_the_previous_release_is_backed_up_migrated_and_served()
    {
        using var dir = new TempDirectory("ledger-upgrade");
        var data = dir.Directory("data");
        var database = Path.Combine(data, "ledger.db");
        File.Copy(Asset, database);
        var before = Rows(database, MigrationsSql);

        await using (var server = await TestServerHost.StartAsync(dataDir: data))
        {
            var invoker = server.Connect();
            var ledger = new CustomerLedger.CustomerLedgerClient(invoker);
            var segments = new Segments.SegmentsClient(invoker);
            var customers = await ledger.ListCustomersAsync(new ListCustomersRequest { PageSize = 100, IncludeArchived = true });
            Assert.Equal(40, customers.Customers.Count);
            foreach (var customer in customers.Customers.Where(c => !c.Archived))
            {
                Assert.NotEmpty((await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customer.Id })).Assignments);
            }

            // Writable after the upgrade, and what the old release stored is still there.
            var active = customers.Customers.First(c => !c.Archived);
            await LedgerEndToEndTests.Record(ledger, active.Id, 12_345, "CNY", "after-upgrade");
            Assert.NotEmpty((await segments.GetHistoryAsync(new GetHistoryRequest { CustomerId = active.Id })).Changes);
        }

        // Every migration this build knows is applied; the earlier ones are still listed.
        var after = Rows(database, MigrationsSql);
        Assert.Empty(before.Except(after));
        var backups = Directory.GetFiles(Path.Combine(data, "backups"), "ledger-before-*.db");

        // A plain restart has nothing pending and copies nothing (at 1M customers that copy is 2.2 GB): once per upgrade.
        await using (await TestServerHost.StartAsync(dataDir: data))
        {
        }

        Assert.Equal(backups.Order(), Directory.GetFiles(Path.Combine(data, "backups"), "ledger-before-*.db").Order());
        Assert.Equal(after, Rows(database, MigrationsSql));
        if (after.Count == before.Count)
        {
            // The asset is as new as this build's schema: nothing to upgrade, nothing backed up.
            Assert.Empty(backups);
            return;
        }

        // One backup per part (ledger, classification) that had migrations to apply, each taken just before its own
        // migrations; the ledger's is taken first, so when there is one it is the file as the earlier release left it.
        Assert.InRange(backups.Length, 1, 2);
        var backup = backups.OrderBy(b => Path.GetFileName(b).StartsWith("ledger-before-ledger-", StringComparison.Ordinal) ? 0 : 1).First();
        Assert.Equal(before, Rows(backup, MigrationsSql));
        Assert.Equal(Rows(Asset, "SELECT COUNT(*) FROM cls_memberships"), Rows(backup, "SELECT COUNT(*) FROM cls_memberships"));
        Assert.Equal("ok", Assert.Single(Rows(backup, "PRAGMA integrity_check")));
    }

    private static List<string> Rows(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}
