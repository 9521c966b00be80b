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
        Assert.Equal(["3", "1", "2"], model.Rows(100).Select(r => r.Key)); // the server's order
        Assert.Contains("page 1 of 3 · 120 members", model.Title, StringComparison.Ordinal);
        Assert.Contains("page 1 of 3 · 120 members", model.Title, StringComparison.Ordinal);
        Assert.True(model.Members.HasNext);

        Assert.True(model.Up());
        Assert.Equal(SegmentsLevel.Segments, model.Level);
        Assert.True(model.Up());
        Assert.False(model.Up());
    }

    [Fact]
    public void Sort_and_filter_go_to_the_server_and_start_again_at_the_first_page()
    {
        var model = Model();
        model.OpenDimension("value_tier");
        model.OpenSegment("high");
        Assert.Equal(new ListMembersRequest { Dimension = "value_tier", Segment = "high", PageSize = SegmentsModel.PageSize }, model.MembersRequest());
        model.SetMembers(new ListMembersResponse { CustomerIds = { 1, 2 }, Total = 120, NextPageToken = "t2" });
        Assert.True(model.Members.MoveNext());
        Assert.Equal("t2", model.MembersRequest().PageToken);

        model.CycleSort(); // name
        Assert.False(model.PageLoaded);
        Assert.Equal((MemberOrder.Name, false, ""), (model.MembersRequest().Order, model.MembersRequest().Descending, model.MembersRequest().PageToken));
        model.CycleSort(); // spend, largest first
        Assert.Equal((MemberOrder.Spend, true), (model.MembersRequest().Order, model.MembersRequest().Descending));
        model.SetMembers(new ListMembersResponse { CustomerIds = { 9, 4 }, Total = 120, NextPageToken = "s2" });
        model.Members.MoveNext();
        model.FlipDirection();
        Assert.Equal((MemberOrder.Spend, false, ""), (model.MembersRequest().Order, model.MembersRequest().Descending, model.MembersRequest().PageToken));
        model.CycleSort();
        Assert.Equal((MemberOrder.Outstanding, true), (model.MembersRequest().Order, model.MembersRequest().Descending));
        model.CycleSort();
        Assert.Equal((MemberOrder.Id, false), (model.MembersRequest().Order, model.MembersRequest().Descending));

        model.SetMembers(new ListMembersResponse { CustomerIds = { 1, 2 }, Total = 120, NextPageToken = "t2" });
        model.Members.MoveNext();
        Assert.True(model.SetFilter("acme"));
        Assert.Equal(("acme", ""), (model.MembersRequest().Filter, model.MembersRequest().PageToken));
        Assert.False(model.SetFilter("acme")); // unchanged: nothing to fetch
        model.SetMembers(new ListMembersResponse { CustomerIds = { 7 }, Total = 1 });
        Assert.Contains("1 match · sort Id ↑ · filter 'acme'", model.Title, StringComparison.Ordinal);
        Assert.Equal(["7"], model.Rows(100).Select(r => r.Key)); // not filtered again here: no details yet, no name to match
    }

    [Fact]
    public void Member_rows_show_the_details_in_the_server_order_and_other_levels_filter_locally()
    {
        var model = Model();
        model.OpenDimension("value_tier");
        Assert.False(model.SetFilter("lo")); // segments: filtered here
        Assert.Equal(["low"], model.Rows(100).Select(r => r.Key));
        model.SetFilter("");
        model.OpenSegment("high");
        model.SetMembers(new ListMembersResponse { CustomerIds = { 2, 1, 3 }, Total = 3 });
        model.SetMemberDetails(new Dictionary<long, Customer>
        {
            [1] = new() { Id = 1, Name = "赵涛", SalesTotalMinor = 500 },
            [2] = new() { Id = 2, Name = "Acme", SalesTotalMinor = 9000, RefundTotalMinor = 1000 },
            [3] = new() { Id = 3, Name = "Zed", SalesTotalMinor = 100, OutstandingMinor = 4200 },
        });

        var rows = model.Rows(100);
        Assert.Equal(["2", "1", "3"], rows.Select(r => r.Key));
        Assert.Contains("Acme", rows[0].Line, StringComparison.Ordinal);
        Assert.Contains("80.00", rows[0].Line, StringComparison.Ordinal);
        Assert.Contains("42.00", rows[2].Line, StringComparison.Ordinal);
    }
}
