using System.Diagnostics;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// A thread that calls plugins inline, without handing each call to a <see cref="PluginWorker"/>, because its owner
/// (<see cref="WatchedRanges"/>) watches every plugin call on it and abandons the thread when one overruns its budget.
/// Bulk work only (a full re-classification): the thread's results are thrown away when it is abandoned, so nothing
/// waits on a call that never returns. The hand-off per batch this saves was most of a plugin dimension's cost beside
/// the plugin's own code.
/// </summary>
internal sealed class WatchedThread
{
    [ThreadStatic]
    private static WatchedThread? _current;

    private readonly Lock _lock = new();
    private volatile Call? _call;
    private volatile bool _abandoned;

    public WatchedThread(string name, Action<WatchedThread> body)
    {
        Thread = new Thread(() =>
        {
            _current = this;
            body(this);
        })
        { IsBackground = true, Name = name };
    }

    /// <summary>The watched thread the caller is on; null on any other thread (plugin calls then go to a worker).</summary>
    public static WatchedThread? Current => _current;

    public Thread Thread { get; }

    /// <summary>True once the watchdog gave up on the thread: whatever it computes from then on is not used.</summary>
    public bool Abandoned => _abandoned;

    /// <summary>The range the thread is working on (for the watchdog to hand to another thread).</summary>
    public int Range { get; set; } = -1;

    /// <summary>When the plugin call in progress must be done (<see cref="Stopwatch"/> ticks); null between calls.</summary>
    public long? Deadline => _call?.Deadline;

    /// <summary>Runs one plugin call on this thread. False when the thread was abandoned meanwhile (the watchdog has
    /// called <paramref name="overran"/>; the call's answers must not be used).</summary>
    public bool Run(Action overran, Action work, TimeSpan budget, out Exception? error, out long allocatedBytes)
    {
        _call = new Call(overran, Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency));
        error = null;
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            work();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        _call = null;
        return !_abandoned;
    }

    /// <summary>Watchdog: when the plugin call in progress is past its deadline, abandons the thread (once) and
    /// returns what reports the overrun (quarantines the plugin) and the thread's range; otherwise null.</summary>
    public (Action Overran, int Range)? AbandonIfOverrun(long now)
    {
        lock (_lock)
        {
            if (_abandoned || _call is not { } call || now < call.Deadline) return null;
            _abandoned = true;
            // Wakes a plugin blocked in a wait or sleep; harmless for one computing.
            Thread.Interrupt();
            return (call.Overran, Range);
        }
    }

    /// <summary>The thread finished a range: true when its result counts (the watchdog has not abandoned it).</summary>
    public bool Complete(Action store)
    {
        lock (_lock)
        {
            if (_abandoned) return false;
            store();
            return true;
        }
    }

    private sealed record Call(Action Overran, long Deadline);
}
