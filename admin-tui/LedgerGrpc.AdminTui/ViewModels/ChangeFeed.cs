using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// The live feed of segment changes, summarised: the stream thread only counts and keeps the newest few changes, and
/// the screen takes a snapshot a few times a second. So 10,000+ changes a second cost a counter increment each and
/// never reach the UI thread one by one.
/// </summary>
public sealed class ChangeFeed(TimeProvider time, int keep = 200, int historySeconds = 120)
{
    private readonly Lock _gate = new();
    private readonly Queue<SegmentChange> _recent = new();
    private readonly Queue<(long Second, long Count)> _perSecond = new();
    private readonly Dictionary<string, long> _byCause = [];
    private long _total;
    private long _lastSequence;
    private long _currentSecond = -1;
    private long _currentCount;

    public void Add(SegmentChange change)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            _total++;
            _lastSequence = Math.Max(_lastSequence, change.Sequence);
            _byCause[change.Cause] = _byCause.GetValueOrDefault(change.Cause) + 1;
            if (second != _currentSecond)
            {
                CloseSecond(second);
            }

            _currentCount++;
            _recent.Enqueue(change);
            while (_recent.Count > keep)
            {
                _recent.Dequeue();
            }
        }
    }

    /// <summary>The sequence to resume after when the stream has to be reopened.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    public FeedSnapshot Snapshot(int recent)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (now != _currentSecond)
            {
                CloseSecond(now);
            }

            // Changes per whole second, oldest first, with the seconds nothing happened in as zeros.
            var history = new double[historySeconds];
            foreach (var (second, count) in _perSecond)
            {
                var index = historySeconds - 1 - (int)(now - 1 - second);
                if (index >= 0 && index < historySeconds)
                {
                    history[index] = count;
                }
            }

            return new FeedSnapshot(_total, history[^1], history, _recent.Reverse().Take(recent).ToList(), new Dictionary<string, long>(_byCause));
        }
    }

    private void CloseSecond(long second)
    {
        if (_currentSecond >= 0 && _currentCount > 0)
        {
            _perSecond.Enqueue((_currentSecond, _currentCount));
        }

        while (_perSecond.Count > 0 && _perSecond.Peek().Second < second - historySeconds)
        {
            _perSecond.Dequeue();
        }

        _currentSecond = second;
        _currentCount = 0;
    }
}

/// <param name="LastSecond">Changes in the last whole second.</param>
/// <param name="History">Changes per second, oldest first, ending with the last whole second.</param>
/// <param name="Recent">Newest first.</param>
public sealed record FeedSnapshot(long Total, double LastSecond, IReadOnlyList<double> History, IReadOnlyList<SegmentChange> Recent, IReadOnlyDictionary<string, long> ByCause);
