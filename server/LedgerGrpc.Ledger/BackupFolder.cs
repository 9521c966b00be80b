using System.Globalization;

namespace LedgerGrpc.Ledger;

/// <summary>
/// The Backup RPC's only place to write: plain names inside <see cref="LedgerOptions.BackupFolder"/>
/// (no folders, no hidden or temporary-looking names), never over an existing file, within a count
/// and byte quota, one backup at a time (each reads the whole database).
/// </summary>
public sealed class BackupFolder(LedgerStore store, TimeProvider clock)
{
    public const int MaxNameLength = 128;
    private static readonly string[] TemporarySuffixes = [".tmp", ".temp", ".partial", ".part", ".swp", ".bak~", "~", "-wal", "-shm", "-journal"];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path => store.Options.BackupFolder;

    /// <summary>Writes a backup named <paramref name="fileName"/> (empty: ledger-&lt;UTC time&gt;.db) and returns its path and size.</summary>
    public async Task<(string Path, long Size, DateTime At)> CreateAsync(string fileName, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var name = fileName.Length > 0 ? fileName : $"ledger-{now.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.db";
        CheckName(name);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path);
            var destination = System.IO.Path.Combine(Path, name);
            if (File.Exists(destination))
            {
                throw new LedgerException(LedgerErrorCode.AlreadyExists, $"backup '{name}' already exists; choose another name, or leave file_name empty for a timestamped one");
            }

            CheckQuota();
            var size = await Task.Run(() => LedgerBackup.Run(store.DatabasePath, destination), ct).ConfigureAwait(false);
            return (destination, size, now);
        }
        finally
        {
            _gate.Release();
        }
    }

    public static void CheckName(string name)
    {
        if (name.Length > MaxNameLength)
        {
            throw LedgerException.Invalid("file_name", $"is {name.Length} characters long; the limit is {MaxNameLength}");
        }

        if (name.IndexOfAny(['/', '\\', ':']) >= 0)
        {
            throw LedgerException.Invalid("file_name", $"'{Quote.Short(name)}' must be a plain file name (no folders): backups are written only to the backups folder");
        }

        if (name.StartsWith('.') || name.StartsWith('~'))
        {
            throw LedgerException.Invalid("file_name", $"'{Quote.Short(name)}' looks hidden; backups need a visible name");
        }

        if (TemporarySuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            throw LedgerException.Invalid("file_name", $"'{Quote.Short(name)}' looks like a temporary or SQLite side file; use a name such as nightly-2026-03-01.db");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw LedgerException.Invalid("file_name", $"'{Quote.Short(name)}' must be a plain file name of ASCII letters, digits, - _ and . (no folders)");
            }
        }
    }

    private void CheckQuota()
    {
        var options = store.Options.Backups;
        var existing = new DirectoryInfo(Path).GetFiles().Where(f => !f.Name.EndsWith(".partial", StringComparison.Ordinal)).ToList();
        if (options.MaxCount > 0 && existing.Count >= options.MaxCount)
        {
            throw new LedgerException(LedgerErrorCode.ResourceExhausted,
                $"the backups folder already holds {existing.Count} files, the quota is {options.MaxCount} (Ledger:Backups:MaxCount); delete old backups first");
        }

        var needed = existing.Sum(f => f.Length) + new FileInfo(store.DatabasePath).Length;
        if (options.MaxBytes > 0 && needed > options.MaxBytes)
        {
            throw new LedgerException(LedgerErrorCode.ResourceExhausted,
                $"a new backup would bring the backups folder to about {needed} bytes, the quota is {options.MaxBytes} (Ledger:Backups:MaxBytes); delete old backups first");
        }
    }
}
