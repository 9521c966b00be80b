using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger;

/// <summary>
/// What a commit hook sees. <see cref="Db"/> is bound to the batch's open transaction, so queries
/// through it (e.g. <c>Db.Transactions.Where(t =&gt; t.CustomerId == id)</c>) see this batch's
/// uncommitted rows; use <see cref="Connection"/>/<see cref="Transaction"/> for raw SQL.
/// </summary>
public sealed class LedgerCommitContext
{
    private readonly Func<LedgerDbContext> _openDb;
    private LedgerDbContext? _db;

    internal LedgerCommitContext(Func<LedgerDbContext> db, SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LedgerChange> changes)
    {
        _openDb = db;
        Connection = connection;
        Transaction = transaction;
        Changes = changes;
        AffectedCustomerIds = changes.Select(c => c.CustomerId).Where(id => id > 0).ToHashSet();
        Cause = string.Join(", ", changes.GroupBy(c => c.Command).Select(g => g.Count() == 1 ? g.Key : $"{g.Key}×{g.Count()}"));
    }

    /// <summary>Made on first use: a batch whose hooks need no EF query (the usual RecordTransaction batch) makes none.</summary>
    public LedgerDbContext Db => _db ??= _openDb();

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    public IReadOnlyCollection<long> AffectedCustomerIds { get; }

    /// <summary>The batch's commands, e.g. "RecordTransaction×120, IssueInvoice".</summary>
    public string Cause { get; }

    public IReadOnlyList<LedgerChange> Changes { get; }
}
