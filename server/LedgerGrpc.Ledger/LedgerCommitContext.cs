using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger;

/// <summary>
/// What a commit hook sees. <see cref="Db"/> is bound to the batch's open transaction, so queries
/// through it (e.g. <c>Db.Transactions.Where(t =&gt; t.CustomerId == id)</c>) see this batch's
/// uncommitted rows; <see cref="Statements"/> runs raw SQL in the same transaction. The connection and the transaction
/// themselves stay the writer's: a hook adds to the batch, it never commits or rolls it back.
/// </summary>
public sealed class LedgerCommitContext
{
    private readonly Func<LedgerDbContext> _openDb;
    private LedgerDbContext? _db;
    private string? _cause;

    internal LedgerCommitContext(Func<LedgerDbContext> db, SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LedgerChange> changes)
    {
        _openDb = db;
        Statements = new TransactionStatements(connection, transaction);
        Changes = changes;
        AffectedCustomerIds = changes.Select(c => c.CustomerId).Where(id => id > 0).ToHashSet();
    }

    /// <summary>Made on first use: a batch whose hooks need no EF query (the usual RecordTransaction batch) makes none.</summary>
    public LedgerDbContext Db => _db ??= _openDb();

    /// <summary>Raw SQL in the batch's transaction (classification stores memberships and changes through it).</summary>
    public TransactionStatements Statements { get; }

    public IReadOnlyCollection<long> AffectedCustomerIds { get; }

    /// <summary>The batch's commands, e.g. "RecordTransaction×120, IssueInvoice". Made when asked: no hook on the write
    /// path reads it, and grouping every batch's commands for it was work on every commit.</summary>
    public string Cause => _cause ??= string.Join(", ", Changes.GroupBy(c => c.Command).Select(g => g.Count() == 1 ? g.Key : $"{g.Key}×{g.Count()}"));

    public IReadOnlyList<LedgerChange> Changes { get; }
}
