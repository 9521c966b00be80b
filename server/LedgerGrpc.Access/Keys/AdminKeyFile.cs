using LedgerGrpc.Ledger;

namespace LedgerGrpc.Access.Keys;

/// <summary>
/// The first start's admin key: when the ledger has no key at all, create one named "admin" and
/// write it, one line, to &lt;data-dir&gt;/admin.key readable by the owner only (0600), so the
/// server is secure by default and still usable with one command.
/// </summary>
public static class AdminKeyFile
{
    public const string FileName = "admin.key";
    public const string KeyName = "admin";

    public static string PathFor(LedgerOptions ledger, AccessOptions access) =>
        Path.GetFullPath(access.AdminKeyFile.Length > 0 ? access.AdminKeyFile : Path.Combine(ledger.DataDir, FileName));

    /// <summary>The file's path if this call created the key, else null (keys already exist).</summary>
    public static async Task<string?> EnsureAsync(ApiKeyManager keys, string path, CancellationToken ct = default)
    {
        if ((await keys.ListAsync(ct).ConfigureAwait(false)).Count > 0)
        {
            return null;
        }

        var created = await keys.CreateAsync(KeyName, LedgerRoles.Admin, null, "ledgergrpc (first start)", ct).ConfigureAwait(false);
        Write(path, created.Key);
        return path;
    }

    /// <summary>Reads a key file (first line, trimmed); null when there is none.</summary>
    public static string? TryRead(string path) =>
        File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;

    private static void Write(string path, string key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600: never world- or group-readable, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.WriteLine(key);
    }
}
