using System.Globalization;
using LedgerGrpc.Ledger;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Server.Tests.Classification;

/// <summary>
/// The first start after `seed` on a real `ledgergrpc serve` process: classification is served while its memberships
/// are still being stored in the background; a write meanwhile is acknowledged with its customer's memberships stored;
/// kill -9 part-way through the store leaves a database the next start loads and completes, with nothing lost and no
/// customer classified twice.
/// </summary>
public sealed class StoreBehindKillTests
{
    private const int Customers = 1_500;
    private const long BigSale = 900_000_000;
    private const int Step = 10;

    /// <summary>Bounds every wait of the test: a failure ends it with what it waited for and the server's log, not a hung suite.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Kill_9_during_the_first_starts_background_store_loses_nothing_and_the_next_start_completes_it()
    {
        using var bound = new CancellationTokenSource(Bound);
        var ct = bound.Token;
        var waitingFor = "the seed";
        ServerProcess? running = null;
        try
        {
            await RunAsync();
        }
        catch (Exception e) when (bound.IsCancellationRequested && e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
        {
            Assert.Fail($"Still waiting for {waitingFor} after {Bound}: {e.Message}\nserver log:\n{string.Join('\n', running?.Log ?? [])}");
        }

        async Task RunAsync()
        {
            using var dir = new TempDirectory("store-behind-kill");
            var dataDir = dir.Directory("data");
            var store = new LedgerStore(new LedgerOptions { DataDir = dataDir });
            new LedgerSeeder(store, TimeProvider.System).Run(Customers, randomSeed: 5);
            var active = Scalar(store, "SELECT COUNT(*) FROM customers WHERE Archived = 0 AND MergedIntoId IS NULL");
            // The store goes in customer-id order: the last active customer is among the last stored.
            var customer = Scalar(store, "SELECT MAX(Id) FROM customers WHERE Archived = 0 AND MergedIntoId IS NULL");
            SqliteConnection.ClearAllPools();

            string served;
            long firstJob;
            // The store holds after its first step of 10 customers (the operator's pause between steps, an hour here):
            // the test looks at and kills a store part way through however fast or slow the machine is. (It once let the
            // store run paced and raced it: on a fast machine the store could end before the test looked.)
            waitingFor = "the first start to listen";
            using (var server = running = await ServerProcess.StartAsync(dataDir, ct, $"--Classification:StoreBehindStepCustomers={Step}", "--Classification:StoreBehindPause=01:00:00"))
            {
                var invoker = server.Connect();
                var operations = new LedgerGrpc.Protos.Ledger.V1.Operations.OperationsClient(invoker);
                var segments = new Segments.SegmentsClient(invoker);
                // Classification is served before the store starts, so once the start-up sweep shows a stored step
                // Classify answers (health follows the checks' publisher period, seconds later).
                // The sweep first counts customers classified in memory, then (from 0 again) customers stored: a count of
                // Step seen while it classifies is not the held store, so each sighting is checked against the server's
                // stats, which stay at Step once the store holds.
                waitingFor = "the start-up sweep's first stored step (WatchJobs)";
                Job job;
                using (var watch = operations.WatchJobs(new WatchJobsRequest(), cancellationToken: ct))
                {
                    while (true)
                    {
                        Assert.True(await watch.ResponseStream.MoveNext(ct), "WatchJobs ended before the store held");
                        if (watch.ResponseStream.Current is not { Cause: "sweep", State: "running", Processed: Step }) continue;
                        job = Assert.Single((await operations.GetServerStatsAsync(new GetServerStatsRequest(), cancellationToken: ct)).Classification.ActiveJobs);
                        if (job.Processed == Step) break;
                    }
                }

                waitingFor = "GetServerStats, Classify and a sale during the store";
                job = Assert.Single((await operations.GetServerStatsAsync(new GetServerStatsRequest(), cancellationToken: ct)).Classification.ActiveJobs);
                Assert.Equal(("sweep", "running", (long)Step), (job.Cause, job.State, job.Processed));
                Assert.True(job.Processed < job.Total, $"store done already: {job}");
                firstJob = job.Id;
                var before = Show((await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customer }, cancellationToken: ct)).Assignments.Select(a => (a.Dimension, a.Segment)));
                Assert.NotEmpty(before);

                await new CustomerLedger.CustomerLedgerClient(invoker).RecordTransactionAsync(LedgerEndToEndTests.Sale(customer, BigSale, "CNY"), cancellationToken: ct);
                served = Show((await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customer }, cancellationToken: ct)).Assignments.Select(a => (a.Dimension, a.Segment)));

                // While this transaction holds the write lock nothing more is stored: what it reads is what the kill leaves.
                using var hold = new SqliteConnection(store.ConnectionString);
                hold.Open();
                using var transaction = hold.BeginTransaction(deferred: false);
                // The first step's customers and the written one (its write stored its served memberships first).
                Assert.Equal(Step + 1, Scalar(hold, "SELECT COUNT(DISTINCT CustomerId) FROM cls_memberships"));
                Assert.Equal(served, Show(StoredOf(hold, customer)));
                server.Kill();
                transaction.Rollback();
            }

            SqliteConnection.ClearAllPools();
            Assert.Equal("ok", store.CheckIntegrity());
            Assert.Equal(1, Scalar(store, $"SELECT COUNT(*) FROM transactions WHERE CustomerId = {customer} AND AmountMinor = {BigSale}"));

            waitingFor = "the restart to listen";
            using (var restarted = running = await ServerProcess.StartAsync(dataDir, ct))
            {
                waitingFor = "ledger.v1.Segments SERVING after the restart";
                await restarted.WaitUntilServingAsync(Segments.Descriptor.FullName, ct);
                var invoker = restarted.Connect();
                var operations = new LedgerGrpc.Protos.Ledger.V1.Operations.OperationsClient(invoker);
                // The newest job: this start's sweep (the killed start's reads as interrupted).
                waitingFor = "the restart's start-up sweep to end (WatchJob)";
                var jobs = (await operations.ListJobsAsync(new ListJobsRequest(), cancellationToken: ct)).Jobs;
                Assert.Equal("interrupted", jobs.Single(j => j.Id == firstJob).State);
                var startup = jobs[0];
                Assert.Equal(("sweep", firstJob + 1), (startup.Cause, startup.Id));
                using (var watch = operations.WatchJob(new WatchJobRequest { Id = startup.Id }, cancellationToken: ct))
                {
                    var last = startup;
                    while (await watch.ResponseStream.MoveNext(ct)) last = watch.ResponseStream.Current;
                    Assert.Equal("done", last.State);
                }

                waitingFor = "GetHistory and Classify after the restart, then its clean stop";
                var segments = new Segments.SegmentsClient(invoker);
                var history = await segments.GetHistoryAsync(new GetHistoryRequest { CustomerId = customer }, cancellationToken: ct);
                Assert.Contains(history.Changes, c => c.Cause == "initial");
                Assert.Contains(history.Changes, c => c.Cause == "write");
                var now = Show((await segments.ClassifyAsync(new ClassifyRequest { CustomerId = customer }, cancellationToken: ct)).Assignments.Select(a => (a.Dimension, a.Segment)));
                restarted.Terminate();
                Assert.Equal(0, await restarted.WaitForExitAsync(ct));
                SqliteConnection.ClearAllPools();
                using var connection = new SqliteConnection(store.ConnectionString);
                connection.Open();
                Assert.Equal(now, Show(StoredOf(connection, customer)));
            }

            // Every active customer stored in every dimension, and no one's first classification stored twice.
            var dimensions = Scalar(store, "SELECT COUNT(DISTINCT Dimension) FROM cls_memberships");
            Assert.Equal(active, Scalar(store, $"SELECT COUNT(*) FROM (SELECT CustomerId FROM cls_memberships GROUP BY CustomerId HAVING COUNT(DISTINCT Dimension) = {dimensions})"));
            Assert.Equal(0, Scalar(store, "SELECT COUNT(*) FROM (SELECT 1 FROM cls_segment_changes WHERE Cause = 'initial' GROUP BY CustomerId, Dimension, ToSegment HAVING COUNT(*) > 1)"));
            Assert.Equal("ok", store.CheckIntegrity());
            SqliteConnection.ClearAllPools();
        }
    }

    private static string Show(IEnumerable<(string Dimension, string Segment)> memberships) =>
        string.Join(",", memberships.Select(m => $"{m.Dimension}={m.Segment}").Order(StringComparer.Ordinal));

    private static IEnumerable<(string, string)> StoredOf(SqliteConnection connection, long customer)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Dimension, Segment FROM cls_memberships WHERE CustomerId = {customer}";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private static long Scalar(LedgerStore store, string sql)
    {
        using var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        return Scalar(connection, sql);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
