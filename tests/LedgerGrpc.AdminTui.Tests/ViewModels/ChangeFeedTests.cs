using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;
using Microsoft.Extensions.Time.Testing;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class ChangeFeedTests
{
    private static SegmentChange Change(long sequence, string cause = "write")
        => new() { Sequence = sequence, CustomerId = sequence, Dimension = "value_tier", FromSegment = "low", ToSegment = "high", Cause = cause, At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)) };

    [Fact]
    public void Counts_per_second_keeps_only_the_newest_changes_and_the_resume_point()
    {
        var time = new FakeTimeProvider();
        var feed = new ChangeFeed(time, keep: 3, historySeconds: 10);
        for (var i = 1; i <= 10_000; i++)
        {
            feed.Add(Change(i, i % 2 == 0 ? "publish" : "write"));
        }

        time.Advance(TimeSpan.FromSeconds(1));
        feed.Add(Change(10_001));
        time.Advance(TimeSpan.FromSeconds(1));

        var snapshot = feed.Snapshot(recent: 5);
        Assert.Equal(10_001, snapshot.Total);
        Assert.Equal(1, snapshot.LastSecond);
        Assert.Equal([10_000.0, 1.0], snapshot.History.TakeLast(2));
        Assert.Equal([10_001L, 10_000, 9_999], snapshot.Recent.Select(c => c.Sequence));
        Assert.Equal(5_000, snapshot.ByCause["publish"]);
        Assert.Equal(10_001, feed.LastSequence);
    }

    [Fact]
    public void Quiet_seconds_are_zeros_and_old_seconds_fall_out_of_the_history()
    {
        var time = new FakeTimeProvider();
        var feed = new ChangeFeed(time, historySeconds: 5);
        feed.Add(Change(1));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal([0.0, 1, 0, 0], feed.Snapshot(1).History.TakeLast(4));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.All(feed.Snapshot(1).History, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Feed_lines_summarise_and_fit_the_pane()
    {
        var time = new FakeTimeProvider();
        var feed = new ChangeFeed(time);
        feed.Add(Change(7, "publish"));
        var lines = DashboardModel.FeedLines(feed.Snapshot(10), 40, 10);
        Assert.StartsWith("0.0 changes/s · 1 since opened", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("12:00:00 publish #7 value_tier low→high", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= 40, l));
    }
}
