using LedgerGrpc.AdminTui.ViewModels;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class AuditFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Terms_fill_the_request_and_print_back_as_typed()
    {
        var (filter, error) = AuditFilter.Parse("actor:key:ingest action:PublishWorkflow entity:Workflow/value_tier from:2026-12-06 to:2026-12-06T18:30", Now);
        Assert.Equal("", error);
        var request = filter!.ToRequest(50, "tok");
        Assert.Equal(("key:ingest", "PublishWorkflow", "Workflow", "value_tier", 50, "tok"), (request.Actor, request.Action, request.EntityType, request.Entity, request.PageSize, request.PageToken));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), request.From.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 18, 30, 0, TimeSpan.Zero), request.To.ToDateTimeOffset());
        Assert.Equal("actor:key:ingest action:PublishWorkflow entity:Workflow/value_tier from:2026-12-06T00:00:00 to:2026-12-06T18:30:00", filter.ToString());
        Assert.Equal(filter, AuditFilter.Parse(filter.ToString(), Now).Filter);
    }

    [Fact]
    public void A_term_without_a_known_name_is_an_actor_since_counts_back_from_now_and_empty_is_everything()
    {
        Assert.Equal("jwt:carol", AuditFilter.Parse("jwt:carol", Now).Filter!.Actor);
        var filter = AuditFilter.Parse("admin:alice since:2h type:Customer", Now).Filter!;
        Assert.Equal(("admin:alice", "Customer", ""), (filter.Actor, filter.EntityType, filter.Entity));
        Assert.Equal(Now.AddHours(-2), filter.From);
        Assert.Null(filter.To);
        Assert.Equal(Now.AddDays(-7), AuditFilter.Parse("since:7d", Now).Filter!.From);
        Assert.Equal(Now.AddMinutes(-30), AuditFilter.Parse("since:30m", Now).Filter!.From);
        Assert.Equal(AuditFilter.None, AuditFilter.Parse("  ", Now).Filter);
        var all = AuditFilter.None.ToRequest(100, "");
        Assert.Null(all.From);
        Assert.Equal("", all.Actor);
    }

    [Theory]
    [InlineData("actor:", "'actor:' has no value: e.g. actor:…")]
    [InlineData("since:2w", "'since:2w': since takes minutes, hours or days, e.g. since:30m, since:2h, since:7d")]
    [InlineData("since:0h", "'since:0h': since takes minutes, hours or days, e.g. since:30m, since:2h, since:7d")]
    [InlineData("from:yesterday", "'from:yesterday': from takes a UTC time like 2026-12-06 or 2026-12-06T08:00")]
    [InlineData("from:2026-12-07 to:2026-12-06", "to: must be after from: (or since:)")]
    public void A_term_that_cannot_be_read_is_named(string text, string error)
    {
        var (filter, message) = AuditFilter.Parse(text, Now);
        Assert.Null(filter);
        Assert.Equal(error, message);
    }
}
