namespace LedgerGrpc.Classification.Engine;

/// <summary>The orders a segment's members can be listed in; ties are broken by customer id.</summary>
public enum MemberOrder
{
    Id,
    Name,
    /// <summary>Net purchases (sales minus refunds), minor units.</summary>
    Spend,
    /// <summary>Open invoice amounts (issued minus paid minus written off), minor units.</summary>
    Outstanding,
}

/// <summary>A member's place in an order: its sort key (<see cref="Number"/> for money, <see cref="Text"/> for the
/// name) and id. The last one of a page is where the next page starts (keyset paging).</summary>
public readonly record struct MemberPosition(long Id, long Number, string Text);

/// <summary>One page of a segment's members: ids with their positions, in order, and how many members match the
/// filter in the whole segment.</summary>
public sealed record MemberPage(List<MemberPosition> Members, long Total);

/// <summary>Which members of a segment, in which order, from where: <paramref name="After"/> is the last member of the
/// previous page (null for the first page); <paramref name="Filter"/> a case-insensitive substring of the name or
/// external ref (empty: everyone).</summary>
public sealed record MemberQuery(MemberOrder Order, bool Descending, string Filter, MemberPosition? After, int Limit);
