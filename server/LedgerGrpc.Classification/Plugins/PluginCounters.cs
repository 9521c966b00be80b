namespace LedgerGrpc.Classification.Plugins;

/// <summary>Calls, errors and time per customer of one loaded plugin version. Thread-safe; times are kept for the last
/// <see cref="Window"/> calls (percentiles of recent behaviour, fixed memory).</summary>
public sealed class PluginCounters
{
    private const int Window = 1024;
    private readonly double[] _microsPerCustomer = new double[Window];
    private readonly Lock _lock = new();
    private long _calls;
    private long _errors;
    private long _timings;
    private string _lastError = "";
    private DateTime? _lastErrorAt;

    /// <summary>Customers classified (a batch of n counts n).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Customers the plugin failed for (exception, unknown segment, or a call abandoned).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public (string Message, DateTime? At) LastError
    {
        get
        {
            lock (_lock) return (_lastError, _lastErrorAt);
        }
    }

    internal void Record(int customers, TimeSpan elapsed)
    {
        Interlocked.Add(ref _calls, customers);
        if (customers <= 0) return;
        var slot = Interlocked.Increment(ref _timings) - 1;
        _microsPerCustomer[slot % Window] = elapsed.TotalMicroseconds / customers;
    }

    internal void Error(int customers, string message, DateTime at)
    {
        Interlocked.Add(ref _errors, customers);
        lock (_lock)
        {
            _lastError = message;
            _lastErrorAt = at;
        }
    }

    /// <summary>Time per customer at the given percentile (0-100) over recent calls, in microseconds.</summary>
    public double PercentileMicros(double percentile)
    {
        var count = (int)Math.Min(Interlocked.Read(ref _timings), Window);
        if (count == 0) return 0;
        var copy = _microsPerCustomer.AsSpan(0, count).ToArray();
        Array.Sort(copy);
        var rank = (int)Math.Ceiling(percentile / 100 * count) - 1;
        return copy[Math.Clamp(rank, 0, count - 1)];
    }
}
