using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// A whole-ledger loop with plugins in it (a full re-classification): the index ranges run on
/// <see cref="WatchedThread"/>s that call plugins inline, while the calling thread is their watchdog. A plugin call
/// over its budget gets the plugin quarantined (as a worker's overrun does), its thread abandoned and its range
/// computed again on a new thread (the plugin no longer answers there: its customers keep their segments).
/// </summary>
internal static class WatchedRanges
{
    // How often the watchdog looks at calls that started after its last look: an overrun is found at most this late.
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs <paramref name="body"/> over [0, <paramref name="count"/>) in ranges of
    /// <paramref name="rangeSize"/> on up to <paramref name="threads"/> threads; each range's result in range order.
    /// An exception from a body that was not abandoned is rethrown here, after the other threads stop.</summary>
    public static T[] Run<T>(int count, int rangeSize, int threads, Func<int, int, T> body, CancellationToken ct)
    {
        var ranges = count == 0 ? 0 : ((count - 1) / rangeSize) + 1;
        var results = new T[ranges];
        if (ranges == 0) return results;
        var pending = new ConcurrentQueue<int>(Enumerable.Range(0, ranges));
        var live = new List<WatchedThread>();
        using var allDone = new ManualResetEventSlim(false);
        var running = 0;
        ExceptionDispatchInfo? failure = null;

        void Work(WatchedThread self)
        {
            try
            {
                while (failure is null && !ct.IsCancellationRequested && pending.TryDequeue(out var range))
                {
                    self.Range = range;
                    var from = range * rangeSize;
                    var result = body(from, Math.Min(count, from + rangeSize));
                    if (!self.Complete(() => results[range] = result)) return;
                }
            }
            catch (Exception ex) when (!self.Abandoned)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
            }
            catch (Exception)
            {
                // An abandoned thread's exception (often the interrupt that woke it) is nobody's concern.
                return;
            }

            if (Interlocked.Decrement(ref running) == 0) allDone.Set();
        }

        void Start()
        {
            var thread = new WatchedThread("plugin re-classification", Work);
            lock (live) live.Add(thread);
            Interlocked.Increment(ref running);
            thread.Thread.Start();
        }

        for (var i = 0; i < Math.Max(1, Math.Min(threads, ranges)); i++) Start();
        while (!allDone.Wait(NextLook(live)))
        {
            var now = Stopwatch.GetTimestamp();
            WatchedThread[] watched;
            lock (live) watched = [.. live];
            foreach (var thread in watched)
            {
                if (thread.AbandonIfOverrun(now) is not { } overrun) continue;
                overrun.Overran();
                lock (live) live.Remove(thread);
                // The abandoned thread no longer counts as running; its range goes to a new one.
                pending.Enqueue(overrun.Range);
                Start();
                if (Interlocked.Decrement(ref running) == 0) allDone.Set();
            }
        }

        failure?.Throw();
        ct.ThrowIfCancellationRequested();
        return results;
    }

    /// <summary>Until the earliest deadline of a call in progress, but no longer than <see cref="Look"/>.</summary>
    private static TimeSpan NextLook(List<WatchedThread> live)
    {
        var now = Stopwatch.GetTimestamp();
        var wait = Look;
        lock (live)
        {
            foreach (var thread in live)
            {
                if (thread.Deadline is { } deadline)
                {
                    var left = Stopwatch.GetElapsedTime(now, deadline);
                    if (left < wait) wait = left;
                }
            }
        }

        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
    }
}
