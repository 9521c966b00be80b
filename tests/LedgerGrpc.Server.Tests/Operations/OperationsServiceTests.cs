using Grpc.Core;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Operations;
using LedgerGrpc.Server.Tests.Ledger;
using LedgerGrpc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OperationsClient = LedgerGrpc.Protos.Ledger.V1.Operations.OperationsClient;

namespace LedgerGrpc.Server.Tests.Operations;

/// <summary>ledger.v1.Operations on the real server: its figures, and re-classification jobs listed and watched.</summary>
public sealed class OperationsServiceTests
{
    [Fact]
    public async Task Server_stats_report_version_uptime_ledger_size_writer_rates_classification_and_memory()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        await using var server = await TestServerHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var operations = new OperationsClient(server.Connect());
        var engine = server.Services.GetRequiredService<ClassificationEngine>();
        await WaitForJobsAsync(operations);

        clock.Advance(TimeSpan.FromSeconds(1));
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add((await LedgerEndToEndTests.Create(ledger, $"stats-{i}")).Id);
        for (var i = 0; i < 4; i++) await LedgerEndToEndTests.Record(ledger, ids[i % 3], 10_000 + i, "CNY");
        clock.Advance(TimeSpan.FromSeconds(1));

        var stats = await operations.GetServerStatsAsync(new GetServerStatsRequest());
        Assert.Equal(ServerVersion.Current, stats.Version);
        Assert.Equal(TimeSpan.FromSeconds(2), stats.Uptime.ToTimeSpan());
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), stats.StartedAt.ToDateTimeOffset());
        Assert.Equal(3, stats.Customers);
        Assert.Equal(engine.Snapshot.Dimensions.Count, stats.Dimensions);
        Assert.Equal(9, stats.Dimensions);

        // 7 commands in the last whole second: the sparkline's last point. The second before holds the first start's
        // one write (it creates the admin API key through the writer), so 0.8 per second over 10 s.
        Assert.Equal(59, stats.Writer.WritesPerSecondHistory.Count);
        Assert.Equal(7, stats.Writer.WritesPerSecondHistory[^1]);
        Assert.Equal(1, stats.Writer.WritesPerSecondHistory[^2]);
        Assert.Equal(0.8, stats.Writer.WritesPerSecond, 6);
        Assert.Equal(8, stats.Writer.CommandsCommitted);
        Assert.InRange(stats.Writer.BatchesCommitted, 2, 8);
        Assert.Equal(8.0 / stats.Writer.BatchesCommitted, stats.Writer.MeanBatchSize, 6);
        Assert.InRange(stats.Writer.LargestBatchSize, 1, 7);
        Assert.True(stats.Writer.MeanCommitMillis > 0);
        Assert.Equal(0, stats.Writer.QueueDepth);
        Assert.Equal(0, stats.Writer.BatchesFailed);

        Assert.Equal("ready", stats.Classification.State);
        Assert.Equal(engine.Feed.LastSequence, stats.Classification.LastChangeSequence);
        Assert.True(stats.Classification.LastChangeSequence > 0);
        Assert.Empty(stats.Classification.ActiveJobs);
        Assert.Equal(("sweep", "done"), (stats.Classification.LastSweep.Cause, stats.Classification.LastSweep.State));
        Assert.Equal(0, stats.Plugins.Loaded + stats.Plugins.Quarantined + stats.Plugins.PendingApproval);
        Assert.True(stats.Memory.WorkingSetBytes > stats.Memory.ManagedHeapBytes);
        Assert.True(stats.Memory.GcCommittedBytes >= stats.Memory.ManagedHeapBytes);

        // A watcher is counted while connected. It resumes after the last change the stats saw, so the write below
        // reaches it even when the server registers the watcher after the write has committed (with after_sequence 0
        // it would see only changes after its registration, and wait for ever).
        using var watch = new Segments.SegmentsClient(server.Connect())
            .WatchChanges(new WatchChangesRequest { AfterSequence = stats.Classification.LastChangeSequence });
        var customer = (await LedgerEndToEndTests.Create(ledger, "stats-watched")).Id;
        await LedgerEndToEndTests.Record(ledger, customer, 5_000, "CNY");
        Assert.True(await watch.ResponseStream.MoveNext());
        Assert.Equal(1, (await operations.GetServerStatsAsync(new GetServerStatsRequest())).Classification.Watchers);
    }

    [Fact]
    public async Task A_published_workflows_job_is_watched_to_its_end_and_listed_newest_first_in_pages()
    {
        await using var server = await TestServerHost.StartAsync();
        var ledger = new CustomerLedger.CustomerLedgerClient(server.Connect());
        var operations = new OperationsClient(server.Connect());
        for (var i = 0; i < 5; i++) await LedgerEndToEndTests.Create(ledger, $"jobs-{i}");
        await WaitForJobsAsync(operations);

        var publish = await PublishValueTierAsync(server);
        var states = new List<Job>();
        using (var watch = operations.WatchJob(new WatchJobRequest { Id = publish }))
        {
            await foreach (var job in watch.ResponseStream.ReadAllAsync()) states.Add(job);
        }

        // The stream ends after the final state; progress never goes back.
        var last = states[^1];
        Assert.Equal((publish, "publish", "value_tier", "done"), (last.Id, last.Cause, last.Dimension, last.State));
        Assert.Equal((5, 5), (last.Processed, last.Total));
        Assert.NotNull(last.FinishedAt);
        Assert.All(states.SkipLast(1), s => Assert.Contains(s.State, new[] { "queued", "running" }));
        Assert.Equal(states.Select(s => s.Processed).Order(), states.Select(s => s.Processed));

        // Jobs newest first: the publish, then the start-up sweep; one per page.
        var first = await operations.ListJobsAsync(new ListJobsRequest { PageSize = 1 });
        Assert.Equal([publish], first.Jobs.Select(j => j.Id));
        Assert.Equal(last, first.Jobs[0]);
        Assert.NotEmpty(first.NextPageToken);
        var second = await operations.ListJobsAsync(new ListJobsRequest { PageSize = 1, PageToken = first.NextPageToken });
        Assert.Equal(("sweep", "done"), (second.Jobs[0].Cause, second.Jobs[0].State));
        Assert.True(second.Jobs[0].Id < publish);
        var all = await operations.ListJobsAsync(new ListJobsRequest());
        Assert.Equal(all.Jobs.Select(j => j.Id).OrderDescending(), all.Jobs.Select(j => j.Id));
        Assert.Empty(all.NextPageToken);
        Assert.Equal(last, await operations.GetJobAsync(new GetJobRequest { Id = publish }));

        // A finished job is watched as one message.
        using var again = operations.WatchJob(new WatchJobRequest { Id = publish });
        Assert.Equal([last], await again.ResponseStream.ReadAllAsync().ToListAsync());
    }

    [Fact]
    public async Task Watch_jobs_reports_each_job_queued_after_it_started_through_to_its_end()
    {
        await using var server = await TestServerHost.StartAsync();
        var operations = new OperationsClient(server.Connect());
        await WaitForJobsAsync(operations);

        using var watch = operations.WatchJobs(new WatchJobsRequest());
        // The server sends the headers once it has taken its starting point: every job queued from now on is reported.
        await watch.ResponseHeadersAsync;
        var publish = await PublishValueTierAsync(server);
        var sweep = (await server.Services.GetRequiredService<ClassificationEngine>().SweepAsync()).Id;

        var seen = new List<Job>();
        while (!seen.Any(j => j.Id == sweep && j.State == "done") && await watch.ResponseStream.MoveNext())
        {
            seen.Add(watch.ResponseStream.Current);
        }

        Assert.Equal("done", seen.Last(j => j.Id == publish).State);
        Assert.Equal("sweep", seen.Last(j => j.Id == sweep).Cause);
        Assert.Equal([publish, sweep], seen.Select(j => j.Id).Distinct().Order());
        // Each job's messages differ from the one before (nothing repeated) and end with exactly one final state.
        foreach (var id in new[] { publish, sweep })
        {
            var mine = seen.Where(j => j.Id == id).ToList();
            Assert.Equal(mine.Count, mine.Distinct().Count());
            Assert.Single(mine, j => j.State == "done");
        }
    }

    [Fact]
    public async Task Watch_jobs_started_while_a_job_is_being_queued_reports_that_job()
    {
        await using var server = await TestServerHost.StartAsync();
        var operations = new OperationsClient(server.Connect());
        await WaitForJobsAsync(operations);
        var engine = server.Services.GetRequiredService<ClassificationEngine>();

        // The watcher takes its starting point after the sweep's id is taken and before its job is registered: the
        // window in which WatchJobs once took the id as looked at and never reported the job (the start-up sweep, in
        // StoreBehindKillTests, which then waited forever).
        AsyncServerStreamingCall<Job>? watch = null;
        engine.Jobs.IdTaken = _ =>
        {
            watch = operations.WatchJobs(new WatchJobsRequest());
            watch.ResponseHeadersAsync.GetAwaiter().GetResult();
        };
        var sweep = (await engine.SweepAsync()).Id;
        engine.Jobs.IdTaken = null;
        Assert.NotNull(watch);

        // A bound so a regression fails here with a message instead of hanging the suite.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new List<Job>();
        try
        {
            while (!seen.Any(j => j.Id == sweep && j.State == "done") && await watch.ResponseStream.MoveNext(bound.Token))
            {
                seen.Add(watch.ResponseStream.Current);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && bound.IsCancellationRequested)
        {
            Assert.Fail($"WatchJobs never reported sweep {sweep} to its end; it sent: [{string.Join("; ", seen)}]");
        }

        Assert.Equal([sweep], seen.Select(j => j.Id).Distinct());
        Assert.Equal("done", seen[^1].State);
        watch.Dispose();
    }

    [Fact]
    public async Task Jobs_keep_their_ids_and_outcomes_across_a_restart()
    {
        using var data = new TempDirectory("operations-restart");
        long publish;
        Job before;
        await using (var first = await TestServerHost.StartAsync(dataDir: data.Path))
        {
            var operations = new OperationsClient(first.Connect());
            await WaitForJobsAsync(operations);
            publish = await PublishValueTierAsync(first);
            using var watch = operations.WatchJob(new WatchJobRequest { Id = publish });
            before = (await watch.ResponseStream.ReadAllAsync().ToListAsync())[^1];
        }

        await using var second = await TestServerHost.StartAsync(dataDir: data.Path);
        var restarted = new OperationsClient(second.Connect());
        Assert.Equal(before, await restarted.GetJobAsync(new GetJobRequest { Id = publish }));
        // A new job takes a new id (this start's own sweep may have taken one already); the earlier jobs are listed as they ended.
        var next = await second.Services.GetRequiredService<ClassificationEngine>().SweepAsync();
        Assert.True(next.Id > publish);
        var jobs = (await restarted.ListJobsAsync(new ListJobsRequest())).Jobs;
        Assert.Equal(next.Id, jobs[0].Id);
        Assert.Contains(before, jobs);
    }

    [Fact]
    public async Task Bad_job_ids_page_tokens_and_page_sizes_are_refused_with_the_right_status()
    {
        await using var server = await TestServerHost.StartAsync();
        var operations = new OperationsClient(server.Connect());

        await AssertStatus(StatusCode.InvalidArgument, "page_token", operations.ListJobsAsync(new ListJobsRequest { PageToken = "garbage" }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, "page_token", operations.ListJobsAsync(new ListJobsRequest { PageToken = "-4" }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, "page_size", operations.ListJobsAsync(new ListJobsRequest { PageSize = 5000 }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, "page_size", operations.ListJobsAsync(new ListJobsRequest { PageSize = -1 }).ResponseAsync);
        await AssertStatus(StatusCode.NotFound, "never handed out", operations.GetJobAsync(new GetJobRequest { Id = 999 }).ResponseAsync);
        await AssertStatus(StatusCode.InvalidArgument, "positive", operations.GetJobAsync(new GetJobRequest { Id = 0 }).ResponseAsync);
        using var watch = operations.WatchJob(new WatchJobRequest { Id = 999 });
        await AssertStatus(StatusCode.NotFound, "never handed out", watch.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task A_python_grpcio_client_reads_the_stats_and_watches_a_job()
    {
        await using var server = await TestServerHost.StartAsync();
        var operations = new OperationsClient(server.Connect());
        await WaitForJobsAsync(operations);
        var publish = await PublishValueTierAsync(server);

        var output = await OperationsPython.RunAsync("stats_and_jobs", server, publish.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"\"version\": \"{ServerVersion.Current}\"", output);
        Assert.Contains("\"classification\": \"ready\"", output);
        Assert.Contains($"\"watched\": [{publish}, \"done\"]", output);
        Assert.Contains("\"bad_token\": \"INVALID_ARGUMENT\"", output);
    }

    /// <summary>Waits until no job is queued or running (the start-up sweep), by watching each to its end.</summary>
    private static async Task WaitForJobsAsync(OperationsClient operations)
    {
        var active = (await operations.GetServerStatsAsync(new GetServerStatsRequest())).Classification.ActiveJobs;
        foreach (var job in active)
        {
            using var watch = operations.WatchJob(new WatchJobRequest { Id = job.Id });
            await watch.ResponseStream.ReadAllAsync().ToListAsync();
        }
    }

    /// <summary>Publishes value_tier again (same rules, a new version) and returns its job id.</summary>
    private static async Task<long> PublishValueTierAsync(TestServerHost server)
    {
        var rules = new LedgerGrpc.Protos.Ledger.V1.Rules.RulesClient(server.Connect());
        var current = await rules.GetWorkflowAsync(new GetWorkflowRequest { Name = "value_tier" });
        var published = await rules.PublishWorkflowAsync(new PublishWorkflowRequest
        {
            WorkflowJson = current.WorkflowJson, Comment = "operations test", ExpectedVersion = current.Version,
        });
        return published.ReclassificationId;
    }

    private static async Task AssertStatus(StatusCode code, string mention, Task call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(code, refused.StatusCode);
        Assert.Contains(mention, refused.Status.Detail, StringComparison.Ordinal);
    }
}
