namespace LedgerGrpc.Ledger.Tests;

/// <summary>Backup hardening: names, no overwrite, quota, and nothing written outside the folder.</summary>
public sealed class BackupFolderTests
{
    [Fact]
    public async Task A_timestamped_name_is_used_when_none_is_given_and_a_name_is_never_overwritten()
    {
        await using var ledger = new LedgerFixture();
        await ledger.CreateCustomer("c-1");
        var backups = new BackupFolder(ledger.Store, ledger.Clock);

        var (first, size, _) = await backups.CreateAsync("");
        Assert.Equal(Path.Combine(ledger.Options.BackupFolder, "ledger-20260301-090000-000.db"), first);
        Assert.Equal(new FileInfo(first).Length, size);
        var named = await backups.CreateAsync("nightly.db");
        var before = await File.ReadAllBytesAsync(named.Path);
        await ledger.CreateCustomer("c-2");

        var again = await Assert.ThrowsAsync<LedgerException>(() => backups.CreateAsync("nightly.db"));
        Assert.Equal(LedgerErrorCode.AlreadyExists, again.Code);
        Assert.Equal(before, await File.ReadAllBytesAsync(named.Path));
        // Same clock reading, same default name: refused, not overwritten.
        Assert.Equal(LedgerErrorCode.AlreadyExists, (await Assert.ThrowsAsync<LedgerException>(() => backups.CreateAsync(""))).Code);
    }

    [Theory]
    [InlineData("../escape.db", "plain file name")]
    [InlineData("sub/dir.db", "plain file name")]
    [InlineData("/etc/passwd", "plain file name")]
    [InlineData(".hidden.db", "looks hidden")]
    [InlineData("~backup.db", "looks hidden")]
    [InlineData("copy.db.tmp", "temporary")]
    [InlineData("copy.db.partial", "temporary")]
    [InlineData("ledger.db-wal", "temporary")]
    [InlineData("backup.swp", "temporary")]
    public async Task Names_outside_the_folder_hidden_or_temporary_looking_are_refused(string name, string message)
    {
        await using var ledger = new LedgerFixture();
        var backups = new BackupFolder(ledger.Store, ledger.Clock);
        var e = await Assert.ThrowsAsync<LedgerException>(() => backups.CreateAsync(name));
        Assert.Equal(LedgerErrorCode.InvalidArgument, e.Code);
        Assert.Contains(message, e.Message);
        Assert.False(Directory.Exists(backups.Path) && Directory.EnumerateFileSystemEntries(backups.Path).Any());
    }

    [Fact]
    public async Task A_long_name_is_refused_without_being_echoed()
    {
        await using var ledger = new LedgerFixture();
        var e = await Assert.ThrowsAsync<LedgerException>(() => new BackupFolder(ledger.Store, ledger.Clock).CreateAsync(new string('a', 100_000)));
        Assert.True(e.Message.Length < 200, e.Message);
    }

    [Fact]
    public async Task The_count_and_byte_quotas_stop_repeated_backups()
    {
        await using var ledger = new LedgerFixture();
        ledger.Options.Backups.MaxCount = 2;
        var backups = new BackupFolder(ledger.Store, ledger.Clock);
        await backups.CreateAsync("a.db");
        await backups.CreateAsync("b.db");

        var count = await Assert.ThrowsAsync<LedgerException>(() => backups.CreateAsync("c.db"));
        Assert.Equal(LedgerErrorCode.ResourceExhausted, count.Code);
        Assert.Contains("Ledger:Backups:MaxCount", count.Message);

        ledger.Options.Backups.MaxCount = 0;
        ledger.Options.Backups.MaxBytes = new FileInfo(Path.Combine(backups.Path, "a.db")).Length * 2;
        var bytes = await Assert.ThrowsAsync<LedgerException>(() => backups.CreateAsync("c.db"));
        Assert.Equal(LedgerErrorCode.ResourceExhausted, bytes.Code);
        Assert.Contains("Ledger:Backups:MaxBytes", bytes.Message);
        Assert.Equal(["a.db", "b.db"], Directory.GetFiles(backups.Path).Select(Path.GetFileName).Order());
    }
}
