using System.CommandLine;
using System.Text;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Cli;
using LedgerGrpc.Testing;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace LedgerGrpc.Server.Tests.Ledger;

/// <summary>import / seed / backup commands run through their command-line parsing, on temp ledgers.</summary>
public sealed class LedgerCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("ledger-cli");
    private readonly StringWriter _out = new();
    private readonly IAnsiConsole _console;

    public LedgerCliTests()
    {
        _console = TestConsole.Create(_out);
    }

    private string DataDir => Path.Combine(_dir.Path, "data");

    private Task<int> Run(Command command, params string[] args) => new RootCommand { command }.Parse(args).InvokeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Import_loads_valid_rows_and_reports_rejected_ones_with_row_numbers(bool bom)
    {
        var csv = string.Join('\n',
            // Columns in a different order and spelling than the API; attr.* become attributes.
            "Name,External Ref,TYPE,phone,email,tax_id,tags,attr.channel",
            "杭州云帆网络有限公司,c-1,enterprise,13800138000,a@example.com,,vip;east,online",
            "李娜,c-2,个人,,,,,",
            ",c-3,enterprise,,,,,",                          // row 4: name missing
            "Bad Email Ltd,c-4,enterprise,,not-an-email,,,",  // row 5
            "Dup,c-1,enterprise,,,,,",                        // row 6: external_ref taken by row 2
            "Alien,c-7,martian,,,,,",                         // row 7
            "\"Quoted, with comma\",c-8,company,,,,,partner");
        var path = Path.Combine(_dir.Path, "customers.csv");
        await File.WriteAllTextAsync(path, csv, new UTF8Encoding(bom));
        var rejects = Path.Combine(_dir.Path, "rejects.csv");

        var exit = await Run(ImportCommand.Create(_console), "import", path, "--data-dir", DataDir, "--rejects", rejects);

        Assert.Equal(2, exit);
        var output = _out.ToString();
        Assert.Contains("Imported 3 customers", output);
        Assert.Contains("rejected 4 rows", output);
        var rejectLines = await File.ReadAllLinesAsync(rejects);
        Assert.Equal("row,external_ref,reason", rejectLines[0]);
        Assert.StartsWith("4,\"c-3\",\"name is required", rejectLines[1]);
        Assert.StartsWith("5,\"c-4\",\"email", rejectLines[2]);
        Assert.StartsWith("6,\"c-1\",\"external_ref 'c-1' already", rejectLines[3]);
        Assert.StartsWith("7,\"c-7\",\"type 'martian'", rejectLines[4]);

        await using var db = new LedgerStore(new LedgerOptions { DataDir = DataDir }).OpenRead();
        var customers = await db.Customers.Include(c => c.Attributes).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(["c-1", "c-2", "c-8"], customers.Select(c => c.ExternalRef));
        Assert.Equal("杭州云帆网络有限公司", customers[0].Name);
        Assert.Equal(["vip", "east"], customers[0].Tags);
        Assert.Equal("online", Assert.Single(customers[0].Attributes).Value);
        Assert.Equal("Quoted, with comma", customers[2].Name);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Import_without_required_header_fails_and_writes_nothing()
    {
        var path = Path.Combine(_dir.Path, "bad.csv");
        await File.WriteAllTextAsync(path, "full_name,phone\nA,1\n");
        var exit = await Run(ImportCommand.Create(_console), "import", path, "--data-dir", DataDir);
        Assert.Equal(1, exit);
        Assert.Contains("no 'externalref' column", _out.ToString());
    }

    [Fact]
    public async Task Seed_then_backup_produces_a_consistent_copy()
    {
        Assert.Equal(0, await Run(SeedCommand.Create(_console), "seed", "--customers", "2000", "--data-dir", DataDir));
        Assert.Contains("Seeded 2000 customers", _out.ToString());

        var backup = Path.Combine(_dir.Path, "copies", "ledger-copy.db");
        Assert.Equal(0, await Run(BackupCommand.Create(_console), "backup", backup, "--data-dir", DataDir));

        var restored = Path.Combine(_dir.Path, "restored");
        Directory.CreateDirectory(restored);
        File.Copy(backup, Path.Combine(restored, "ledger.db"));
        await using var original = new LedgerStore(new LedgerOptions { DataDir = DataDir }).OpenRead();
        var copyStore = new LedgerStore(new LedgerOptions { DataDir = restored });
        Assert.Equal("ok", copyStore.CheckIntegrity());
        await using var copy = copyStore.OpenRead();
        Assert.Equal(2000, await copy.Customers.CountAsync());
        Assert.Equal(await original.Transactions.SumAsync(t => t.AmountMinor), await copy.Transactions.SumAsync(t => t.AmountMinor));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void Dispose() => _dir.Dispose();
}
