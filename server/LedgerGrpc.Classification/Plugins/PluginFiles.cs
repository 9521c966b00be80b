using System.Security.Cryptography;
using System.Text;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>A plugin's folder on disk: where its main assembly is and what its files hash to.</summary>
public static class PluginFiles
{
    /// <summary>The main assembly: named after the folder (<c>Rfm/Rfm.dll</c>).</summary>
    public static string MainAssembly(string folder) => Path.Combine(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + ".dll");

    /// <summary>SHA-256 (lower-case hex) over every file in the folder: relative path and content, in ordinal path
    /// order. Any changed, added or removed file changes it, so an approval covers exactly what was reviewed.</summary>
    public static string Hash(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                     .Select(f => (Full: f, Relative: Path.GetRelativePath(folder, f).Replace('\\', '/')))
                     .OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file.Relative + "\n"));
            sha.AppendData(File.ReadAllBytes(file.Full));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
