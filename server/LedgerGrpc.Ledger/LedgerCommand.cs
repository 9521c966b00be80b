using LedgerGrpc.Ledger.Internal;

namespace LedgerGrpc.Ledger;

/// <summary>
/// A change to the ledger. <see cref="Validate"/> checks the request's own shape before it is queued
/// (no database); <see cref="Apply"/> runs on the writer inside the batch transaction, checks what
/// depends on stored state, and throws <see cref="LedgerException"/> to refuse (its writes are then
/// rolled back to the command's savepoint, leaving the rest of the batch alone).
/// </summary>
public abstract class LedgerCommand<TResult>
{
    /// <summary>The command's name in audit entries and commit-hook causes, e.g. "RecordTransaction".</summary>
    public abstract string Name { get; }

    public virtual void Validate(LedgerOptions options)
    {
    }

    /// <summary>
    /// True when Apply makes every check before its first write, so it needs no savepoint (a
    /// storage failure mid-way then fails the whole batch, which is rolled back).
    /// </summary>
    internal virtual bool ChecksBeforeWriting => false;

    internal abstract TResult Apply(LedgerWriteSession session);
}
