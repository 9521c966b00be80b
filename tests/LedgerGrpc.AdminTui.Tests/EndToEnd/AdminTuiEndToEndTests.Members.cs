using System.Text.RegularExpressions;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>Members sorted and filtered by the server over the whole segment; customer search by a phone written
/// differently from the way it was stored.</summary>
public sealed partial class AdminTuiEndToEndTests
{
    [Fact]
    public async Task Members_sort_and_filter_over_the_whole_segment_at_120x40()
    {
        var invoker = fixture.Server.Connect();
        var segments = new Segments.SegmentsClient(invoker);
        var ledger = new CustomerLedger.CustomerLedgerClient(invoker);
        // The largest segment of a dimension the other tests do not publish or override.
        var (dimension, segment) = (await segments.GetDistributionAsync(new GetDistributionRequest()))
            .Dimensions.Where(d => d.Dimension is "industry" or "region" or "size")
            .SelectMany(d => d.Segments.Select(s => (d.Dimension, s.Segment, s.Customers)))
            .MaxBy(s => s.Customers) is var (d, s, _) ? (d, s) : default;
        async Task<ListMembersResponse> First(MemberOrder order, bool descending, string filter = "", int size = 1) =>
            await segments.ListMembersAsync(new ListMembersRequest { Dimension = dimension, Segment = segment, PageSize = size, Order = order, Descending = descending, Filter = filter });

        using var tui = Open(120, 40, "segments", dimension, segment);
        var byId = await tui.WaitForAsync(s => s.Contains("members · sort Id ↑", StringComparison.Ordinal) && MemberLine().IsMatch(s), "the first page by id");
        Assert.Equal((await First(MemberOrder.Id, false)).CustomerIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture), MemberLine().Match(byId).Groups[1].Value);

        tui.Type("s");
        var firstByName = (await First(MemberOrder.Name, false)).CustomerIds[0];
        await tui.WaitForAsync(s => s.Contains("sort Name ↑", StringComparison.Ordinal) && FirstMember(s) == firstByName, $"#{firstByName} first by name");

        tui.Type("s");
        var biggestSpender = (await First(MemberOrder.Spend, true)).CustomerIds[0];
        var spend = await tui.WaitForAsync(s => s.Contains("sort Spend ↓", StringComparison.Ordinal) && FirstMember(s) == biggestSpender, $"#{biggestSpender} first by spend");
        Assert.Contains("page 1 of", spend, StringComparison.Ordinal);

        // The member listed last by id is very likely not on the first page: the filter finds it anyway.
        var last = (await First(MemberOrder.Id, true)).CustomerIds[0];
        var name = (await ledger.GetCustomerAsync(new GetCustomerRequest { Id = last })).Name;
        var matches = await First(MemberOrder.Spend, true, name, 50);
        tui.Type("/");
        await tui.WaitForAsync(s => Regex.IsMatch(s, @"^/", RegexOptions.Multiline), "the filter prompt");
        tui.Type(name);
        tui.Keys("Enter");
        var filtered = await tui.WaitForAsync(
            s => s.Contains($"{matches.Total} match · sort Spend ↓ · filter '{name}'", StringComparison.Ordinal) && s.Contains($"#{last} ", StringComparison.Ordinal),
            $"#{last} found by its name over the whole segment");
        Assert.Equal(matches.CustomerIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), MemberLine().Matches(filtered).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task Customer_search_finds_a_phone_written_with_a_country_code_and_dashes_at_80x24()
    {
        var customer = await new CustomerLedger.CustomerLedgerClient(fixture.Server.Connect()).GetCustomerAsync(new GetCustomerRequest { Id = 12 });
        Assert.Matches(@"^\d{11}$", customer.Phone);
        var written = $"+86-{customer.Phone[..3]}-{customer.Phone[3..7]}-{customer.Phone[7..]}";

        using var tui = Open(80, 24, "customer", written);
        var found = await tui.WaitForAsync(s => Regex.IsMatch(s, $@"#12\s+\S.*{customer.Phone}"), "customer 12 found by its phone");
        Assert.DoesNotContain("no customer matches", found, StringComparison.Ordinal);
    }

    private static long FirstMember(string screen) => MemberLine().Match(screen) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
}
