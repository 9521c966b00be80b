using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Access.Authorization;

/// <summary>Writes the refused-call summary every interval and once more when the server stops.</summary>
public sealed partial class RefusedCallFlusher(RefusedCallLog log, IOptions<AccessOptions> options, ILogger<RefusedCallFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock time, not the ledger's clock: how often the summary is written is an operational rhythm, and a
        // ledger clock moved by days (a test's fake clock) would otherwise fire this timer once per interval skipped.
        using var timer = new PeriodicTimer(options.Value.RefusedCallSummaryInterval, TimeProvider.System);
        // Stopping disposes the timer, which ends the loop (WaitForNextTickAsync returns false). Cancelling the wait
        // instead completes it with an OperationCanceledException whose stack trace PeriodicTimer builds with file
        // and line numbers: every stop read the PDBs and threw it through this method.
        using var stopping = stoppingToken.Register(timer.Dispose);
        while (await timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await FlushAsync().ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    private async Task FlushAsync()
    {
        try
        {
            await log.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogFlushFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the refused-call summary to the audit log failed")]
    private partial void LogFlushFailed(Exception e);
}
