using Grpc.Core;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Operations;
using V1 = LedgerGrpc.Protos.Ledger.V1;
using static LedgerGrpc.Server.Errors.Refuse;

namespace LedgerGrpc.Server.Services.Operations;

/// <summary>ledger.v1.Operations: server figures for dashboards, and re-classification jobs listed and watched.</summary>
public sealed class OperationsService(ServerStatsReader stats, ReclassificationJobs jobs, OperationsOptions options, TimeProvider time, IHostApplicationLifetime lifetime)
    : V1.Operations.OperationsBase
{
    public override Task<V1.ServerStats> GetServerStats(V1.GetServerStatsRequest request, ServerCallContext context) =>
        Task.FromResult(stats.Read());

    public override Task<V1.ListJobsResponse> ListJobs(V1.ListJobsRequest request, ServerCallContext context)
    {
        var page = jobs.List(PageRequest.Parse(request.PageSize, request.PageToken));
        var response = new V1.ListJobsResponse { NextPageToken = page.NextPageToken };
        response.Jobs.AddRange(page.Items.Select(JobMapping.ToJob));
        return Task.FromResult(response);
    }

    public override Task<V1.Job> GetJob(V1.GetJobRequest request, ServerCallContext context) =>
        Task.FromResult(JobMapping.ToJob(Find(request.Id)));

    public override async Task WatchJob(V1.WatchJobRequest request, IServerStreamWriter<V1.Job> responses, ServerCallContext context)
    {
        var job = Find(request.Id);
        await StreamAsync(context, $"watch job {job.Id} again", async token =>
        {
            V1.Job? sent = null;
            while (true)
            {
                var message = JobMapping.ToJob(job);
                if (!message.Equals(sent))
                {
                    await responses.WriteAsync(message, token);
                    sent = message;
                }

                if (JobMapping.IsFinal(message)) return;
                await WaitAsync(job.Completion.Task, token);
            }
        });
    }

    public override async Task WatchJobs(V1.WatchJobsRequest request, IServerStreamWriter<V1.Job> responses, ServerCallContext context)
    {
        await StreamAsync(context, "watch jobs again (ListJobs shows what finished meanwhile)", async token =>
        {
            // Jobs sent and not yet final, with what was sent last; and the newest id looked at, so a job queued and
            // finished between two looks is still reported (once, final).
            var watching = new SortedDictionary<long, V1.Job?>();
            // LastId first: every job up to it is registered, so those still running are in Active() below.
            var newest = jobs.LastId;
            foreach (var job in jobs.Active())
            {
                watching[job.Id] = null;
                newest = Math.Max(newest, job.Id);
            }

            // The headers say the starting point is taken: a client that waits for them knows every job queued from
            // then on will be reported.
            await context.WriteResponseHeadersAsync([]);
            while (true)
            {
                var changed = jobs.Changed;
                for (var id = newest + 1; id <= jobs.LastId; id++)
                {
                    // Registered before its id is published (LastId), so always found.
                    watching[id] = null;
                    newest = id;
                }

                foreach (var (id, last) in watching.ToList())
                {
                    var message = JobMapping.ToJob(jobs.Find(id)!);
                    if (!message.Equals(last)) await responses.WriteAsync(message, token);
                    if (JobMapping.IsFinal(message)) watching.Remove(id);
                    else watching[id] = message;
                }

                await WaitAsync(changed, token);
            }
        });
    }

    private Reclassification Find(long id)
    {
        if (id <= 0) throw Invalid($"id must be a job id (a positive number; got {id}); ListJobs lists them.");
        return jobs.Find(id)
            ?? throw NotFound($"No re-classification job {id}: job ids are kept across restarts, so this one was never handed out (the newest is {jobs.LastId}).");
    }

    /// <summary>Until <paramref name="signal"/> completes or the progress interval passes.</summary>
    private async Task WaitAsync(Task signal, CancellationToken token)
    {
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(token);
        await Task.WhenAny(signal, Task.Delay(options.JobProgressInterval, time, delay.Token)).ConfigureAwait(false);
        await delay.CancelAsync().ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
    }

    /// <summary>Runs a stream until the caller leaves (it just ends) or the server stops (UNAVAILABLE, so clients reconnect).</summary>
    private async Task StreamAsync(ServerCallContext context, string reconnect, Func<CancellationToken, Task> stream)
    {
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await stream(watch.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"The server is shutting down; reconnect and {reconnect}."));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away or its deadline passed.
        }
    }
}
