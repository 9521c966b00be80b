using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace LedgerGrpc.Classification.Storage;

/// <summary>Builds context options for a connection string or an already-open connection (the ledger's transaction).</summary>
public static class ClassificationDbContextOptions
{
    public static DbContextOptions<ClassificationDbContext> Create(string connectionString) =>
        new DbContextOptionsBuilder<ClassificationDbContext>()
            .UseSqlite(connectionString, Configure)
            .Options;

    public static DbContextOptions<ClassificationDbContext> Create(DbConnection connection) =>
        new DbContextOptionsBuilder<ClassificationDbContext>()
            .UseSqlite(connection, Configure)
            .Options;

    private static void Configure(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder sqlite) =>
        sqlite.MigrationsHistoryTable(ClassificationDbContext.MigrationsHistoryTable);
}
