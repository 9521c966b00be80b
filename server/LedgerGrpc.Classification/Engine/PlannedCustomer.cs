namespace LedgerGrpc.Classification.Engine;

/// <summary>One customer of a re-classification plan, computed off-lock: the entry it was computed from (with its
/// version, so a write since is noticed under the lock) and the memberships computed for it.</summary>
internal readonly record struct PlannedCustomer(CustomerEntry Entry, long SeenVersion, Membership[] After);
