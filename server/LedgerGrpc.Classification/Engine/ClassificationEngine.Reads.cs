using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Engine;

// Reads: answered from memory, never waiting on SQLite.
public sealed partial class ClassificationEngine
{
    public CustomerEntry GetCustomer(long customerId)
    {
        EnsureReady();
        if (customerId <= 0)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "customer_id must be a positive customer id.");
        }

        return State.Get(customerId) ?? throw new ClassificationException(ClassificationError.NotFound, $"Customer {customerId} does not exist.");
    }

    public ClassifierDimension GetDimension(string name)
    {
        EnsureReady();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "dimension is required; ListDimensions gives the names.");
        }

        return _snapshot.Find(name) ?? throw new ClassificationException(ClassificationError.NotFound,
            $"Dimension '{LedgerGrpc.Ledger.Quote.Short(name)}' does not exist; known dimensions: {string.Join(", ", _snapshot.Dimensions.Select(d => d.Name))}.");
    }

    /// <summary>How many dimensions one Evaluate may name: each is a full evaluation, so the list is bounded.</summary>
    public const int MaxEvaluateDimensions = 64;

    /// <summary>Classifies caller-given features with the current rules; nothing is stored.</summary>
    public Membership[] Evaluate(CustomerFeatures features, IReadOnlyCollection<string> dimensions)
    {
        EnsureReady();
        var snapshot = _snapshot;
        if (dimensions.Count > MaxEvaluateDimensions)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument,
                $"dimensions has {dimensions.Count} entries; the limit is {MaxEvaluateDimensions} (none means every dimension).");
        }

        if (dimensions.Distinct(StringComparer.Ordinal).Count() != dimensions.Count)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "dimensions names a dimension more than once.");
        }

        if (dimensions.Count > 0)
        {
            snapshot = new ClassifierSnapshot(dimensions.Select(GetDimension));
        }

        return MembershipCalculator.Compute(snapshot, features, [], _ => null, Now);
    }

    /// <summary>Per dimension, per segment: how many customers and their total spend in minor units (from the
    /// maintained <see cref="SegmentIndex"/>, not a walk over the ledger).</summary>
    public List<(ClassifierDimension Dimension, List<(string Segment, long Customers, long SpendMinor)> Segments)> Distribution(string? dimension)
    {
        EnsureReady();
        var dimensions = string.IsNullOrEmpty(dimension) ? _snapshot.Dimensions : [GetDimension(dimension)];
        return [.. dimensions.Select(d => (d, State.Segments.Segments(d.Name)
            .OrderByDescending(s => s.Customers).ThenBy(s => s.Segment, StringComparer.Ordinal).ToList()))];
    }

    /// <summary>Members of a segment in customer-id order, after <paramref name="afterCustomerId"/>.</summary>
    public (List<long> Page, long Total) Members(string dimension, string segment, long afterCustomerId, int pageSize)
    {
        GetDimension(dimension);
        if (string.IsNullOrEmpty(segment))
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "segment is required.");
        }

        return State.Segments.Members(dimension, segment, afterCustomerId, pageSize);
    }

    /// <summary>A page of a segment's members in any order, filtered, over the whole segment (see <see cref="MemberSelection"/>).</summary>
    public MemberPage Members(string dimension, string segment, MemberQuery query)
    {
        GetDimension(dimension);
        if (string.IsNullOrEmpty(segment))
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "segment is required.");
        }

        return MemberSelection.Select(State, dimension, segment, query);
    }
}
