using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using LedgerGrpc.Access.Authorization;
using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Classification;
using LedgerGrpc.Server.Tests.Classification;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>
/// SIGTERM to a real `ledgergrpc serve` process under write load from several grpcio clients and with a grpcio watcher
/// streaming segment changes: the server stops taking calls, answers the ones in flight, ends the stream with
/// UNAVAILABLE, commits what the writer holds, checkpoints the WAL and exits 0.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_under_write_load_keeps_every_acknowledged_write_ends_watchers_with_unavailable_and_exits_0()
    {
        using var dir = new TempDirectory("ledger-sigterm");
        var dataDir = dir.Directory("data");
        using var server = await ServerProcess.StartAsync(dataDir, "--Operations:ShutdownTimeout=00:02:00");

        using var watcher = PythonPeer.Start(ClassificationPython.ScriptPath("watch_until_end.py"), [server.Target], [ClassificationPython.ModulesDir], server.AdminKey);
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watched = Task.Run(async () =>
        {
            var lines = new List<string>();
            while (await watcher.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("CHANGE ", StringComparison.Ordinal)) watching.TrySetResult();
            }

            watching.TrySetResult();
            return lines;
        });

        using var writer = PythonPeer.Start(LedgerPython.Script("crash_writer.py"), ["write", server.Target, "6"], [LedgerPython.ModulesDir], server.AdminKey);
        var sent = new Dictionary<string, (long Customer, long Amount)>();
        var acked = new HashSet<string>();
        var refused = new HashSet<string>();
        var terminated = false;
        while (await writer.StandardOutput.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "SEND":
                    sent[parts[1]] = (long.Parse(parts[2]), long.Parse(parts[3]));
                    break;
                case "STOP":
                    refused.Add(parts[1]);
                    break;
                case "ACK":
                    acked.Add(parts[1]);
                    // The watcher has its stream (the created customers' first classifications reached it).
                    if (!terminated && acked.Count >= 1500 && watching.Task.IsCompleted)
                    {
                        server.Terminate();
                        terminated = true;
                    }

                    break;
            }
        }

        await writer.WaitForExitAsync();
        Assert.True(terminated, "the writers stopped before SIGTERM: " + await writer.StandardError.ReadToEndAsync());
        var exitCode = await server.WaitForExitAsync();
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{string.Join('\n', server.Log)}");

        // Every call was answered: acknowledged, or refused with an error (each writer thread stops at its first).
        Assert.Empty(sent.Keys.Except(acked).Except(refused));
        var watcherLines = await watched;
        await watcher.WaitForExitAsync();
        Assert.StartsWith("END UNAVAILABLE The server is shutting down", watcherLines[^1]);

        // The WAL was copied back and truncated at shutdown (checked before this test opens the file itself).
        var wal = new FileInfo(Path.Combine(dataDir, "ledger.db-wal"));
        Assert.True(!wal.Exists || wal.Length == 0, $"WAL left with {(wal.Exists ? wal.Length : 0)} bytes");
        Assert.Contains(server.Log, l => l.Contains("WAL checkpointed at shutdown", StringComparison.Ordinal));

        var store = new LedgerStore(new LedgerOptions { DataDir = dataDir });
        Assert.Equal("ok", store.CheckIntegrity());
        using (var db = store.OpenRead())
        {
            var present = db.Transactions.Where(t => t.IdempotencyKey != null).GroupBy(t => t.IdempotencyKey!)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionary(g => g.Key, g => g.Count);
            Assert.All(present.Values, count => Assert.Equal(1, count));
            Assert.Empty(acked.Except(present.Keys));
            Assert.Empty(present.Keys.Except(sent.Keys));
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_clean_stop_logs_no_error_writes_the_refused_call_summary_and_exits_0()
    {
        using var dir = new TempDirectory("ledger-clean-stop");
        var dataDir = dir.Directory("data");
        // A bound on every wait, so a server that does not stop fails the test with its log instead of hanging the suite.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var server = await ServerProcess.StartAsync(dataDir, bound.Token);
        await server.WaitUntilServingAsync(LedgerGrpc.Protos.Ledger.V1.Segments.Descriptor.FullName, bound.Token);

        // A call without a key: counted, and written to the audit log by the summary flush at the stop.
        using (var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://" + server.Target))
        {
            var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new LedgerGrpc.Protos.Ledger.V1.Operations.OperationsClient(channel)
                .GetServerStatsAsync(new LedgerGrpc.Protos.Ledger.V1.GetServerStatsRequest(), cancellationToken: bound.Token).ResponseAsync);
            Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
        }

        server.Terminate();
        var exitCode = await server.WaitForExitAsync(bound.Token);
        var log = string.Join('\n', server.Log);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
        Assert.DoesNotContain(server.Log, l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Contains(server.Log, l => l.Contains("WAL checkpointed at shutdown", StringComparison.Ordinal));

        SqliteConnection.ClearAllPools();
        using (var db = new LedgerStore(new LedgerOptions { DataDir = dataDir }).OpenRead())
        {
            var summary = Assert.Single(db.AuditEntries.Where(e => e.Action == RefusedCallLog.Action).ToList());
            Assert.Contains("GetServerStats", summary.AfterJson ?? "", StringComparison.Ordinal);
        }

        SqliteConnection.ClearAllPools();
    }

    private static readonly AsyncLocal<object?> StoppingServer = new();

    [Fact]
    public async Task Stopping_ends_the_timed_background_services_without_throwing()
    {
        // Each waits on a PeriodicTimer: the refused-call summary, the API key reread, the periodic sweep. A cancelled
        // wait used to throw OperationCanceledException through each at every stop, with a stack trace PeriodicTimer
        // builds from the PDBs (file and line numbers).
        Type[] services = [typeof(RefusedCallFlusher), typeof(ApiKeyRefresher), typeof(SegmentSweeper)];
        var marker = new object();
        // Only this test's server: its services run in the execution context it was started from (other tests'
        // servers in this process stop meanwhile). Keys are not reread during the stop (a reread cut short by a stop
        // may end in an OperationCanceledException; that is not what this test is about).
        StoppingServer.Value = marker;
        var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Access:KeyRefreshInterval"] = "01:00:00" });
        var thrown = new ConcurrentQueue<string>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (!ReferenceEquals(StoppingServer.Value, marker)) return;
            var frame = new StackTrace(false).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType is { } t && (services.Contains(t) || services.Contains(t.DeclaringType)));
            if (frame is not null) thrown.Enqueue($"{e.Exception.GetType().Name} in {frame.GetMethod()!.DeclaringType}");
        }

        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            await server.DisposeAsync();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        Assert.Empty(thrown);
    }
}
