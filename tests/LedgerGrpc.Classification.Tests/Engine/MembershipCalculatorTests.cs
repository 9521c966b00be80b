using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Engine;

public sealed class MembershipCalculatorTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly ClassifierSnapshot Snapshot = new(
    [
        DimensionCompiler.Compile("""{ "WorkflowName": "tier", "DefaultSegment": "low", "Rules": [ { "RuleName": "Rich", "SuccessEvent": "high", "Expression": "customer.TotalSpend >= 100" } ] }""", 2).Dimension!,
        DimensionCompiler.Compile("""{ "WorkflowName": "tags", "ClassificationMode": "MultiMatch", "Rules": [ { "RuleName": "Vip", "SuccessEvent": "vip", "Expression": "customer.Tags.Contains(\"vip\")" }, { "RuleName": "East", "SuccessEvent": "east", "Expression": "customer.Region == \"East\"" } ] }""", 1).Dimension!,
    ]);

    [Fact]
    public void First_classification_enters_every_dimension_from_nothing()
    {
        var after = MembershipCalculator.Compute(Snapshot, new CustomerFeatures { Region = "East" }, [], _ => null, T0);
        var changes = MembershipCalculator.Diff(1, [], after, ChangeCause.Initial, T0);

        Assert.Equal([("tags", "", "east"), ("tier", "", "low")], changes.Select(c => (c.Dimension, c.From, c.To)).Order());
        Assert.All(after, m => Assert.Equal(T0, m.Since));
    }

    [Fact]
    public void First_classification_lists_entries_dimension_by_dimension_whatever_the_order_given()
    {
        var tier = new Membership("tier", "low", "Default", 2, T0);
        var vip = new Membership("tags", "vip", "Vip", 1, T0);
        var east = new Membership("tags", "east", "East", 1, T0);

        Assert.Equal([("tier", "low", "Default"), ("tags", "vip", "Vip"), ("tags", "east", "East")],
            MembershipCalculator.Diff(1, [], [tier, vip, east], ChangeCause.Initial, T0).Select(c => (c.Dimension, c.To, c.Rule)));
        // Not grouped by dimension (not what Compute makes): still one dimension's entries together.
        Assert.Equal([("tags", "vip", "Vip"), ("tags", "east", "East"), ("tier", "low", "Default")],
            MembershipCalculator.Diff(1, [], [vip, tier, east], ChangeCause.Initial, T0).Select(c => (c.Dimension, c.To, c.Rule)));
        Assert.All(MembershipCalculator.Diff(1, [], [tier, vip, east], ChangeCause.Initial, T0), c => Assert.Equal("", c.From));
    }

    [Fact]
    public void A_move_is_one_change_and_unchanged_memberships_keep_their_since()
    {
        var before = MembershipCalculator.Compute(Snapshot, new CustomerFeatures { Region = "East" }, [], _ => null, T0);
        var later = T0.AddDays(3);
        var after = MembershipCalculator.Compute(Snapshot, new CustomerFeatures { Region = "East", TotalSpend = 150, Tags = ["vip"] }, before, _ => null, later);
        var changes = MembershipCalculator.Diff(1, before, after, ChangeCause.Write, later);

        Assert.Equal([("tags", "", "vip"), ("tier", "low", "high")], changes.Select(c => (c.Dimension, c.From, c.To)).Order());
        Assert.Equal("Rich", changes.Single(c => c.Dimension == "tier").Rule);
        Assert.Equal(2, changes.Single(c => c.Dimension == "tier").WorkflowVersion);
        Assert.Equal(T0, after.Single(m => m.Segment == "east").Since);
        Assert.Equal(later, after.Single(m => m.Segment == "high").Since);
        Assert.False(MembershipCalculator.SameAssignments(before, after));
        Assert.True(MembershipCalculator.SameAssignments(after, MembershipCalculator.Compute(Snapshot, new CustomerFeatures { Region = "East", TotalSpend = 150, Tags = ["vip"] }, after, _ => null, later.AddDays(1))));
    }

    [Fact]
    public void A_new_version_that_agrees_leaves_the_customer_alone_and_one_that_moves_it_stamps_the_move()
    {
        var richer = Snapshot.With(DimensionCompiler.Compile(
            """{ "WorkflowName": "tier", "DefaultSegment": "low", "Rules": [ { "RuleName": "Rich", "SuccessEvent": "high", "Expression": "customer.TotalSpend >= 1000" } ] }""", 3).Dimension!);
        var poor = MembershipCalculator.Compute(Snapshot, new CustomerFeatures { TotalSpend = 50 }, [], _ => null, T0);
        var rich = MembershipCalculator.Compute(Snapshot, new CustomerFeatures { TotalSpend = 500 }, [], _ => null, T0);

        // Still low under version 3: nothing to store, the same array is kept (version 2 stays as the one that put it there).
        var poorAfter = MembershipCalculator.Compute(richer, new CustomerFeatures { TotalSpend = 50 }, poor, _ => null, T0.AddDays(1));
        Assert.Same(poor, poorAfter);
        Assert.True(MembershipCalculator.SameAssignments(poor, poorAfter));

        // Moved high → low by version 3: the change and the new membership carry version 3.
        var richAfter = MembershipCalculator.Compute(richer, new CustomerFeatures { TotalSpend = 500 }, rich, _ => null, T0.AddDays(1));
        var move = MembershipCalculator.Diff(2, rich, richAfter, ChangeCause.Publish, T0.AddDays(1)).Single(c => c.Dimension == "tier");
        Assert.Equal(("high", "low", 3), (move.From, move.To, move.WorkflowVersion));
        Assert.Equal(3, richAfter.Single(m => m.Dimension == "tier").WorkflowVersion);
    }

    [Fact]
    public void An_active_override_wins_and_an_expired_one_gives_way()
    {
        var manual = new ManualOverride(1, "tier", "strategic", "Board decision", "ops", T0, T0.AddDays(10));
        var during = MembershipCalculator.Compute(Snapshot, new CustomerFeatures(), [], d => d == "tier" ? manual : null, T0.AddDays(1));
        var after = MembershipCalculator.Compute(Snapshot, new CustomerFeatures(), during, d => d == "tier" ? manual : null, T0.AddDays(11));

        Assert.Equal(("strategic", "override", true), during.Where(m => m.Dimension == "tier").Select(m => (m.Segment, m.Rule, m.Overridden)).Single());
        Assert.Equal("low", after.Single(m => m.Dimension == "tier").Segment);
    }

    [Fact]
    public void Leaving_a_dimension_is_a_change_to_nothing()
    {
        var before = MembershipCalculator.Compute(Snapshot, new CustomerFeatures(), [], _ => null, T0);
        var changes = MembershipCalculator.Diff(1, before, [], ChangeCause.Publish, T0);

        Assert.Equal([("tier", "low", "")], changes.Select(c => (c.Dimension, c.From, c.To)));
    }
}
