using System.Diagnostics;

namespace LedgerGrpc.Classification.Engine;

// When the ledger writer last committed, so a job storing in steps can let a busy writer in between its steps.
public sealed partial class ClassificationEngine
{
    // Microsoft.Data.Sqlite retries a busy BEGIN every 150 ms: a writer that found the lock taken gets in within that.
    private static readonly TimeSpan WriterRetry = TimeSpan.FromMilliseconds(200);

    private TaskCompletionSource _ledgerCommitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastLedgerCommit;

    /// <summary>Completes at the next ledger batch commit.</summary>
    private Task LedgerCommittedSignal => Volatile.Read(ref _ledgerCommitted).Task;

    /// <summary>A ledger batch committed within the last second: the writer is taking writes now.</summary>
    private bool LedgerWriterActive =>
        Volatile.Read(ref _lastLedgerCommit) is var last && last != 0 && Stopwatch.GetElapsedTime(last) < TimeSpan.FromSeconds(1);

    private void LedgerCommitted()
    {
        Volatile.Write(ref _lastLedgerCommit, Stopwatch.GetTimestamp());
        Interlocked.Exchange(ref _ledgerCommitted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Until the writer commits a batch after <paramref name="committed"/> was taken, or the driver's busy
    /// retry period passes (the writer had nothing waiting).</summary>
    private static async Task WaitForLedgerCommitAsync(Task committed, CancellationToken ct)
    {
        try
        {
            await committed.WaitAsync(WriterRetry, ct);
        }
        catch (TimeoutException)
        {
            // No batch came: the writer was not waiting for the lock.
        }
    }
}
