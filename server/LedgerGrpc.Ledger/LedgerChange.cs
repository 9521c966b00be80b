namespace LedgerGrpc.Ledger;

/// <summary>One applied command in a batch: what it was (e.g. "RecordTransaction") and whose data it touched.</summary>
public readonly record struct LedgerChange(string Command, long CustomerId, long EntityId);
