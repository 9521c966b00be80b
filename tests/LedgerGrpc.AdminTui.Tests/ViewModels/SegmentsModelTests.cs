using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class SegmentsModelTests
{
    private static SegmentsModel Model()
    {
        var model = new SegmentsModel();
        model.SetDimensions([new Dimension { Name = "value_tier", Source = "workflow", WorkflowVersion = 3, Mode = "first_match", Segments = { new SegmentInfo { Key = "high" }, new SegmentInfo { Key = "low" } } }]);
        model.SetDistribution([new DimensionDistribution { Dimension = "value_tier", Segments = { new SegmentCount { Segment = "high", Customers = 25, TotalSpendMinor = 100_00 }, new SegmentCount { Segment = "low", Customers = 75 } } }]);
        return model;
    }

    [Fact]
    public void Drills_from_dimensions_to_segments_to_members_and_back_up()
    {
        var model = Model();
        Assert.Equal(["value_tier"], model.Rows(100).Select(r => r.Key));
        Assert.Contains("workflow v3", model.Rows(100)[0].Line, StringComparison.Ordinal);

        model.OpenDimension("value_tier");
        var segments = model.Rows(100);
        Assert.Equal(["high", "low"], segments.Select(r => r.Key));
        Assert.Contains("25.0%", segments[0].Line, StringComparison.Ordinal);
        Assert.Contains("100.00", segments[0].Line, StringComparison.Ordinal);

        model.OpenSegment("high");
        model.SetMembers(new ListMembersResponse { CustomerIds = { 3, 1, 2 }, Total = 120, NextPageToken = "n" });
        Assert.Equal(["1", "2", "3"], model.Rows(100).Select(r => r.Key));
        Assert.Contains("page 1 of 3 · 120 members", model.Title, StringComparison.Ordinal);
        Assert.True(model.Members.HasNext);

        Assert.True(model.Up());
        Assert.Equal(SegmentsLevel.Segments, model.Level);
        Assert.True(model.Up());
        Assert.False(model.Up());
    }

    [Fact]
    public void Members_sort_by_spend_and_filter_by_name_once_details_arrive()
    {
        var model = Model();
        model.OpenDimension("value_tier");
        model.OpenSegment("high");
        model.SetMembers(new ListMembersResponse { CustomerIds = { 1, 2, 3 }, Total = 3 });
        model.SetMemberDetails(new Dictionary<long, Customer>
        {
            [1] = new() { Id = 1, Name = "赵涛", SalesTotalMinor = 500 },
            [2] = new() { Id = 2, Name = "Acme", SalesTotalMinor = 9000, RefundTotalMinor = 1000 },
            [3] = new() { Id = 3, Name = "Zed", SalesTotalMinor = 100 },
        });

        model.CycleSort(); // name
        Assert.Equal(["2", "3", "1"], model.Rows(100).Select(r => r.Key));
        model.CycleSort(); // spend, largest first
        Assert.Equal(["2", "1", "3"], model.Rows(100).Select(r => r.Key));
        model.FlipDirection();
        Assert.Equal(["3", "1", "2"], model.Rows(100).Select(r => r.Key));

        model.Filter = "ac";
        Assert.Equal(["2"], model.Rows(100).Select(r => r.Key));
        Assert.Contains("filter 'ac'", model.Title, StringComparison.Ordinal);
    }
}
