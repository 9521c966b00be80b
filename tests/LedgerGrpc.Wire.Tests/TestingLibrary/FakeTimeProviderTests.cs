using LedgerGrpc.Testing;

namespace LedgerGrpc.Wire.Tests.TestingLibrary;

public sealed class FakeTimeProviderTests
{
    [Fact]
    public void Timers_fire_in_due_order_only_when_time_is_advanced()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var fired = new List<string>();
        using var late = time.CreateTimer(_ => fired.Add("late@" + (time.GetUtcNow() - start).TotalSeconds), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var periodic = time.CreateTimer(_ => fired.Add("tick@" + (time.GetUtcNow() - start).TotalSeconds), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(fired);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["tick@2", "tick@4", "late@5", "tick@6"], fired);
        Assert.Equal(start + TimeSpan.FromSeconds(6), time.GetUtcNow());
    }

    [Fact]
    public async Task Delays_and_cancellation_sources_follow_fake_time()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        var delay = Task.Delay(TimeSpan.FromSeconds(3), time);

        time.Advance(TimeSpan.FromSeconds(3));
        await delay;
        Assert.False(cts.IsCancellationRequested);

        time.Advance(TimeSpan.FromSeconds(7));
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public void Disposed_timer_does_not_fire_and_time_never_goes_back()
    {
        var time = new FakeTimeProvider();
        var fired = false;
        time.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan).Dispose();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(fired);
        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(time.GetUtcNow().AddSeconds(-1)));
    }
}
