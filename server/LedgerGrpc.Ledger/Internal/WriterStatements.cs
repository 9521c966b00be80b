using Microsoft.Data.Sqlite;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>
/// The SQL the writer runs for nearly every command (RecordTransaction runs nothing else), prepared on
/// first use on the writer's connection and kept until the writer stops. Parameters are positional
/// (?1 …); each caller binds all of them on every execution.
/// </summary>
internal sealed class WriterStatements(SqliteConnection connection) : IDisposable
{
    private readonly RawStatement?[] _statements = new RawStatement?[Sql.Length];

    // The customer's purchase totals, read once per batch. Columns: Archived, SalesTotalMinor,
    // RefundTotalMinor, TransactionCount, FirstPurchaseAt, LastPurchaseAt.
    public RawStatement SelectTotals => Get(0);

    // ?1 id, ?2 sales, ?3 refunds, ?4 count, ?5 first purchase, ?6 last purchase, ?7 updated at.
    public RawStatement UpdateTotals => Get(1);

    // ?1 customer, ?2 kind, ?3 amount, ?4 currency, ?5 product, ?6 quantity, ?7 occurred, ?8 recorded, ?9 idempotency key.
    public RawStatement InsertTransaction => Get(2);

    // ?1 at, ?2 actor, ?3 action, ?4 entity type, ?5 entity id, ?6 customer, ?7 before JSON, ?8 after JSON.
    public RawStatement InsertAudit => Get(3);

    // ?1 scope, ?2 key. Columns: Fingerprint, ResultId.
    public RawStatement SelectIdempotency => Get(4);

    // ?1 scope, ?2 key, ?3 fingerprint, ?4 result id, ?5 created at.
    public RawStatement InsertIdempotency => Get(5);

    public RawStatement Savepoint => Get(6);

    public RawStatement Release => Get(7);

    public RawStatement RollbackTo => Get(8);

    private static readonly string[] Sql =
    [
        "SELECT \"Archived\", \"SalesTotalMinor\", \"RefundTotalMinor\", \"TransactionCount\", \"FirstPurchaseAt\", \"LastPurchaseAt\" FROM customers WHERE \"Id\" = ?1",
        "UPDATE customers SET \"SalesTotalMinor\" = ?2, \"RefundTotalMinor\" = ?3, \"TransactionCount\" = ?4, \"FirstPurchaseAt\" = ?5, \"LastPurchaseAt\" = ?6, \"UpdatedAt\" = ?7 WHERE \"Id\" = ?1",
        "INSERT INTO transactions (\"CustomerId\", \"Kind\", \"AmountMinor\", \"Currency\", \"Product\", \"Quantity\", \"OccurredAt\", \"RecordedAt\", \"IdempotencyKey\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        "INSERT INTO audit_entries (\"At\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"CustomerId\", \"BeforeJson\", \"AfterJson\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "SELECT \"Fingerprint\", \"ResultId\" FROM idempotency_records WHERE \"Scope\" = ?1 AND \"Key\" = ?2",
        "INSERT INTO idempotency_records (\"Scope\", \"Key\", \"Fingerprint\", \"ResultId\", \"CreatedAt\") VALUES (?1, ?2, ?3, ?4, ?5)",
        "SAVEPOINT cmd",
        "RELEASE cmd",
        "ROLLBACK TO cmd",
    ];

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement?.Dispose();
        }
    }

    private RawStatement Get(int index) => _statements[index] ??= new RawStatement(connection, Sql[index]);
}
