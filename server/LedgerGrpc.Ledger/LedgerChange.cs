using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger;

/// <summary>One applied command in a batch: what it was (e.g. "RecordTransaction"), whose data it touched, and, for
/// a recorded transaction, the row as stored (so commit hooks need not read back what the batch just wrote).</summary>
public readonly record struct LedgerChange(string Command, long CustomerId, long EntityId, Transaction? Transaction = null);
