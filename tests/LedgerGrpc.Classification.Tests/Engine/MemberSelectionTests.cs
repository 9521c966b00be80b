using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Tests.Engine;

/// <summary>Every order and direction, with and without a filter, paged through a segment: the pages join up to exactly
/// the segment sorted and filtered by LINQ (the oracle), and total counts the matches.</summary>
public sealed class MemberSelectionTests
{
    private static readonly FeatureCalculator Calculator = new();
    private static readonly DateTime At = new(2026, 6, 30, 0, 0, 0, DateTimeKind.Utc);
    // Names that tie on their first four characters (Alph…, 上海星辰…) need the whole name compared.
    private static readonly string[] Names = ["Alpha", "alpha", "Bravo 贸易", "上海星辰", "上海星辰贸易", "上海星辰科技", "charlie", "Delta|pipe", "", "ALPHA co", "Alphabet", "Alph"];

    public static TheoryData<MemberOrder, bool, string, int> Queries()
    {
        var data = new TheoryData<MemberOrder, bool, string, int>();
        foreach (var order in Enum.GetValues<MemberOrder>())
        {
            foreach (var descending in new[] { false, true })
            {
                foreach (var filter in new[] { "", "alpha", "EXT-1", "|", "no such" })
                {
                    data.Add(order, descending, filter, filter.Length == 0 ? 37 : 5);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Pages_join_up_to_the_whole_segment_in_order(MemberOrder order, bool descending, string filter, int pageSize)
    {
        var random = new Random(11);
        var store = new CustomerStateStore();
        var entries = new List<CustomerEntry>();
        for (var id = 1; id <= 600; id++)
        {
            // Spends and outstanding amounts repeat (ties broken by id); a few ids far outside the dense range.
            var entryId = id % 97 == 0 ? (1L << 40) + id : id;
            var entry = Entry(entryId, Names[random.Next(Names.Length)], random.Next(5) * 100, random.Next(4) * 250, random.Next(3) == 0 ? "in" : "out");
            store.Set(entry);
            if (entry.Memberships[0].Segment == "in") entries.Add(entry);
        }

        // The oracle: LINQ over what each entry was built from, ordinal names, ties by id.
        var matching = entries.Where(e => filter.Length == 0 || e.Facts.Profile.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || e.Facts.Profile.ExternalRef.Contains(filter, StringComparison.OrdinalIgnoreCase));
        var ascending = order switch
        {
            MemberOrder.Name => matching.OrderBy(e => e.Facts.Profile.Name, StringComparer.Ordinal),
            MemberOrder.Spend => matching.OrderBy(e => e.Facts.Purchases.TotalMinor),
            MemberOrder.Outstanding => matching.OrderBy(e => e.Facts.Invoices.Sum(i => i.AmountMinor - i.PaidMinor)),
            _ => matching.OrderBy(_ => 0),
        };
        var expected = (descending
            ? ascending.ThenBy(e => e.CustomerId).Select(e => e.CustomerId).Reverse()
            : ascending.ThenBy(e => e.CustomerId).Select(e => e.CustomerId)).ToList();

        var listed = new List<long>();
        MemberPosition? after = null;
        for (var pages = 0; pages < 1_000; pages++)
        {
            var page = MemberSelection.Select(store, "tier", "in", new MemberQuery(order, descending, filter, after, pageSize));
            Assert.Equal(expected.Count, page.Total);
            Assert.True(page.Members.Count <= pageSize);
            listed.AddRange(page.Members.Select(m => m.Id));
            if (page.Members.Count < pageSize) break;
            after = page.Members[^1];
        }

        Assert.Equal(expected, listed);
    }

    [Fact]
    public void Outstanding_counts_only_what_is_still_open_on_each_invoice()
    {
        InvoiceFact[] invoices =
        [
            new(At.AddDays(-40), At.AddDays(-10), 1_000, 400, 0, null),     // 600 open
            new(At.AddDays(-90), At.AddDays(-60), 500, 200, 300, At),        // written off: nothing open
            new(At.AddDays(-20), At.AddDays(10), 250, 0, 0, null),           // 250 open
        ];

        Assert.Equal(850, MemberKeys.Outstanding(invoices));
    }

    [Fact]
    public void Keys_keep_the_order_of_money_and_names()
    {
        long[] money = [long.MinValue, -5, 0, 7, long.MaxValue];
        Assert.Equal(money, money.OrderBy(MemberKeys.Signed).ToArray());
        string[] names = ["", "A", "Alph", "Alpha", "Alphabet", "B", "a", "上海", "上海星辰贸易"];
        Assert.All(names.Zip(names.Skip(1)), p => Assert.True(MemberKeys.NamePrefix(p.First) <= MemberKeys.NamePrefix(p.Second), $"{p.First} / {p.Second}"));
        Assert.Equal(MemberKeys.NamePrefix("Alphabet"), MemberKeys.NamePrefix("Alpha"));
    }

    [Fact]
    public void A_customer_whose_facts_change_is_listed_by_its_new_key()
    {
        var store = new CustomerStateStore();
        store.Set(Entry(1, "One", 500, 0, "in"));
        store.Set(Entry(2, "Two", 300, 0, "in"));
        static List<long> BySpend(CustomerStateStore s) => [.. MemberSelection.Select(s, "tier", "in", new MemberQuery(MemberOrder.Spend, true, "", null, 10)).Members.Select(m => m.Id)];
        Assert.Equal([1L, 2], BySpend(store));

        store.Set(Entry(2, "Two", 900, 0, "in"));
        Assert.Equal([2L, 1], BySpend(store));
        var page = MemberSelection.Select(store, "tier", "in", new MemberQuery(MemberOrder.Spend, true, "", null, 1));
        Assert.Equal(new MemberPosition(2, 900, ""), page.Members.Single());
    }

    private static CustomerEntry Entry(long id, string name, long spend, long outstanding, string segment)
    {
        var profile = new CustomerProfile(id, "ext-" + id, name, "individual", "", "", "", [], [], DateTime.UnixEpoch, false);
        InvoiceFact[] invoices = outstanding == 0 ? [] : [new InvoiceFact(At.AddDays(-5), At.AddDays(25), outstanding, 0, 0, null)];
        var facts = new CustomerFacts(profile, spend == 0 ? [] : [new PurchaseFact(At.AddDays(-1), spend, false, "A")], invoices, 0, 0);
        return new CustomerEntry(facts, Calculator.Calculate(facts, At), [new Membership("tier", segment, "rule", 1, At)], 1, Calculator);
    }
}
