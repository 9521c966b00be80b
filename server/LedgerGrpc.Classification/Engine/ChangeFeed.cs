using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// Delivers committed membership changes to watchers. A watcher first catches up from the stored change log, then
/// follows live changes; one that falls too far behind is moved back to the log, so it never misses a change and
/// the server never buffers without bound for a slow reader.
/// </summary>
public sealed class ChangeFeed(Func<long, int, List<SegmentChange>> readStoredAfter)
{
    private const int LiveBuffer = 4096;
    private const int CatchUpPage = 1000;
    private readonly Lock _lock = new();
    private readonly List<Subscriber> _subscribers = [];
    private long _lastPublished;

    private int _watchers;

    public long LastSequence => Interlocked.Read(ref _lastPublished);

    /// <summary>Watchers connected now (catching up from the log or following live changes).</summary>
    public int Watchers => Volatile.Read(ref _watchers);

    /// <summary>Sets where "only new changes" starts after a restart (the last stored sequence).</summary>
    public void StartAfter(long sequence)
    {
        lock (_lock) Interlocked.Exchange(ref _lastPublished, Math.Max(_lastPublished, sequence));
    }

    /// <summary>Called after commit with the changes in sequence order.</summary>
    public void Publish(IReadOnlyList<SegmentChange> changes)
    {
        if (changes.Count == 0) return;
        lock (_lock)
        {
            Interlocked.Exchange(ref _lastPublished, Math.Max(_lastPublished, changes[^1].Sequence));
            foreach (var subscriber in _subscribers)
            {
                // An overflowed watcher gets nothing more live: it will reread the log from its cursor, and a later
                // change that fits again (after it drained some) would otherwise reach it past the ones that did not.
                if (subscriber.Overflowed) continue;
                foreach (var change in changes)
                {
                    if (!subscriber.Channel.Writer.TryWrite(change))
                    {
                        subscriber.Overflowed = true;
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Every change after <paramref name="afterSequence"/> (0: only changes from now on) matching the filter,
    /// in order, until cancelled.</summary>
    public async IAsyncEnumerable<SegmentChange> WatchAsync(long afterSequence, Func<SegmentChange, bool> filter, [EnumeratorCancellation] CancellationToken ct)
    {
        var cursor = afterSequence > 0 ? afterSequence : LastSequence;
        ClassificationTelemetry.Watchers.Add(1);
        Interlocked.Increment(ref _watchers);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var subscriber = new Subscriber();
                lock (_lock) _subscribers.Add(subscriber);
                try
                {
                    // Catch up from the log; anything committed meanwhile is also in the live buffer and skipped there.
                    while (true)
                    {
                        var page = readStoredAfter(cursor, CatchUpPage);
                        foreach (var change in page)
                        {
                            cursor = change.Sequence;
                            if (filter(change)) yield return change;
                        }

                        if (page.Count < CatchUpPage) break;
                    }

                    await foreach (var change in subscriber.Channel.Reader.ReadAllAsync(ct))
                    {
                        if (change.Sequence <= cursor) continue;
                        cursor = change.Sequence;
                        if (filter(change))
                        {
                            ClassificationTelemetry.WatcherLag.Record(LastSequence - change.Sequence);
                            yield return change;
                        }

                        if (subscriber.Overflowed && subscriber.Channel.Reader.Count == 0) break;
                    }
                }
                finally
                {
                    lock (_lock) _subscribers.Remove(subscriber);
                }
            }
        }
        finally
        {
            ClassificationTelemetry.Watchers.Add(-1);
            Interlocked.Decrement(ref _watchers);
        }
    }

    private sealed class Subscriber
    {
        public Channel<SegmentChange> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<SegmentChange>(
            new BoundedChannelOptions(LiveBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public volatile bool Overflowed;
    }
}
