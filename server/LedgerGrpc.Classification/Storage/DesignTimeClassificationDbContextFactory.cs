using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LedgerGrpc.Classification.Storage;

/// <summary>Lets `dotnet ef migrations add` build the context without the server.</summary>
internal sealed class DesignTimeClassificationDbContextFactory : IDesignTimeDbContextFactory<ClassificationDbContext>
{
    public ClassificationDbContext CreateDbContext(string[] args) =>
        new(ClassificationDbContextOptions.Create("Data Source=design-time.db"));
}
