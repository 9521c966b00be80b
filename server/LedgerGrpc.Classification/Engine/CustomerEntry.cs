using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Classification.Engine;

/// <summary>What the server holds in memory for one customer. Immutable: an update replaces the entry, so readers
/// never see half of one. <see cref="Version"/> lets a bulk re-classification notice a customer changed under it.</summary>
public sealed record CustomerEntry(CustomerFacts Facts, CustomerFeatures Features, Membership[] Memberships, long Version)
{
    public long CustomerId => Facts.Profile.CustomerId;

    public bool Archived => Facts.Profile.Archived;
}
