using LedgerGrpc.Classification;
using LedgerGrpc.Classification.Engine;
using Microsoft.Extensions.Hosting;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>Re-classifies everyone periodically so time-driven changes (days since last purchase, days overdue,
/// population ranks, expired overrides) take effect without a write.</summary>
public sealed class SegmentSweeper(ClassificationEngine engine, ClassificationOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.SweepInterval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        // Stopping disposes the timer, ending the loop without the exception a cancelled wait throws (RefusedCallFlusher says why).
        using var stopping = stoppingToken.Register(timer.Dispose);
        while (await timer.WaitForNextTickAsync(CancellationToken.None))
        {
            var job = await engine.SweepAsync();
            await job.Completion.Task.WaitAsync(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
