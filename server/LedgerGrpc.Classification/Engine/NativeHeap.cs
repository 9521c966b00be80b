using System.Runtime.InteropServices;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// Hands freed native memory back to the operating system. Bulk jobs give SQLite a 256 MiB page cache on a connection
/// they close afterwards; glibc keeps such freed blocks in its arenas, so the server's RSS stayed a few hundred MiB
/// above what it uses. Linux with glibc only; elsewhere (or with another libc) it does nothing.
/// </summary>
internal static class NativeHeap
{
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = malloc_trim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other libcs have no malloc_trim: nothing to give back this way.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole project for one call.
    private static extern int malloc_trim(nuint pad);
#pragma warning restore SYSLIB1054
}
