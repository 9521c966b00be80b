using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// What the server holds in memory for one customer. Immutable: an update replaces the entry, so readers never see
/// half of one. <see cref="Version"/> lets a bulk re-classification notice a customer changed under it.
/// The features record is not kept: it is a pure function of the facts, the instant it was computed for and the
/// population ranks, so the entry keeps those (14 bytes: the instant and the ranks in hundredths) and recomputes the record (about 500 bytes, a
/// fraction of a microsecond for a typical customer) when asked. At a million customers that is half a gigabyte.
/// </summary>
public sealed class CustomerEntry
{
    private readonly FeatureCalculator _calculator;

    /// <summary>An entry whose features are <paramref name="features"/> (computed from <paramref name="facts"/> by
    /// <paramref name="calculator"/> as of <see cref="CustomerFeatures.AsOf"/>, ranks applied).</summary>
    public CustomerEntry(CustomerFacts facts, CustomerFeatures features, Membership[] memberships, long version, FeatureCalculator calculator)
        : this(facts, features.AsOf, FeatureRanks.Of(features), memberships, version, calculator)
    {
    }

    /// <summary>An entry restored as it was held (a state snapshot): features as of <paramref name="featuresAsOf"/>
    /// with <paramref name="ranks"/>, recomputed from the facts when asked, as for any entry.</summary>
    internal CustomerEntry(CustomerFacts facts, DateTime featuresAsOf, FeatureRanks ranks, Membership[] memberships, long version, FeatureCalculator calculator)
    {
        Facts = facts;
        Memberships = memberships;
        Version = version;
        FeaturesAsOf = featuresAsOf;
        _calculator = calculator;
        Ranks = ranks;
    }

    private CustomerEntry(CustomerEntry from, Membership[] memberships, long version, bool unstored)
    {
        Facts = from.Facts;
        Memberships = memberships;
        Version = version;
        FeaturesAsOf = from.FeaturesAsOf;
        _calculator = from._calculator;
        Ranks = from.Ranks;
        Unstored = unstored;
    }

    public CustomerFacts Facts { get; }

    public Membership[] Memberships { get; }

    public long Version { get; }

    /// <summary>The instant the customer's features are as of (its last write or sweep).</summary>
    public DateTime FeaturesAsOf { get; }

    /// <summary>The population ranks from the last sweep (carried by writes until the next one).</summary>
    public FeatureRanks Ranks { get; }

    /// <summary>True while memory serves <see cref="Memberships"/> that are not stored yet: the first start after a seed
    /// or import classifies everyone in memory, serves, and stores them in the background; nothing is stored for such a
    /// customer, so whoever writes it next stores these memberships first, as its initial classification. (Fits in the
    /// entry's padding: the object stays 64 bytes.)</summary>
    public bool Unstored { get; private init; }

    public long CustomerId => Facts.Profile.CustomerId;

    public bool Archived => Facts.Profile.Archived;

    /// <summary>The customer's features, freshly built (callers may keep or change the object).</summary>
    public CustomerFeatures Features => FeaturesInto(new CustomerFeatures());

    /// <summary>The customer's features written into <paramref name="scratch"/>: for loops over the whole ledger.</summary>
    public CustomerFeatures FeaturesInto(CustomerFeatures scratch)
    {
        _calculator.Calculate(Facts, FeaturesAsOf, scratch);
        Ranks.ApplyTo(scratch);
        return scratch;
    }

    /// <summary>This entry with other memberships, stored by the caller (same facts and features; no features computed).</summary>
    public CustomerEntry WithMemberships(Membership[] memberships, long version) => new(this, memberships, version, unstored: false);

    /// <summary>This entry with memberships served before they are stored (see <see cref="Unstored"/>).</summary>
    internal CustomerEntry WithUnstoredMemberships(Membership[] memberships, long version) => new(this, memberships, version, unstored: true);

    /// <summary>This entry with features refreshed to <paramref name="features"/> (same facts, memberships, version,
    /// stored or not).</summary>
    public CustomerEntry WithFeatures(CustomerFeatures features) =>
        new(Facts, features.AsOf, FeatureRanks.Of(features), Memberships, Version, _calculator) { Unstored = Unstored };
}

/// <summary>The population-relative ranks a sweep gave the customer, carried between sweeps. Ranks are percentiles
/// rounded to hundredths (<see cref="PercentileRanks"/>), so they are kept as whole hundredths: 6 bytes instead of 24,
/// a million times over, and exactly the same doubles when read back.</summary>
public readonly struct FeatureRanks(double spend, double frequency, double recency) : IEquatable<FeatureRanks>
{
    private readonly ushort _spend = Hundredths(spend);
    private readonly ushort _frequency = Hundredths(frequency);
    private readonly ushort _recency = Hundredths(recency);

    public double Spend => _spend / 100.0;

    public double Frequency => _frequency / 100.0;

    public double Recency => _recency / 100.0;

    public static FeatureRanks Of(CustomerFeatures f) => new(f.SpendPercentile, f.FrequencyPercentile, f.RecencyPercentile);

    public void ApplyTo(CustomerFeatures f) => (f.SpendPercentile, f.FrequencyPercentile, f.RecencyPercentile) = (Spend, Frequency, Recency);

    public bool Equals(FeatureRanks other) => (_spend, _frequency, _recency) == (other._spend, other._frequency, other._recency);

    public override bool Equals(object? obj) => obj is FeatureRanks other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_spend, _frequency, _recency);

    private static ushort Hundredths(double percentile) => (ushort)Math.Round(Math.Clamp(percentile, 0, 100) * 100);
}
