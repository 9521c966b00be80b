using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class DashboardModelTests
{
    [Fact]
    public void With_server_figures_the_pane_shows_version_uptime_queue_writes_sparkline_and_running_jobs()
    {
        var model = new DashboardModel { Health = "SERVING" };
        model.Stats = new ServerStats
        {
            Version = "1.2.3+abc", Uptime = Duration.FromTimeSpan(TimeSpan.FromMinutes(135)), Customers = 1_000_000, Dimensions = 9,
            Writer = new WriterStats { QueueDepth = 17, WritesPerSecond = 1234.5, WritesPerSecondHistory = { 0, 100, 500, 1_000, 2_000 } },
            Classification = new ClassificationStats { State = "ready", ActiveJobs = { JobsModelTests.Job(12, "running", 250) } },
        };

        var lines = model.ServerLines(120, "http://127.0.0.1:5100/", "● connected", disconnected: false, [], jobLines: 2);
        Assert.Equal("health SERVING · version 1.2.3+abc · up 2h 15m · http://127.0.0.1:5100/ · ● connected", lines[0]);
        Assert.StartsWith("customers 1,000,000 · dimensions 9 · writer queue 17 · 1,234 writes/s ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" ▁▂▄█", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("#12 publish value_tier v4", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Count);

        // A job this session started and the server no longer lists as active still shows how it ended.
        var withSession = model.ServerLines(120, "s", "c", false, [new Reclassification { Id = 11, Dimension = "value_tier", WorkflowVersion = 3, Processed = 10, Total = 10, Done = true }, new Reclassification { Id = 12 }], 2);
        Assert.Equal(4, withSession.Count);
        Assert.StartsWith("job #11 value_tier v3", withSession[3], StringComparison.Ordinal);
        Assert.EndsWith("done", withSession[3], StringComparison.Ordinal);
        Assert.All(model.ServerLines(80, "http://127.0.0.1:5100/", "● connected", false, [], 2), l => Assert.True(l.Length <= 80, l));

        // Disconnected: health unknown, the last figures stay.
        Assert.StartsWith("health ? ·", model.ServerLines(120, "s", "✕ disconnected", disconnected: true, [], 2)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_server_figures_it_counts_from_the_distribution_and_shows_this_sessions_jobs()
    {
        var model = new DashboardModel { Health = "SERVING" };
        model.SetDistribution([new DimensionDistribution { Dimension = "value_tier", Segments = { new SegmentCount { Segment = "a", Customers = 30 }, new SegmentCount { Segment = "b", Customers = 10 } } }]);
        var lines = model.ServerLines(100, "srv", "● connected", false, [new Reclassification { Id = 3, Dimension = "value_tier", WorkflowVersion = 2, Processed = 5, Total = 10 }], 1);
        Assert.Equal("health SERVING · srv · ● connected", lines[0]);
        Assert.Equal("customers 40 · dimensions 1", lines[1]);
        Assert.StartsWith("job #3 value_tier v2", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.0+9313fa32ca5c70595ae22e7774a62be3ba2360df", "1.0.0+9313fa3")]
    [InlineData("1.0.0+abc", "1.0.0+abc")]
    [InlineData("2.1.0", "2.1.0")]
    public void A_commit_hash_in_the_version_is_shortened(string version, string expected) => Assert.Equal(expected, DashboardModel.ShortVersion(version));

    [Theory]
    [InlineData(59, "0m 59s")]
    [InlineData(3_600 + 120, "1h 02m")]
    [InlineData(86_400 * 3 + 3_600 * 5, "3d 5h")]
    public void Uptime_is_short(int seconds, string expected) => Assert.Equal(expected, DashboardModel.Uptime(TimeSpan.FromSeconds(seconds)));
}
