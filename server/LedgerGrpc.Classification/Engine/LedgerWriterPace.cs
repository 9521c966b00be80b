using System.Diagnostics;

namespace LedgerGrpc.Classification.Engine;

/// <summary>When the ledger writer last committed (the engine tells it after each ledger batch), so a job storing in
/// steps can let a busy writer in between its steps.</summary>
internal sealed class LedgerWriterPace
{
    // Microsoft.Data.Sqlite retries a busy BEGIN every 150 ms: a writer that found the lock taken gets in within that.
    private static readonly TimeSpan WriterRetry = TimeSpan.FromMilliseconds(200);

    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastCommit;

    /// <summary>Completes at the next ledger batch commit.</summary>
    public Task NextCommit => Volatile.Read(ref _committed).Task;

    /// <summary>A ledger batch committed within the last second: the writer is taking writes now.</summary>
    public bool WriterActive =>
        Volatile.Read(ref _lastCommit) is var last && last != 0 && Stopwatch.GetElapsedTime(last) < TimeSpan.FromSeconds(1);

    /// <summary>A ledger batch committed.</summary>
    public void Committed()
    {
        Volatile.Write(ref _lastCommit, Stopwatch.GetTimestamp());
        Interlocked.Exchange(ref _committed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Until the writer commits a batch after <paramref name="committed"/> (<see cref="NextCommit"/>) was taken,
    /// or the driver's busy retry period passes (the writer had nothing waiting).</summary>
    public static async Task WaitForCommitAsync(Task committed, CancellationToken ct)
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
