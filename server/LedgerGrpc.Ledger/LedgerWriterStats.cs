namespace LedgerGrpc.Ledger;

/// <summary>
/// The writer's figures for an operator (GetServerStats), kept whether or not metrics are collected: queue depth,
/// totals since start, and per-second buckets of the last minute (commands committed, batches, commit time) from which
/// recent rates are read. The writer records once per batch; readers take the lock only to copy the buckets.
/// </summary>
public sealed class LedgerWriterStats(TimeProvider clock)
{
    /// <summary>Seconds of history kept (the sparkline's width).</summary>
    public const int HistorySeconds = 60;

    private readonly Lock _lock = new();
    private readonly long[] _second = new long[HistorySeconds];
    private readonly long[] _commands = new long[HistorySeconds];
    private readonly long[] _batches = new long[HistorySeconds];
    private readonly int[] _largestBatch = new int[HistorySeconds];
    private readonly double[] _commitSeconds = new double[HistorySeconds];
    private long _queueDepth;
    private long _commandsCommitted;
    private long _batchesCommitted;
    private long _batchesFailed;

    /// <summary>Commands queued and not yet taken into a batch.</summary>
    public long QueueDepth => Interlocked.Read(ref _queueDepth);

    public long CommandsCommitted => Interlocked.Read(ref _commandsCommitted);

    public long BatchesCommitted => Interlocked.Read(ref _batchesCommitted);

    public long BatchesFailed => Interlocked.Read(ref _batchesFailed);

    internal void Queued() => Interlocked.Increment(ref _queueDepth);

    internal void Taken(int count) => Interlocked.Add(ref _queueDepth, -count);

    internal void Failed() => Interlocked.Increment(ref _batchesFailed);

    internal void Committed(int commands, double commitSeconds)
    {
        Interlocked.Add(ref _commandsCommitted, commands);
        Interlocked.Increment(ref _batchesCommitted);
        var now = Now;
        lock (_lock)
        {
            var slot = Slot(now);
            _commands[slot] += commands;
            _batches[slot]++;
            _largestBatch[slot] = Math.Max(_largestBatch[slot], commands);
            _commitSeconds[slot] += commitSeconds;
        }
    }

    /// <summary>The last <paramref name="seconds"/> whole seconds before the current one, oldest first (the current
    /// second is still filling, so a rate read from it would dip).</summary>
    public IReadOnlyList<WriterSecond> Recent(int seconds = HistorySeconds)
    {
        seconds = Math.Clamp(seconds, 1, HistorySeconds - 1);
        var now = Now;
        var result = new WriterSecond[seconds];
        lock (_lock)
        {
            for (var i = 0; i < seconds; i++)
            {
                var second = now - seconds + i;
                var slot = (int)(second % HistorySeconds);
                result[i] = _second[slot] == second
                    ? new WriterSecond(_commands[slot], _batches[slot], _largestBatch[slot], _commitSeconds[slot])
                    : default;
            }
        }

        return result;
    }

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The bucket of <paramref name="second"/>, emptied first when it last held an older second.</summary>
    private int Slot(long second)
    {
        var slot = (int)(second % HistorySeconds);
        if (_second[slot] != second)
        {
            _second[slot] = second;
            _commands[slot] = 0;
            _batches[slot] = 0;
            _largestBatch[slot] = 0;
            _commitSeconds[slot] = 0;
        }

        return slot;
    }
}

/// <summary>One second of the writer's work: commands committed, batches, the largest batch and the time spent committing.</summary>
public readonly record struct WriterSecond(long Commands, long Batches, int LargestBatch, double CommitSeconds);
