using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Classification.Tests.Engine;

public sealed class ChangeFeedTests
{
    private readonly List<SegmentChange> _log = [];

    private ChangeFeed CreateFeed() => new((after, limit) =>
    {
        lock (_log) return [.. _log.Where(c => c.Sequence > after).Take(limit)];
    });

    private List<SegmentChange> Commit(int count, string dimension = "d")
    {
        lock (_log)
        {
            var start = _log.Count;
            var changes = Enumerable.Range(start + 1, count)
                .Select(i => new SegmentChange(i, i, dimension, "a", "b", DateTime.UnixEpoch, ChangeCause.Write, 1, "r")).ToList();
            _log.AddRange(changes);
            return changes;
        }
    }

    [Fact]
    public async Task A_watcher_catches_up_from_the_log_then_follows_live_changes_without_gaps()
    {
        var feed = CreateFeed();
        feed.Publish(Commit(5));
        using var cts = new CancellationTokenSource();
        var seen = new List<long>();
        var enumerator = feed.WatchAsync(2, _ => true, cts.Token).GetAsyncEnumerator(cts.Token);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
            seen.Add(enumerator.Current.Sequence);
        }

        feed.Publish(Commit(2));
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
            seen.Add(enumerator.Current.Sequence);
        }

        Assert.Equal([3, 4, 5, 6, 7], seen);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_the_live_buffer_goes_back_to_the_log_and_misses_nothing()
    {
        var feed = CreateFeed();
        using var cts = new CancellationTokenSource();
        var enumerator = feed.WatchAsync(0, c => c.Sequence % 2 == 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = enumerator.MoveNextAsync();
        // Far more than the live buffer holds, committed while the watcher is not reading.
        for (var i = 0; i < 10; i++) feed.Publish(Commit(1000));
        var seen = new List<long>();
        Assert.True(await first);
        seen.Add(enumerator.Current.Sequence);
        while (seen[^1] < 10_000)
        {
            Assert.True(await enumerator.MoveNextAsync());
            seen.Add(enumerator.Current.Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 5000).Select(i => (long)i * 2), seen);
        await cts.CancelAsync();
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task A_watcher_that_overflowed_gets_no_live_change_past_the_gap_even_after_draining_some()
    {
        // Deterministic form of a race seen under load: the buffer overflows, the watcher drains a few changes, and
        // the next commit fits again. Delivering it live would skip the changes that did not fit.
        var feed = CreateFeed();
        using var cts = new CancellationTokenSource();
        var enumerator = feed.WatchAsync(0, _ => true, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = enumerator.MoveNextAsync();
        feed.Publish(Commit(5000));
        var seen = new List<long>();
        Assert.True(await first);
        seen.Add(enumerator.Current.Sequence);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
            seen.Add(enumerator.Current.Sequence);
        }

        feed.Publish(Commit(5));
        while (seen[^1] < 5005)
        {
            Assert.True(await enumerator.MoveNextAsync());
            seen.Add(enumerator.Current.Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 5005).Select(i => (long)i), seen);
        await cts.CancelAsync();
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task After_a_restart_a_watcher_asking_for_new_changes_gets_only_those()
    {
        Commit(50);
        var feed = CreateFeed();
        feed.StartAfter(50);
        using var cts = new CancellationTokenSource();
        var enumerator = feed.WatchAsync(0, _ => true, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = enumerator.MoveNextAsync();
        feed.Publish(Commit(1));

        Assert.True(await next);
        Assert.Equal(51, enumerator.Current.Sequence);
        await cts.CancelAsync();
        await enumerator.DisposeAsync();
    }
}
