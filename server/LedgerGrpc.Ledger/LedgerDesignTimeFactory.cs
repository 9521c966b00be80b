using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LedgerGrpc.Ledger;

/// <summary>Lets `dotnet ef migrations add` build the model without a host.</summary>
public sealed class LedgerDesignTimeFactory : IDesignTimeDbContextFactory<LedgerDbContext>
{
    public LedgerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
