namespace LedgerGrpc.Ledger;

public enum DuplicateReason
{
    TaxId = 1,
    Phone = 2,
    Email = 3,
    Name = 4,
}

/// <summary>Active customers sharing a normalised tax id, phone, email or name.</summary>
public sealed record DuplicateGroup(DuplicateReason Reason, string Key, IReadOnlyList<long> CustomerIds);
